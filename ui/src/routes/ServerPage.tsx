import { lazy, Suspense, useState } from 'react';
import type { ServerProfile } from '../bindings/ipc';
import { DeleteServerConfirm } from '../components/DeleteServerConfirm';
import { DiagnosePanel } from '../components/DiagnosePanel';
import { ErrorNotice } from '../components/ErrorNotice';
import { LoginPanel } from '../components/LoginPanel';
import { RootsCard } from '../components/RootsCard';
import { ServerInfoCard } from '../components/ServerInfoCard';
import { ProtocolPin } from '../components/ServerProtocolControls';
import { SessionActions } from '../components/SessionActions';
import { Skeleton } from '../components/Spinner';
import { useConnection } from '../hooks/useConnection';
import { useLoginState } from '../hooks/useLoginState';
import { ServerContentBoundary } from '../components/ServerContentBoundary';

/** Where a server is, as the user should judge it: its origin (scheme, host, port). */
function originOf(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return url;
  }
}

// The explorer (form library, markdown, virtual list) loads on first connect, keeping the app's start light.
const SessionTabs = lazy(() => import('./SessionTabs').then((m) => ({ default: m.SessionTabs })));

type Props = { profile: ServerProfile; onEdit: () => void; onDeleted: () => void };

export function ServerPage({ profile, onEdit, onDeleted }: Props) {
  const conn = useConnection(profile.id);
  const login = useLoginState(profile.id);
  // A login started elsewhere (after setup, from Deployments) shows its wait here before any connect.
  const loginElsewhere = !conn.outcome && !conn.connecting && !conn.error && login !== undefined;
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [diagnose, setDiagnose] = useState(false);
  const diagnoseButton = (
    <button type="button" className="btn btn-small" data-testid="diagnose" onClick={() => setDiagnose(true)}>
      Diagnose
    </button>
  );

  return (
    <div className="page server-page">
      <header className="page-header">
        {/* The user's name for the server and its origin come first; what the server says about itself is below. */}
        <div className="page-title">
          <h1 data-testid="server-title">{profile.name}</h1>
          <span className="server-origin" data-testid="server-origin">
            <code>{originOf(profile.url)}</code>
            <code className="muted">{profile.url.slice(originOf(profile.url).length)}</code>
          </span>
        </div>
        <div className="page-actions">
          <SessionActions serverId={profile.id} info={conn.info} connecting={conn.connecting} onConnect={() => void conn.connect()} />
          <button type="button" className="btn" data-testid="diagnose-open" onClick={() => setDiagnose(true)}>
            Diagnose
          </button>
          <button type="button" className="btn" onClick={onEdit}>
            Edit
          </button>
          <button type="button" className="btn btn-danger-ghost" data-testid="server-delete" onClick={() => setConfirmDelete(true)}>
            Delete…
          </button>
        </div>
      </header>

      {confirmDelete && <DeleteServerConfirm profile={profile} onDeleted={onDeleted} onKeep={() => setConfirmDelete(false)} />}
      {diagnose && <DiagnosePanel key={profile.id} serverId={profile.id} onClose={() => setDiagnose(false)} />}
      {conn.error && !conn.connecting && <ErrorNotice error={conn.error}>{diagnoseButton}</ErrorNotice>}
      {conn.error && !conn.connecting && profile.protocolVersion && (
        <ProtocolPin profile={profile} onPinned={() => void conn.connect()} />
      )}
      {!conn.outcome && !conn.connecting && !conn.error && !loginElsewhere && (
        <p className="muted empty">Not connected. Connect to see the server's tools, resources and prompts.</p>
      )}
      {conn.outcome?.status === 'login_required' && <LoginPanel serverId={profile.id} reason={conn.outcome.reason} diagnose={diagnoseButton} />}
      {loginElsewhere && <LoginPanel serverId={profile.id} reason={null} diagnose={diagnoseButton} />}
      {conn.info && (
        <>
          <ServerContentBoundary text={JSON.stringify(conn.info, null, 2)} resetKey={conn.info}>
            <ServerInfoCard info={conn.info} profile={profile} onPinned={() => void conn.connect()} />
          </ServerContentBoundary>
          <Suspense fallback={<Skeleton lines={6} />}>
            <SessionTabs serverId={profile.id} info={conn.info} />
          </Suspense>
        </>
      )}
      <RootsCard profile={profile} />
    </div>
  );
}
