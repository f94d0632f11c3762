import type { IpcError } from '../bindings/ipc';
import { useLogin } from '../hooks/useLogin';
import { useLoginState } from '../hooks/useLoginState';
import { CopyButton } from './CopyButton';
import { ErrorNotice } from './ErrorNotice';
import { Spinner } from './Spinner';

/** The login address, to open in a browser by hand: shown in full when no browser opened, behind a button otherwise. */
function LoginAddress({ url, browserError }: { url: string; browserError: IpcError | null }) {
  if (!browserError) {
    return (
      <p className="muted copy-address">
        Browser didn't open? <CopyButton text={url} label="Copy the login address" testId="copy-login-address" />
      </p>
    );
  }
  return (
    <ErrorNotice error={browserError} testId="login-browser-error">
      <code className="login-address" data-testid="login-address">
        {url}
      </code>
      <CopyButton text={url} label="Copy the login address" testId="copy-login-address" />
    </ErrorNotice>
  );
}

/** Shown when the server wants a login: the reason, the Log in button, and the wait for the browser. */
/** `reason` is what the server said when it asked for a login; `null` when the login was started before connecting. */
/** `diagnose` opens the connection doctor, offered when the login failed. */
export function LoginPanel({ serverId, reason, diagnose }: { serverId: string; reason: IpcError | null; diagnose?: React.ReactNode }) {
  const login = useLogin(serverId);
  const state = useLoginState(serverId);
  if (state?.waiting) {
    return (
      <div className="card stack" data-testid="login-waiting" role="status">
        <div className="login-waiting">
          <Spinner label="Waiting for the browser" />
          <div>
            <strong>Waiting for the browser… finish logging in there.</strong>
            <p className="muted">The app continues by itself when the browser hands the login back.</p>
            <p className="muted" data-testid="login-refused-hint">
              Does the browser say your account does not have access? Then the organisation's Access policy refused
              this account: cancel, and log in with an account it allows or ask whoever manages this server to add you.
            </p>
          </div>
          <button type="button" className="btn" data-testid="login-cancel" onClick={login.cancel} disabled={login.cancelling}>
            Cancel
          </button>
        </div>
        {state.authorizationUrl && <LoginAddress url={state.authorizationUrl} browserError={state.browserError} />}
      </div>
    );
  }
  return (
    <div className="card stack">
      {reason && <ErrorNotice error={reason} title="This server needs you to log in" testId="login-reason" />}
      {state?.error && <ErrorNotice error={state.error}>{diagnose}</ErrorNotice>}
      <div>
        <button type="button" className="btn btn-primary" data-testid="login" onClick={login.start} disabled={login.starting}>
          Log in
        </button>
      </div>
    </div>
  );
}
