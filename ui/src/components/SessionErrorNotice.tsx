import type { IpcError } from '../bindings/ipc';
import { useLogin } from '../hooks/useLogin';
import { useLoginState } from '../hooks/useLoginState';
import { ErrorNotice } from './ErrorNotice';

/** An error from a session request; when the server wants a (new) login, offers it in place, so the form and the
 * tab stay as they are. */
export function SessionErrorNotice({ serverId, error }: { serverId: string; error: IpcError }) {
  const login = useLogin(serverId);
  const state = useLoginState(serverId);
  const needsLogin = error.code === 'auth_required' || error.code === 'insufficient_scope';
  return (
    <ErrorNotice error={error}>
      {needsLogin &&
        (state?.waiting ? (
          <span className="muted" data-testid="login-waiting">
            Waiting for the browser… finish logging in there.{' '}
            <button type="button" className="btn btn-small" onClick={login.cancel}>
              Cancel
            </button>
          </span>
        ) : (
          <button type="button" className="btn btn-small btn-primary" onClick={login.start} disabled={login.starting}>
            Log in again
          </button>
        ))}
    </ErrorNotice>
  );
}
