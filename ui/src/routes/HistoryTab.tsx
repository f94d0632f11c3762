import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { ContentBlock, HistoryEntry, HistoryKind, IpcError } from '../bindings/ipc';
import { ContentBlockView } from '../components/ContentBlockView';
import { ErrorNotice } from '../components/ErrorNotice';
import { JsonView } from '../components/JsonView';
import { Skeleton, Spinner } from '../components/Spinner';
import { useClearHistory } from '../hooks/useClearHistory';
import { useHistory } from '../hooks/useHistory';
import { formatDateTime, formatDuration } from '../lib/format';
import { call } from '../lib/ipc';
import { keys } from '../lib/queryKeys';
import './history.css';

type Props = { serverId: string; onReplay: (tool: string, args: Record<string, unknown>) => void };

const KIND_LABEL: Record<HistoryKind, string> = { tool: 'tool', prompt: 'prompt', resource: 'resource' };

type Shown = { content: ContentBlock[]; structuredContent?: unknown; isError: boolean };

/** Runs the entry's request again: the same tool with the same arguments, the same prompt, the same resource. */
async function runAgain(serverId: string, h: HistoryEntry): Promise<Shown> {
  switch (h.kind ?? 'tool') {
    case 'tool': {
      const callId = `history-${Date.now()}-${Math.random().toString(36).slice(2)}`;
      const o = await call('tool_call', { serverId, callId, name: h.tool, arguments: h.arguments });
      return { content: o.content, structuredContent: o.structuredContent, isError: o.isError };
    }
    case 'prompt': {
      const args = Object.fromEntries(Object.entries(h.arguments).map(([k, v]) => [k, String(v)]));
      const o = await call('prompt_get', { serverId, name: h.tool, arguments: args });
      return { content: o.messages.map((m) => m.content), isError: false };
    }
    case 'resource': {
      const o = await call('resource_read', { serverId, uri: h.tool });
      return { content: o.contents.map((resource) => ({ type: 'resource' as const, resource })), isError: false };
    }
  }
}

function ResultBlocks({ shown }: { shown: Shown }) {
  return (
    <div className={shown.isError ? 'result-blocks result-blocks-error' : 'result-blocks'} data-testid="history-result">
      {shown.content.length === 0 && <p className="muted">No content.</p>}
      {shown.content.map((block, i) => (
        <ContentBlockView key={i} block={block} />
      ))}
      {shown.structuredContent !== null && shown.structuredContent !== undefined && (
        <JsonView value={shown.structuredContent} label="Structured content" />
      )}
    </div>
  );
}

function HistoryRow({ serverId, h, onReplay }: { serverId: string; h: HistoryEntry; onReplay: Props['onReplay'] }) {
  const client = useQueryClient();
  const [open, setOpen] = useState(false);
  const [rerun, setRerun] = useState<{ busy: true } | { busy: false; shown: Shown } | { busy: false; error: IpcError } | null>(null);
  const again = async () => {
    setRerun({ busy: true });
    try {
      setRerun({ busy: false, shown: await runAgain(serverId, h) });
    } catch (e) {
      setRerun({ busy: false, error: e as IpcError });
    } finally {
      void client.invalidateQueries({ queryKey: keys.history(serverId) });
    }
  };
  const status = h.cancelled ? 'cancelled' : h.isError ? 'error' : null;
  return (
    <li className={h.isError ? 'feed-item history-item is-error' : 'feed-item history-item'} data-testid="history-item">
      <div className="history-main">
        <span className="badge">{KIND_LABEL[h.kind ?? 'tool']}</span> <strong>{h.tool}</strong>
        {status === 'error' && <span className="badge badge-error">error</span>}
        {status === 'cancelled' && <span className="badge badge-warn">cancelled</span>}
        <span className="muted">
          {formatDateTime(h.startedAt)} · {formatDuration(h.durationMs)}
        </span>
        <p className="history-summary">{h.summary}</p>
        {open &&
          (h.result ? (
            <ResultBlocks shown={{ content: h.result.content, structuredContent: h.result.structuredContent, isError: h.isError }} />
          ) : (
            <p className="muted">{h.cancelled || h.isError ? 'There is no result: ' + h.summary : 'This result was too large to keep.'}</p>
          ))}
        {rerun?.busy && <Spinner label="Running again" />}
        {rerun && !rerun.busy && 'error' in rerun && <ErrorNotice error={rerun.error} />}
        {rerun && !rerun.busy && 'shown' in rerun && (
          <>
            <p className="muted">Result of running it again:</p>
            <ResultBlocks shown={rerun.shown} />
          </>
        )}
      </div>
      <div className="history-actions">
        <button type="button" className="btn" onClick={() => setOpen(!open)} aria-expanded={open}>
          {open ? 'Hide result' : 'Show result'}
        </button>
        {(h.kind ?? 'tool') === 'tool' && (
          <button type="button" className="btn" onClick={() => onReplay(h.tool, h.arguments)} title="Open the tool with these arguments filled in">
            Fill the form
          </button>
        )}
        <button type="button" className="btn" onClick={() => void again()} disabled={rerun?.busy === true}>
          Run again
        </button>
      </div>
    </li>
  );
}

export function HistoryTab({ serverId, onReplay }: Props) {
  const history = useHistory(serverId);
  const clear = useClearHistory(serverId);
  const entries = [...(history.data ?? [])].sort((a, b) => b.startedAt - a.startedAt);
  return (
    <div className="panel">
      <div className="toolbar">
        <span className="muted">
          {entries.length} {entries.length === 1 ? 'request' : 'requests'} (tool calls, prompts, resource reads)
        </span>
        <span className="spacer" />
        <button type="button" className="btn" onClick={() => clear.mutate()} disabled={entries.length === 0 || clear.isPending}>
          Clear
        </button>
      </div>
      {history.isPending && <Skeleton lines={4} />}
      {history.error && <ErrorNotice error={history.error} />}
      {clear.error && <ErrorNotice error={clear.error} />}
      {history.data && entries.length === 0 && <p className="muted empty">Nothing yet: tool calls, prompts and resource reads appear here.</p>}
      <ol className="feed">
        {entries.map((h) => (
          <HistoryRow key={h.id} serverId={serverId} h={h} onReplay={onReplay} />
        ))}
      </ol>
    </div>
  );
}
