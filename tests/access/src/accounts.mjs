// Users of the stand-in: anyone who types an email, as with Access's one-time PIN.
import { createHash } from 'node:crypto';

/**
 * A stable UUID-shaped subject for an email (Access uses a UUID per user).
 * @param {string} email
 */
export function subjectFor(email) {
  const hex = createHash('sha256').update(email.toLowerCase()).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/**
 * oidc-provider's findAccount result for a user. Only what Access documents per scope: `sub` (openid), `email`
 * (email), `name` (profile, and only when the identity provider has one: the one-time PIN has none), `groups`
 * (groups). oidc-provider keeps the claims of the scopes the login was granted.
 * @param {string} accountId the subject, from {@link subjectFor}
 * @param {string} email
 * @param {{ groups?: string[] | ((email: string) => string[]), names?: Record<string, string> }} app
 */
export function accountFor(accountId, email, app) {
  const groups = typeof app.groups === 'function' ? app.groups(email) : (app.groups ?? []);
  const name = app.names?.[email.toLowerCase()];
  return {
    accountId,
    claims: async () => ({
      sub: accountId,
      email,
      ...(name ? { name } : {}),
      groups,
    }),
  };
}
