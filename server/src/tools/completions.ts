// Suggestions for completion/complete: the explain_access prompt's arguments and the number-facts template's {n}.
import { isPrime } from './resources';

export const AUDIENCES = ['new engineer', 'auditor', 'security reviewer', 'manager', 'support engineer'] as const;
export const DETAILS = ['brief', 'thorough'] as const;

function startingWith(values: readonly string[], typed: string): string[] {
  const prefix = typed.trim().toLowerCase();
  return values.filter((v) => v.toLowerCase().startsWith(prefix));
}

export function completeAudience(typed: string): string[] {
  return startingWith(AUDIENCES, typed);
}

/** How much detail, with the audience already chosen as context: auditors and reviewers get `thorough` first. */
export function completeDetail(typed: string, context?: { arguments?: Record<string, string> }): string[] {
  const audience = context?.arguments?.audience?.toLowerCase() ?? '';
  const order = audience === 'auditor' || audience === 'security reviewer' ? ['thorough', 'brief'] : [...DETAILS];
  return startingWith(order, typed);
}

/** Primes whose digits start with what was typed (at most 10), for gatehouse://numbers/{n}. */
export function completeNumber(typed: string): string[] {
  const prefix = typed.trim();
  if (!/^\d{0,6}$/.test(prefix)) return [];
  const found: string[] = [];
  for (let n = 2; n < 100_000 && found.length < 10; n += 1) {
    const text = String(n);
    if (text.startsWith(prefix) && isPrime(n)) found.push(text);
  }
  return found;
}
