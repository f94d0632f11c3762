import { JsonDisclosure } from '../components/JsonView';
import { useNotifications } from '../hooks/useNotifications';
import { clearNotifications, MAX_NOTIFICATIONS } from '../lib/appState';
import { formatTime } from '../lib/format';

/** One line of the params: a log message's `data` when it is text, else compact JSON. */
function preview(params: unknown): string {
  const data = typeof params === 'object' && params !== null ? (params as Record<string, unknown>).data : undefined;
  const text = typeof data === 'string' ? data : JSON.stringify(params ?? null);
  return text.length > 140 ? `${text.slice(0, 140)}…` : text;
}

export function NotificationsTab({ serverId }: { serverId: string }) {
  const list = useNotifications(serverId);
  return (
    <div className="panel">
      <div className="toolbar">
        <span className="muted">
          {list.length} notification{list.length === 1 ? '' : 's'} (newest first, last {MAX_NOTIFICATIONS} kept)
        </span>
        <span className="spacer" />
        <button type="button" className="btn" onClick={() => clearNotifications(serverId)} disabled={list.length === 0}>
          Clear
        </button>
      </div>
      {list.length === 0 && <p className="muted empty">Notifications from the server appear here as they arrive.</p>}
      <ol className="feed">
        {list.map((n) => (
          <li key={n.id} className="feed-item">
            <JsonDisclosure
              value={n.params}
              summary={
                <>
                  <span className="badge">{n.kind}</span>
                  {n.level && <span className={`badge level-${n.level}`}>{n.level}</span>}
                  <time dateTime={new Date(n.at).toISOString()} className="muted">
                    {formatTime(n.at)}
                  </time>
                  <span className="feed-preview">{preview(n.params)}</span>
                </>
              }
            />
          </li>
        ))}
      </ol>
    </div>
  );
}
