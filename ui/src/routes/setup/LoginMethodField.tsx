import type { IdentityProviderInfo } from '../../bindings/ipc';

type Props = { providers: IdentityProviderInfo[]; addOneTimePin: boolean; onChange: (addOneTimePin: boolean) => void };

/** How people prove who they are to Access: the login methods the account has, or (when it has none) Cloudflare's
 * one-time PIN, which setup can add. */
export function LoginMethodField({ providers, addOneTimePin, onChange }: Props) {
  if (providers.length > 0) {
    return (
      <p data-testid="setup-login-methods">
        People log in with the account's login {providers.length === 1 ? 'method' : 'methods'}:{' '}
        {providers.map((p) => p.name).join(', ')}.
      </p>
    );
  }
  return (
    <div className="stack">
      <p className="muted">This account has no login method in Zero Trust yet, so nobody could log in.</p>
      <label className="toggle">
        <input type="checkbox" data-testid="setup-otp" checked={addOneTimePin} onChange={(e) => onChange(e.target.checked)} />
        Add Cloudflare's one-time PIN login (a code sent by email)
      </label>
      {!addOneTimePin && (
        <p className="field-error" role="status">
          Without a login method nobody can log in until you add one in the Zero Trust dashboard.
        </p>
      )}
    </div>
  );
}
