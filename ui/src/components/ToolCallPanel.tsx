import { useEffect, useRef } from 'react';
import type { ToolInfo } from '../bindings/ipc';
import { useElapsed } from '../hooks/useElapsed';
import { useProgress } from '../hooks/useProgress';
import { useToolCall } from '../hooks/useToolCall';
import { formatDuration } from '../lib/format';
import { serverRequests } from '../lib/serverRequests';
import { useStore } from '../lib/store';
import { SessionErrorNotice } from './SessionErrorNotice';
import { ToolForm } from './ToolForm';
import { ToolResult } from './ToolResult';

type Props = { serverId: string; tool: ToolInfo; initial?: Record<string, unknown> };

function ProgressView({ serverId, callId, startedAt }: { serverId: string; callId: string | null; startedAt: number | null }) {
  const progress = useProgress(callId);
  const elapsed = useElapsed(startedAt, true);
  // The server asked the user something while the call runs: the call waits on the answer.
  const waitsOnUser = useStore(serverRequests, (s) => s.pending.some((p) => p.serverId === serverId));
  return (
    <div className="call-progress" aria-live="polite">
      {waitsOnUser && (
        <span className="call-waits-on-user" data-testid="call-waits-on-user">
          Waiting for you: the server asked you something.
        </span>
      )}
      {progress?.total ? (
        <progress value={progress.progress} max={progress.total} aria-label="Progress" />
      ) : (
        <progress aria-label="Working" />
      )}
      <span className="muted">
        {formatDuration(elapsed)}
        {progress?.total ? ` · ${progress.progress} / ${progress.total}` : progress ? ` · ${progress.progress}` : ''}
        {progress?.message ? ` · ${progress.message}` : ''}
      </span>
    </div>
  );
}

/** A tool's form, the running call's progress, and the last result. */
export function ToolCallPanel({ serverId, tool, initial }: Props) {
  const call = useToolCall(serverId, tool.name);
  const after = useRef<HTMLDivElement>(null);
  // Progress and results appear under a possibly long form: bring them into view.
  const shown = call.running || call.outcome !== undefined || call.error !== null;
  useEffect(() => {
    if (shown) after.current?.scrollIntoView?.({ block: 'nearest', behavior: 'smooth' });
  }, [shown, call.running, call.outcome, call.error]);
  return (
    <div className="tool-call">
      <ToolForm
        inputSchema={tool.inputSchema}
        initial={initial}
        running={call.running}
        onCall={call.start}
        onCancel={call.cancel}
      />
      {call.running && <ProgressView serverId={serverId} callId={call.callId} startedAt={call.startedAt} />}
      {!call.running && call.error && <SessionErrorNotice serverId={serverId} error={call.error} />}
      {!call.running && call.outcome && <ToolResult outcome={call.outcome} />}
      <div ref={after} />
    </div>
  );
}
