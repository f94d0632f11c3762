import type { Exchange, ExchangeOutcome } from '../bindings/ipc';
import { SessionErrorNotice } from '../components/SessionErrorNotice';
import { JsonDisclosure } from '../components/JsonView';
import { Skeleton } from '../components/Spinner';
import { useExchanges } from '../hooks/useExchanges';
import { formatDuration, formatTime } from '../lib/format';

function outcomeOf(x: Exchange): ExchangeOutcome {
  return x.outcome ?? (x.ok ? 'ok' : 'error');
}

/** What the row is about: the tool, prompt or resource a request names. */
export function exchangeSubject(x: Exchange): string | null {
  const request = x.request as { params?: { name?: unknown; uri?: unknown } } | null;
  const params = request?.params;
  if (typeof params?.name === 'string') return params.name;
  if (typeof params?.uri === 'string') return params.uri;
  return null;
}

const BADGE: Record<ExchangeOutcome, string> = { ok: 'badge badge-ok', error: 'badge badge-error', cancelled: 'badge badge-warn' };

/** Every request of the session and its answer, newest first, in full; new ones arrive as they happen. */
export function RawTab({ serverId }: { serverId: string }) {
  const exchanges = useExchanges(serverId, true);
  const rows = [...(exchanges.data ?? [])].reverse();
  return (
    <div className="panel">
      <div className="toolbar">
        <span className="muted">
          {rows.length} {rows.length === 1 ? 'exchange' : 'exchanges'} this session, newest first, updated as they happen
        </span>
      </div>
      {exchanges.isPending && <Skeleton lines={4} />}
      {exchanges.error && <SessionErrorNotice serverId={serverId} error={exchanges.error} />}
      <ol className="feed">
        {rows.map((x, i) => {
          const outcome = outcomeOf(x);
          const subject = exchangeSubject(x);
          return (
            <li key={`${x.startedAt}:${String(x.id ?? 'init')}:${rows.length - i}`} className="feed-item" data-testid="raw-row">
              <JsonDisclosure
                summary={
                  <>
                    <code>{x.method}</code>
                    {subject && <strong data-testid="raw-subject">{subject}</strong>}
                    <span className={BADGE[outcome]}>{outcome}</span>
                    {x.id !== undefined && x.id !== null && <span className="muted">id {String(x.id)}</span>}
                    <span className="muted">
                      {formatTime(x.startedAt)} · {formatDuration(x.durationMs)}
                    </span>
                  </>
                }
                value={{ request: x.request, response: x.response }}
              />
            </li>
          );
        })}
      </ol>
    </div>
  );
}
