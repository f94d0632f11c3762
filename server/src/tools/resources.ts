// Resources: a static document, the user's identity, and a template.
import { ResourceTemplate } from '@modelcontextprotocol/sdk/server/mcp.js';

import type { ToolContext } from './context';

const ABOUT = `# Gatehouse MCP server

A remote MCP server on Cloudflare Workers. MCP clients sign in through this server's OAuth 2.1 endpoints,
which delegate the login to Cloudflare Access for SaaS (OIDC). Tools: whoami, add, statistics, countdown,
badge, schedule_meeting.
`;

function isPrime(n: number): boolean {
  if (n < 2 || !Number.isInteger(n)) return false;
  for (let i = 2; i * i <= n; i += 1) if (n % i === 0) return false;
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
    new ResourceTemplate('gatehouse://numbers/{n}', { list: undefined }),
    { title: 'Facts about a number', description: 'Parity, primality and square of an integer', mimeType: 'application/json' },
    async (uri, variables) => {
      const raw = Array.isArray(variables.n) ? variables.n[0] : variables.n;
      const n = Number(raw);
      const facts = Number.isSafeInteger(n) ? { n, even: n % 2 === 0, prime: isPrime(n), square: n * n } : { error: 'not an integer' };
      return { contents: [{ uri: uri.href, mimeType: 'application/json', text: JSON.stringify(facts) }] };
    },
  );
}
