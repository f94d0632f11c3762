import { useState } from 'react';
import type { Exchange, ExchangeOutcome, RawDirection, RawMessage } from '../bindings/ipc';
import { formatDuration, formatTime } from '../lib/format';
import { asPreview } from '../lib/rawLog';
import { JsonView } from './JsonView';
import { RawFullMessage } from './RawFullMessage';

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

const DIRECTION: Record<RawDirection, { arrow: string; words: string }> = {
  client_to_server: { arrow: '→', words: 'Gatehouse to the server' },
  server_to_client: { arrow: '←', words: 'the server to Gatehouse' },
};

function Direction({ direction }: { direction: RawDirection }) {
  const { arrow, words } = DIRECTION[direction];
  return (
    <span className="raw-direction" title={`From ${words}`} aria-label={`from ${words}`} data-testid="raw-direction">
      {arrow}
    </span>
  );
}

/** A folded row whose body (JSON, possibly megabytes of preview) is only rendered while open. */
function Fold({ summary, children }: { summary: React.ReactNode; children: () => React.ReactNode }) {
  const [open, setOpen] = useState(false);
  return (
    <details className="disclosure" onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>{summary}</summary>
      {open && children()}
    </details>
  );
}

function Meta({ meta }: { meta: unknown }) {
  if (typeof meta !== 'object' || meta === null) return null;
  const names = Object.keys(meta);
  if (names.length === 0) return null;
  return (
    <span className="muted raw-meta" data-testid="raw-meta">
      _meta: {names.join(', ')}
    </span>
  );
}

function Token({ token }: { token: unknown }) {
  if (token === undefined || token === null) return null;
  return (
    <span className="muted" data-testid="raw-progress-token">
      progress token {String(token as string | number)}
    </span>
  );
}

function fileStem(method: string, what: string, id: unknown): string {
  return `${method}-${what}${id === undefined || id === null ? '' : `-${String(id as string | number)}`}`;
}

/** One of the client's requests and the server's answer. */
export function ExchangeRow({ serverId, exchange: x }: { serverId: string; exchange: Exchange }) {
  const outcome = outcomeOf(x);
  const subject = exchangeSubject(x);
  const request = x.request as { params?: { _meta?: { progressToken?: unknown } } } | null;
  const meta = request?.params?._meta;
  const preview = asPreview(x.response);
  return (
    <Fold
      summary={
        <>
          <Direction direction="client_to_server" />
          <code>{x.method}</code>
          {subject && <strong data-testid="raw-subject">{subject}</strong>}
          <span className={BADGE[outcome]}>{outcome}</span>
          {x.id !== undefined && x.id !== null && <span className="muted">id {String(x.id)}</span>}
          <Token token={meta?.progressToken} />
          <Meta meta={meta} />
          <span className="muted">
            {formatTime(x.startedAt)} · {formatDuration(x.durationMs)}
          </span>
        </>
      }
    >
      {() => (
        <>
          {preview && x.id !== undefined && x.id !== null && (
            <RawFullMessage serverId={serverId} part={{ part: 'response', id: x.id }} preview={preview} name={fileStem(x.method, 'answer', x.id)} what="The answer" />
          )}
          <JsonView value={{ request: x.request, response: x.response }} />
        </>
      )}
    </Fold>
  );
}

/** A message the server sent on its own (with Gatehouse's answer to a request), or a notification Gatehouse sent. */
export function MessageRow({ serverId, message: m }: { serverId: string; message: RawMessage }) {
  const messagePreview = asPreview(m.message);
  const answerPreview = asPreview(m.answer);
  const isRequest = m.kind === 'request';
  return (
    <Fold
      summary={
        <>
          <Direction direction={m.direction} />
          <code>{m.method}</code>
          {isRequest ? (
            m.outcome ? (
              <span className={BADGE[m.outcome]}>{m.outcome === 'ok' ? 'answered' : m.outcome}</span>
            ) : (
              <span className="badge badge-warn">waiting</span>
            )
          ) : (
            <span className="badge">notification</span>
          )}
          {m.id !== undefined && m.id !== null && <span className="muted">id {String(m.id)}</span>}
          <Token token={m.progressToken} />
          <Meta meta={m.meta} />
          <span className="muted">
            {formatTime(m.at)}
            {m.answeredAt !== undefined && ` · ${formatDuration(m.answeredAt - m.at)}`}
          </span>
        </>
      }
    >
      {() => (
        <>
          {messagePreview && (
            <RawFullMessage serverId={serverId} part={{ part: 'message', seq: m.seq }} preview={messagePreview} name={fileStem(m.method, isRequest ? 'request' : 'notification', m.id ?? m.seq)} what="The message" />
          )}
          {answerPreview && (
            <RawFullMessage serverId={serverId} part={{ part: 'answer', seq: m.seq }} preview={answerPreview} name={fileStem(m.method, 'answer', m.id)} what="Gatehouse's answer" />
          )}
          <JsonView value={isRequest ? { request: m.message, answer: m.answer ?? null } : m.message} />
        </>
      )}
    </Fold>
  );
}
