import type { AccessSetup, SetupInput } from '../bindings/ipc';

/** The deployment name is also the Worker's script name and a DNS label. */
export const NAME_PATTERN = /^[a-z0-9][a-z0-9-]{0,62}$/;
export const DEFAULT_NAME = 'gatehouse-mcp';

const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@.]+$/;
const DOMAIN_PATTERN = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

export function nameError(name: string): string | undefined {
  if (!name) return 'Give the deployment a name.';
  if (!NAME_PATTERN.test(name)) {
    return 'Use 1–63 lowercase letters, digits and hyphens, starting with a letter or digit.';
  }
  return undefined;
}

/** The address as it will be sent (trimmed, lowercase). */
export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

export function emailError(email: string, existing: readonly string[]): string | undefined {
  const e = normaliseEmail(email);
  if (!e) return 'Type an email address.';
  if (!EMAIL_PATTERN.test(e)) return `${e} is not an email address.`;
  if (existing.includes(e)) return `${e} is already in the list.`;
  return undefined;
}

/** The domain as it will be sent: trimmed, lowercase, without a leading `@`. */
export function normaliseDomain(domain: string): string {
  return domain.trim().toLowerCase().replace(/^@/, '');
}

export function domainError(domain: string): string | undefined {
  const d = normaliseDomain(domain);
  if (!d) return 'Type an email domain, e.g. example.com.';
  if (!DOMAIN_PATTERN.test(d)) return `${d} is not a domain name.`;
  return undefined;
}

export type AllowedKind = 'emails' | 'domain' | 'existing_policy';

/** The wizard's choices that become a `SetupInput`; nothing secret lives here. */
export type AccessChoices = {
  name: string;
  allowedKind: AllowedKind;
  emails: string[];
  domain: string;
  policyId: string;
  refreshTokens: boolean;
  addOneTimePin: boolean;
};

export type AccessField = 'name' | 'emails' | 'domain' | 'policyId';

/** What keeps the "who may use it" step from going on, by field. */
export function accessErrors(c: AccessChoices): Partial<Record<AccessField, string>> {
  const errors: Partial<Record<AccessField, string>> = {};
  const n = nameError(c.name);
  if (n) errors.name = n;
  if (c.allowedKind === 'emails' && c.emails.length === 0) errors.emails = 'Add at least one email address.';
  if (c.allowedKind === 'domain') {
    const d = domainError(c.domain);
    if (d) errors.domain = d;
  }
  if (c.allowedKind === 'existing_policy' && !c.policyId) errors.policyId = 'Choose a policy.';
  return errors;
}

/** The manual path's pasted values; the secret is held by the wizard only, never in a store. */
export type ManualValues = { clientId: string; clientSecret: string; discoveryUrl: string };

export type ManualField = 'clientId' | 'clientSecret' | 'discoveryUrl';

export function manualErrors(v: ManualValues): Partial<Record<ManualField, string>> {
  const errors: Partial<Record<ManualField, string>> = {};
  if (!v.clientId.trim()) errors.clientId = 'Paste the Client ID.';
  if (!v.clientSecret) errors.clientSecret = 'Paste the Client secret.';
  const url = v.discoveryUrl.trim();
  if (!url) errors.discoveryUrl = 'Paste the Configuration endpoint.';
  else if (!isHttpUrl(url)) errors.discoveryUrl = 'Paste the whole https:// address.';
  return errors;
}

function isHttpUrl(value: string): boolean {
  try {
    const u = new URL(value);
    return u.protocol === 'https:' || u.protocol === 'http:';
  } catch {
    return false;
  }
}

/** The values sent for the manual path (trimmed; the secret as pasted). */
export function manualAccess(v: ManualValues) {
  return { clientId: v.clientId.trim(), clientSecret: v.clientSecret, discoveryUrl: v.discoveryUrl.trim() };
}

export function buildAccess(mode: 'automatic' | 'manual', c: AccessChoices, manual: ManualValues): AccessSetup {
  if (mode === 'manual') return { mode: 'manual', ...manualAccess(manual) };
  const allowed =
    c.allowedKind === 'emails'
      ? { kind: 'emails' as const, emails: c.emails }
      : c.allowedKind === 'domain'
        ? { kind: 'domain' as const, domain: normaliseDomain(c.domain) }
        : { kind: 'existing_policy' as const, policyId: c.policyId };
  return { mode: 'automatic', allowed, refreshTokens: c.refreshTokens, addOneTimePin: c.addOneTimePin };
}

export function buildSetupInput(
  mode: 'automatic' | 'manual',
  accountId: string,
  c: AccessChoices,
  manual: ManualValues,
): SetupInput {
  return { name: c.name, accountId, access: buildAccess(mode, c, manual) };
}
