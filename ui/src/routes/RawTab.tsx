import { SessionErrorNotice } from '../components/SessionErrorNotice';
import { JsonDisclosure } from '../components/JsonView';
import { Skeleton } from '../components/Spinner';
import { useExchanges } from '../hooks/useExchanges';
import { formatDuration, formatTime } from '../lib/format';

export function RawTab({ serverId }: { serverId: string }) {
  const exchanges = useExchanges(serverId, true);
  return (
    <div className="panel">
      <div className="toolbar">
        <span className="muted">{exchanges.data?.length ?? 0} exchanges this session</span>
        <span className="spacer" />
        <button type="button" className="btn" onClick={() => void exchanges.refetch()} disabled={exchanges.isFetching}>
          Refresh
        </button>
      </div>
      {exchanges.isPending && <Skeleton lines={4} />}
      {exchanges.error && <SessionErrorNotice serverId={serverId} error={exchanges.error} />}
      <ol className="feed">
        {exchanges.data?.map((x, i) => (
          <li key={`${x.startedAt}:${i}`} className="feed-item">
            <JsonDisclosure
              summary={
                <>
                  <code>{x.method}</code>
                  <span className={x.ok ? 'badge badge-ok' : 'badge badge-error'}>{x.ok ? 'ok' : 'error'}</span>
                  <span className="muted">
                    {formatTime(x.startedAt)} · {formatDuration(x.durationMs)}
                  </span>
                </>
              }
              value={{ request: x.request, response: x.response }}
            />
          </li>
        ))}
      </ol>
    </div>
  );
}
