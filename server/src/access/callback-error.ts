// Access's OAuth error redirects to /callback (RFC 6749 §4.1.2.1), read defensively and put in words for the user.
// Access may send one with no `state` (then the login cannot be resumed, and the Worker shows its own page) or with
// it (then the MCP client is told, as OAuth expects).

export type AccessCallbackError = {
  /** Access's `error` code, printable ASCII only, at most 64 characters. */
  readonly error: string;
  /** Access's `error_description`, printable ASCII only, at most 300 characters (may be empty). */
  readonly description: string;
};

const printable = (value: string, max: number): string => value.replace(/[^\x20-\x7e]/g, '').slice(0, max);

/** The error Access reported on this callback URL, or null when it carries none. */
export function accessErrorOf(url: URL): AccessCallbackError | null {
  const error = url.searchParams.get('error');
  if (error === null) return null;
  return {
    error: printable(error, 64) || 'unknown_error',
    description: printable(url.searchParams.get('error_description') ?? '', 300),
  };
}

/** What happened and what to do, for the user, by Access's error code. */
export function accessErrorAdvice(error: string): string {
  switch (error) {
    case 'access_denied':
      return "Cloudflare Access did not let you in: the account you signed in with is not in this server's Access policy. Ask whoever manages this server to add you, then start signing in again from your app.";
    case 'invalid_scope':
      return "Cloudflare Access refused the details this server asks for (openid, email, profile and groups). The server's Access application must allow those scopes: ask whoever manages this server to run setup again or add them to the application in the Zero Trust dashboard.";
    case 'server_error':
    case 'temporarily_unavailable':
      return 'Cloudflare Access had a problem and stopped the sign-in. Wait a moment, then start signing in again from your app.';
    default:
      return 'Cloudflare Access stopped the sign-in with an error. Start signing in again from your app; if it happens again, ask whoever manages this server to check its Access application.';
  }
}

/** The `error_description` the MCP client gets when Access's error came back with our state. */
export function describeForClient(reported: AccessCallbackError): string {
  switch (reported.error) {
    case 'access_denied':
      return 'Cloudflare Access did not authorize this user: ask whoever manages this server to add you to its Access policy';
    case 'invalid_scope':
      return "Cloudflare Access refused this server's scopes (openid email profile groups): its Access application must allow them";
    default:
      return `Cloudflare Access stopped the sign-in (${reported.error})`;
  }
}
