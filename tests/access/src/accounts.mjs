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

/** @param {string} email */
export function displayNameFor(email) {
  const local = email.split('@')[0] ?? email;
  return local
    .split(/[._-]+/)
    .filter(Boolean)
    .map((part) => part[0].toUpperCase() + part.slice(1))
    .join(' ');
}

/**
 * oidc-provider's findAccount result for a user.
 * @param {string} accountId the subject, from {@link subjectFor}
 * @param {string} email
 * @param {{ groups?: string[] | ((email: string) => string[]) }} app
 */
export function accountFor(accountId, email, app) {
  const groups = typeof app.groups === 'function' ? app.groups(email) : (app.groups ?? []);
  return {
    accountId,
    claims: async () => ({
      sub: accountId,
      email,
      email_verified: true,
      name: displayNameFor(email),
      groups,
    }),
  };
}
