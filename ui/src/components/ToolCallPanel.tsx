import { useCallback, useEffect, useRef, useState } from 'react';
import type { ToolInfo } from '../bindings/ipc';
import { useElapsed } from '../hooks/useElapsed';
import { useProgress } from '../hooks/useProgress';
import { useToolCall } from '../hooks/useToolCall';
import { formatDuration } from '../lib/format';
import { readLayout, writeLayout } from '../lib/layoutPrefs';
import { keepDraft, toolWork, type ToolDraft } from '../lib/workKept';
import { SessionErrorNotice } from './SessionErrorNotice';
import { Splitter } from './Splitter';
import { ToolForm } from './ToolForm';
import { ToolResult } from './ToolResult';
import './ToolCallPanel.css';

/** `toolKey`: the tool's key in the list (its name, or `name#2`… for a name the server sent twice). */
type Props = { serverId: string; toolKey: string; tool: ToolInfo; initial?: Record<string, unknown> };

const MIN_FORM_HEIGHT = 120;

/** The form pane's height until the user drags it: about a third of the window, so the result has room below. */
function defaultFormHeight(): number {
  return Math.round(Math.max(180, Math.min(420, window.innerHeight * 0.34)));
}

function ProgressView({ callId, startedAt }: { callId: string | null; startedAt: number | null }) {
  const progress = useProgress(callId);
  const elapsed = useElapsed(startedAt, true);
  return (
    <div className="call-progress" aria-live="polite">
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

/** A tool's form, the running call's progress, and the last result: the form above, the result below, both in view
 * (the bar between them resizes). The draft and the last result are kept for the session (see lib/workKept). */
export function ToolCallPanel({ serverId, toolKey, tool, initial }: Props) {
  const call = useToolCall(serverId, toolKey, tool.name);
  // Read once: the form owns its state while shown and reports every edit back.
  const [draft] = useState(() => (initial ? undefined : toolWork(serverId, toolKey).draft));
  const onDraftChange = useCallback((d: ToolDraft) => keepDraft(serverId, toolKey, d), [serverId, toolKey]);
  const [formHeight, setFormHeight] = useState(() => readLayout().formPaneHeight ?? defaultFormHeight());
  const resultPane = useRef<HTMLDivElement>(null);
  // A new result starts at its top; the form above stays where it is.
  useEffect(() => {
    resultPane.current?.scrollTo?.({ top: 0 });
  }, [call.outcome, call.error]);
  const maxHeight = Math.max(MIN_FORM_HEIGHT + 40, Math.round(window.innerHeight * 0.75));
  return (
    <div className="tool-call" style={{ '--form-pane-height': `${formHeight}px` } as React.CSSProperties}>
      <ToolForm
        inputSchema={tool.inputSchema}
        initial={initial}
        draft={draft}
        onDraftChange={onDraftChange}
        running={call.running}
        onCall={call.start}
        onCancel={call.cancel}
      />
      <Splitter
        orientation="horizontal"
        label="Resize the form and the result"
        value={formHeight}
        min={MIN_FORM_HEIGHT}
        max={maxHeight}
        step={24}
        onChange={setFormHeight}
        onCommit={(v) => writeLayout({ formPaneHeight: v })}
        testId="form-result-splitter"
      />
      <div className="tool-call-result" ref={resultPane} data-testid="tool-result-pane">
        {call.running && <ProgressView callId={call.callId} startedAt={call.startedAt} />}
        {!call.running && call.error && <SessionErrorNotice serverId={serverId} error={call.error} />}
        {!call.running && call.outcome && <ToolResult outcome={call.outcome} />}
        {!call.running && !call.error && !call.outcome && <p className="muted empty">The result appears here.</p>}
      </div>
    </div>
  );
}
