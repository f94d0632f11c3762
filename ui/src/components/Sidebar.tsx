import type { ServerProfile } from '../bindings/ipc';
import { useAppInfo } from '../hooks/useAppInfo';
import { useServers } from '../hooks/useServers';
import { ErrorNotice } from './ErrorNotice';
import { Skeleton } from './Spinner';
import { ConnectionDot } from './ConnectionDot';

type Props = { selectedId: string | null; onSelect: (p: ServerProfile) => void; onAdd: () => void };

export function Sidebar({ selectedId, onSelect, onAdd }: Props) {
  const servers = useServers();
  const app = useAppInfo();
  return (
    <nav className="sidebar" aria-label="Servers">
      <div className="sidebar-header">
        <span className="brand">Gatehouse</span>
        <button type="button" className="btn btn-small" data-testid="add-server" onClick={onAdd}>
          + Add server
        </button>
      </div>
      {servers.isPending && <Skeleton lines={3} />}
      {servers.error && <ErrorNotice error={servers.error} />}
      {servers.data?.length === 0 && <p className="muted sidebar-empty">No servers yet. Add one to start exploring.</p>}
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
        <p className="sidebar-footer muted" title={`Login redirect: ${app.data.redirectUri}`}>
          Gatehouse {app.data.version}
        </p>
      )}
    </nav>
  );
}
