// Resources: a static document, the user's identity, and a template.
import { ResourceTemplate } from '@modelcontextprotocol/sdk/server/mcp.js';

import { completeNumber } from './completions';
import type { ToolContext } from './context';

const ABOUT = `# Gatehouse MCP server

A remote MCP server on Cloudflare Workers. MCP clients sign in through this server's OAuth 2.1 endpoints,
which delegate the login to Cloudflare Access for SaaS (OIDC). Tools: whoami, add, statistics, countdown,
badge, schedule_meeting.
`;

function powMod(base: bigint, exponent: bigint, modulus: bigint): bigint {
  let result = 1n;
  let b = base % modulus;
  let e = exponent;
  while (e > 0n) {
    if (e & 1n) result = (result * b) % modulus;
    b = (b * b) % modulus;
    e >>= 1n;
  }
  return result;
}

/** The first 12 primes as witnesses make Miller–Rabin exact for every n below 3.3 × 10^24, so for all safe integers. */
const WITNESSES = [2n, 3n, 5n, 7n, 11n, 13n, 17n, 19n, 23n, 29n, 31n, 37n];

/**
 * Deterministic Miller–Rabin: about 12 × 53 modular squarings whatever n is (trial division took up to 9.5 × 10^7
 * divisions, over a second of CPU, for a large prime).
 */
export function isPrime(n: number): boolean {
  if (!Number.isSafeInteger(n) || n < 2) return false;
  const big = BigInt(n);
  for (const p of WITNESSES) if (big % p === 0n) return big === p;
  let d = big - 1n;
  let r = 0;
  while ((d & 1n) === 0n) {
    d >>= 1n;
    r += 1;
  }
  witness: for (const a of WITNESSES) {
    let x = powMod(a, d, big);
    if (x === 1n || x === big - 1n) continue;
    for (let i = 1; i < r; i += 1) {
      x = (x * x) % big;
      if (x === big - 1n) continue witness;
    }
    return false;
  }
  return true;
}

export function registerResources({ server, user }: ToolContext): void {
  server.registerResource(
    'about',
    'gatehouse://about',
    { title: 'About this server', description: 'What this server is and what it offers', mimeType: 'text/markdown' },
    async (uri) => ({ contents: [{ uri: uri.href, mimeType: 'text/markdown', text: ABOUT }] }),
  );

  server.registerResource(
    'me',
    'gatehouse://me',
    { title: 'Your Access identity', description: 'The claims Cloudflare Access verified for you', mimeType: 'application/json' },
    async (uri) => ({ contents: [{ uri: uri.href, mimeType: 'application/json', text: JSON.stringify(user()) }] }),
  );

  server.registerResource(
    'number-facts',
    new ResourceTemplate('gatehouse://numbers/{n}', { list: undefined, complete: { n: completeNumber } }),
    { title: 'Facts about a number', description: 'Parity, primality and square of an integer', mimeType: 'application/json' },
    async (uri, variables) => {
      const raw = Array.isArray(variables.n) ? variables.n[0] : variables.n;
      // A safe integer has at most 17 characters (with a sign); longer input is not parsed at all.
      const n = typeof raw === 'string' && raw.length <= 17 ? Number(raw) : Number.NaN;
      const facts = Number.isSafeInteger(n) ? { n, even: n % 2 === 0, prime: isPrime(n), square: n * n } : { error: 'not an integer' };
      return { contents: [{ uri: uri.href, mimeType: 'application/json', text: JSON.stringify(facts) }] };
    },
  );
}
