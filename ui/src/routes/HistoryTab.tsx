import { ErrorNotice } from '../components/ErrorNotice';
import { Skeleton } from '../components/Spinner';
import { useClearHistory } from '../hooks/useClearHistory';
import { useHistory } from '../hooks/useHistory';
import { formatDateTime, formatDuration } from '../lib/format';

type Props = { serverId: string; onReplay: (tool: string, args: Record<string, unknown>) => void };

export function HistoryTab({ serverId, onReplay }: Props) {
  const history = useHistory(serverId);
  const clear = useClearHistory(serverId);
  const entries = [...(history.data ?? [])].sort((a, b) => b.startedAt - a.startedAt);
  return (
    <div className="panel">
      <div className="toolbar">
        <span className="muted">{entries.length} calls</span>
        <span className="spacer" />
        <button type="button" className="btn" onClick={() => clear.mutate()} disabled={entries.length === 0 || clear.isPending}>
          Clear
        </button>
      </div>
      {history.isPending && <Skeleton lines={4} />}
      {history.error && <ErrorNotice error={history.error} />}
      {clear.error && <ErrorNotice error={clear.error} />}
      {history.data && entries.length === 0 && <p className="muted empty">No tool calls yet.</p>}
      <ol className="feed">
        {entries.map((h) => (
          <li key={h.id} className={h.isError ? 'feed-item history-item is-error' : 'feed-item history-item'}>
            <div className="history-main">
              <strong>{h.tool}</strong>
              {h.isError && <span className="badge badge-error">error</span>}
              <span className="muted">
                {formatDateTime(h.startedAt)} · {formatDuration(h.durationMs)}
              </span>
              <p className="history-summary">{h.summary}</p>
            </div>
            <button type="button" className="btn" onClick={() => onReplay(h.tool, h.arguments)}>
              Replay
            </button>
          </li>
        ))}
      </ol>
    </div>
  );
}
