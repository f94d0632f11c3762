import type { ServerProfile } from '../bindings/ipc';
import { useAppInfo } from '../hooks/useAppInfo';
import { useServers } from '../hooks/useServers';
import { ErrorNotice } from './ErrorNotice';
import { Skeleton } from './Spinner';
import { ConnectionDot } from './ConnectionDot';
import './Sidebar.css';

/** Where the main area is, so the sidebar can mark it. */
export type SidebarPlace = { kind: 'server'; id: string } | { kind: 'setup' } | { kind: 'deployments' } | { kind: 'other' };

type Props = {
  place: SidebarPlace;
  onSelect: (p: ServerProfile) => void;
  onAdd: () => void;
  onSetup: () => void;
  onDeployments: () => void;
};

export function Sidebar({ place, onSelect, onAdd, onSetup, onDeployments }: Props) {
  const servers = useServers();
  const app = useAppInfo();
  const selectedId = place.kind === 'server' ? place.id : null;
  return (
    <nav className="sidebar" aria-label="Servers">
      <div className="sidebar-header">
        <span className="brand">Gatehouse</span>
        <button type="button" className="btn btn-small" data-testid="add-server" onClick={onAdd}>
          + Add server
        </button>
      </div>
      <ul className="plain-list sidebar-nav">
        <li>
          <button
            type="button"
            data-testid="setup-server"
            className={place.kind === 'setup' ? 'nav-item selected' : 'nav-item'}
            aria-current={place.kind === 'setup' ? 'page' : undefined}
            onClick={onSetup}
          >
            Set up a server
          </button>
        </li>
        <li>
          <button
            type="button"
            data-testid="nav-deployments"
            className={place.kind === 'deployments' ? 'nav-item selected' : 'nav-item'}
            aria-current={place.kind === 'deployments' ? 'page' : undefined}
            onClick={onDeployments}
          >
            Deployments
          </button>
        </li>
      </ul>
      {servers.isPending && <Skeleton lines={3} />}
      {servers.error && <ErrorNotice error={servers.error} />}
      {servers.data?.length === 0 && <p className="muted sidebar-empty">No servers yet. Set one up, or add one to start exploring.</p>}
      <ul className="plain-list sidebar-list">
        {servers.data?.map((s) => (
          <li key={s.id}>
            <button
              type="button"
              data-testid={`server-item-${s.name}`}
              className={s.id === selectedId ? 'list-item selected' : 'list-item'}
              aria-current={s.id === selectedId ? 'page' : undefined}
              onClick={() => onSelect(s)}
            >
              <span className="list-item-title">
                <ConnectionDot serverId={s.id} /> {s.name}
              </span>
              <span className="list-item-sub">{s.url}</span>
            </button>
          </li>
        ))}
      </ul>
      {app.data && (
        <p className="sidebar-footer muted" data-testid="app-version" title={`Login redirect: ${app.data.redirectUri}`}>
          Gatehouse {app.data.version}
        </p>
      )}
    </nav>
  );
}
