import { lazy, Suspense, useState } from 'react';
import type { ServerProfile } from '../bindings/ipc';
import { ErrorNotice } from '../components/ErrorNotice';
import { LoginPanel } from '../components/LoginPanel';
import { ServerInfoCard } from '../components/ServerInfoCard';
import { Skeleton, Spinner } from '../components/Spinner';
import { useConnection } from '../hooks/useConnection';
import { useDeleteServer } from '../hooks/useDeleteServer';
import { useDisconnect } from '../hooks/useDisconnect';
import { useLogout } from '../hooks/useLogout';

// The explorer (form library, markdown, virtual list) loads on first connect, keeping the app's start light.
const SessionTabs = lazy(() => import('./SessionTabs').then((m) => ({ default: m.SessionTabs })));

type Props = { profile: ServerProfile; onEdit: () => void; onDeleted: () => void };

export function ServerPage({ profile, onEdit, onDeleted }: Props) {
  const conn = useConnection(profile.id);
  const disconnect = useDisconnect(profile.id);
  const logout = useLogout(profile.id);
  const del = useDeleteServer();
  const [confirmDelete, setConfirmDelete] = useState(false);
  const connected = conn.info !== null;

  return (
    <div className="page server-page">
      <header className="page-header">
        <div className="page-title">
          <h1>{profile.name}</h1>
          <code className="muted">{profile.url}</code>
        </div>
        <div className="page-actions">
          {conn.connecting && <Spinner label="Connecting" />}
          {connected ? (
            <>
              {conn.info?.authenticated && (
                <button type="button" className="btn" data-testid="logout" onClick={() => logout.mutate()} disabled={logout.isPending}>
                  Log out
                </button>
              )}
              <button type="button" className="btn" data-testid="disconnect" onClick={() => disconnect.mutate()} disabled={disconnect.isPending}>
                Disconnect
              </button>
            </>
          ) : (
            <button type="button" className="btn btn-primary" data-testid="connect" onClick={() => void conn.connect()} disabled={conn.connecting}>
              {conn.connecting ? 'Connecting…' : 'Connect'}
            </button>
          )}
          <button type="button" className="btn" onClick={onEdit}>
            Edit
          </button>
          <button type="button" className="btn btn-danger-ghost" data-testid="server-delete" onClick={() => setConfirmDelete(true)}>
            Delete…
          </button>
        </div>
      </header>

      {confirmDelete && (
        <div
          className="notice notice-warn"
          role="alertdialog"
          aria-label="Confirm delete"
          onKeyDown={(e) => {
            if (e.key === 'Escape') setConfirmDelete(false);
          }}
        >
          <div className="notice-body">
            <strong>Delete {profile.name}?</strong>
            <p>This forgets the server, its history and its stored credentials.</p>
          </div>
          <button
            type="button"
            className="btn btn-danger"
            data-testid="confirm-delete"
            autoFocus
            disabled={del.isPending}
            onClick={() => del.mutate(profile.id, { onSuccess: onDeleted })}
          >
            Delete
          </button>
          <button type="button" className="btn" onClick={() => setConfirmDelete(false)}>
            Keep
          </button>
        </div>
      )}
      {del.error && <ErrorNotice error={del.error} />}
      {logout.error && <ErrorNotice error={logout.error} />}
      {disconnect.error && <ErrorNotice error={disconnect.error} />}
      {conn.error && !conn.connecting && <ErrorNotice error={conn.error} />}

      {!conn.outcome && !conn.connecting && !conn.error && (
        <p className="muted empty">Not connected. Connect to see the server's tools, resources and prompts.</p>
      )}
      {conn.outcome?.status === 'login_required' && <LoginPanel serverId={profile.id} reason={conn.outcome.reason} />}
      {conn.info && (
        <>
          <ServerInfoCard info={conn.info} />
          <Suspense fallback={<Skeleton lines={6} />}>
            <SessionTabs serverId={profile.id} info={conn.info} />
          </Suspense>
        </>
      )}
    </div>
  );
}
