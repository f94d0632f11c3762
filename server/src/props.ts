// What a successful login stores in the grant (encrypted by workers-oauth-provider) and hands to the MCP agent.

/** The user, from the verified Access id_token. */
export type AccessProps = {
  /** Access's subject for the user (a UUID). */
  sub: string;
  email: string;
  name: string | null;
  groups: string[];
};

/** Narrows unknown props (from the DO's storage or ctx.props) to AccessProps. */
export function isAccessProps(value: unknown): value is AccessProps {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    typeof v.sub === 'string' &&
    typeof v.email === 'string' &&
    (v.name === null || typeof v.name === 'string') &&
    Array.isArray(v.groups) &&
    v.groups.every((g) => typeof g === 'string')
  );
}
