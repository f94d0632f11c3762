import { useMemo, useState } from 'react';
import type { Exchange, RawDirection, RawKind, RawMessage } from '../bindings/ipc';
import { ExchangeRow, MessageRow } from '../components/RawRows';
import { SessionErrorNotice } from '../components/SessionErrorNotice';
import { Skeleton } from '../components/Spinner';
import { useExchanges } from '../hooks/useExchanges';
import { useRawMessages } from '../hooks/useRawMessages';
import { EXCHANGES_KEPT } from '../lib/rawLog';
import './RawTab.css';

type Row =
  | { type: 'exchange'; key: string; at: number; order: number; exchange: Exchange }
  | { type: 'message'; key: string; at: number; order: number; message: RawMessage };

type DirectionFilter = 'all' | RawDirection;
type KindFilter = 'all' | RawKind;

function rowDirection(row: Row): RawDirection {
  return row.type === 'exchange' ? 'client_to_server' : row.message.direction;
}

function rowKind(row: Row): RawKind {
  return row.type === 'exchange' ? 'request' : row.message.kind;
}

/** Every message of the session in full (previews of very large ones, whole on demand), newest first, as it
 * happens: the client's requests with their answers, and what the server sent on its own (notifications, and
 * requests with the answer Gatehouse gave), with Gatehouse's own notifications. Filtered by direction and kind. */
export function RawTab({ serverId }: { serverId: string }) {
  const exchanges = useExchanges(serverId, true);
  const messages = useRawMessages(serverId);
  const [direction, setDirection] = useState<DirectionFilter>('all');
  const [kind, setKind] = useState<KindFilter>('all');

  const rows = useMemo(() => {
    const all: Row[] = [
      ...(exchanges.data ?? []).map((exchange, i): Row => ({ type: 'exchange', key: `x:${i}:${exchange.startedAt}:${String(exchange.id ?? 'none')}`, at: exchange.startedAt, order: i, exchange })),
      ...(messages.data?.messages ?? []).map((message): Row => ({ type: 'message', key: `m:${message.seq}`, at: message.at, order: message.seq, message })),
    ];
    // Newest first; rows of the same millisecond keep their order within their log.
    return all.sort((a, b) => b.at - a.at || (a.type === b.type ? b.order - a.order : a.type === 'message' ? -1 : 1));
  }, [exchanges.data, messages.data]);

  const shown = rows.filter((row) => (direction === 'all' || rowDirection(row) === direction) && (kind === 'all' || rowKind(row) === kind));
  const exchangeList = exchanges.data ?? [];
  const exchangesDropped = exchangeList.length >= EXCHANGES_KEPT || (exchangeList.length > 0 && exchangeList[0]?.method !== 'initialize');
  const messagesDropped = messages.data?.dropped ?? 0;

  return (
    <div className="panel">
      <div className="toolbar raw-toolbar">
        <label className="raw-filter">
          From
          <select value={direction} onChange={(e) => setDirection(e.target.value as DirectionFilter)} aria-label="Direction">
            <option value="all">both sides</option>
            <option value="client_to_server">Gatehouse (to the server)</option>
            <option value="server_to_client">the server (to Gatehouse)</option>
          </select>
        </label>
        <label className="raw-filter">
          Kind
          <select value={kind} onChange={(e) => setKind(e.target.value as KindFilter)} aria-label="Kind">
            <option value="all">requests and notifications</option>
            <option value="request">requests</option>
            <option value="notification">notifications</option>
          </select>
        </label>
        <span className="muted" data-testid="raw-count">
          {shown.length === rows.length ? `${rows.length} ${rows.length === 1 ? 'message' : 'messages'}` : `${shown.length} of ${rows.length} messages`} this
          session, newest first, updated as they happen
        </span>
      </div>
      {(exchangesDropped || messagesDropped > 0) && (
        <p className="notice notice-info raw-dropped" role="note" data-testid="raw-dropped">
          Older messages were dropped to keep the log small.
          {exchangesDropped && ` Gatehouse keeps its last ${EXCHANGES_KEPT} requests (and at most 8 MB of them).`}
          {messagesDropped > 0 &&
            ` ${messagesDropped} older ${messagesDropped === 1 ? 'message' : 'messages'} from the server and Gatehouse's notifications were dropped; the last ${messages.data?.keptAtMost ?? 0} are kept.`}
        </p>
      )}
      {(exchanges.isPending || messages.isPending) && <Skeleton lines={4} />}
      {exchanges.error && <SessionErrorNotice serverId={serverId} error={exchanges.error} />}
      {!exchanges.error && messages.error && <SessionErrorNotice serverId={serverId} error={messages.error} />}
      <ol className="feed">
        {shown.map((row) => (
          <li key={row.key} className="feed-item" data-testid="raw-row" data-direction={rowDirection(row)} data-kind={rowKind(row)}>
            {row.type === 'exchange' ? <ExchangeRow serverId={serverId} exchange={row.exchange} /> : <MessageRow serverId={serverId} message={row.message} />}
          </li>
        ))}
      </ol>
    </div>
  );
}
