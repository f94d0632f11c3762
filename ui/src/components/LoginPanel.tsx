import { useState } from 'react';
import type { IpcError } from '../bindings/ipc';
import { useLogin } from '../hooks/useLogin';
import { useLoginState } from '../hooks/useLoginState';
import { ErrorNotice } from './ErrorNotice';
import { Spinner } from './Spinner';

/** For when the browser did not open: the login address, to copy into one by hand. */
function CopyAddress({ url }: { url: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <p className="muted copy-address">
      Browser didn't open?{' '}
      <button
        type="button"
        className="btn btn-small"
        onClick={() =>
          void navigator.clipboard
            .writeText(url)
            .then(() => setCopied(true))
            .catch(() => setCopied(false))
        }
      >
        {copied ? 'Copied' : 'Copy the login address'}
      </button>
    </p>
  );
}

/** Shown when the server wants a login: the reason, the Log in button, and the wait for the browser. */
/** `reason` is what the server said when it asked for a login; `null` when the login was started before connecting. */
export function LoginPanel({ serverId, reason }: { serverId: string; reason: IpcError | null }) {
  const login = useLogin(serverId);
  const state = useLoginState(serverId);
  if (state?.waiting) {
    return (
      <div className="card login-waiting" data-testid="login-waiting" role="status">
        <Spinner label="Waiting for the browser" />
        <div>
          <strong>Waiting for the browser… finish logging in there.</strong>
          <p className="muted">The app continues by itself when the browser hands the login back.</p>
          {state.authorizationUrl && <CopyAddress url={state.authorizationUrl} />}
        </div>
        <button type="button" className="btn" onClick={login.cancel}>
          Cancel
        </button>
      </div>
    );
  }
  return (
    <div className="card stack">
      {reason && <ErrorNotice error={reason} title="This server needs you to log in" testId="login-reason" />}
      {state?.error && <ErrorNotice error={state.error} />}
      <div>
        <button type="button" className="btn btn-primary" data-testid="login" onClick={login.start} disabled={login.starting}>
          Log in
        </button>
      </div>
    </div>
  );
}
