import type { ServerInfo } from '../bindings/ipc';
import { useDisconnect } from '../hooks/useDisconnect';
import { useLogout } from '../hooks/useLogout';
import { Spinner } from './Spinner';

type Props = {
  serverId: string;
  info: ServerInfo | null;
  connecting: boolean;
  onConnect: () => void;
};

/** Connect, or (when connected) Log out and Disconnect. Their failures surface as toasts (see the hooks). */
export function SessionActions({ serverId, info, connecting, onConnect }: Props) {
  const disconnect = useDisconnect(serverId);
  const logout = useLogout(serverId);
  return (
    <>
      {connecting && <Spinner label="Connecting" />}
      {info ? (
        <>
          {info.authenticated && (
            <button type="button" className="btn" data-testid="logout" onClick={() => logout.mutate()} disabled={logout.isPending}>
              Log out
            </button>
          )}
          <button type="button" className="btn" data-testid="disconnect" onClick={() => disconnect.mutate()} disabled={disconnect.isPending}>
            Disconnect
          </button>
        </>
      ) : (
        <button type="button" className="btn btn-primary" data-testid="connect" onClick={onConnect} disabled={connecting}>
          {connecting ? 'Connecting…' : 'Connect'}
        </button>
      )}
    </>
  );
}
