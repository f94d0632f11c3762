import { useState } from 'react';
import type { PlanAction } from '../bindings/ipc';
import { useElapsed } from '../hooks/useElapsed';
import { formatDuration } from '../lib/format';
import type { StepRow } from '../lib/provisionRuns';
import { ErrorNotice } from './ErrorNotice';
import type { DisplayState } from '../lib/stepDisplay';
import { StepStateIcon } from './StepStateIcon';

type Props = { testId: string; title: string; state: DisplayState; row: StepRow | undefined; action: PlanAction | null };

/** One step of a setup or teardown: status, title, time taken, and its details (expandable). */
export function ProgressRow({ testId, title, state, row, action }: Props) {
  const [expanded, setExpanded] = useState(false);
  const running = state === 'running';
  const ticking = useElapsed(row ? row.receivedAt - row.elapsedMs : null, running);
  const elapsed = row ? (running ? ticking : row.elapsedMs) : null;
  const hasMore = Boolean(row?.detail || row?.error);
  const open = hasMore && expanded;
  const summary = row?.detail ?? row?.error?.message ?? null;
  const detailsId = `${testId}-details`;
  return (
    <li className={`progress-row progress-${state}`} data-testid={testId} data-state={state}>
      <div className="progress-line">
        <StepStateIcon state={state} />
        <span className="progress-title">{title}</span>
        {!row && action && action !== 'done' && <span className="muted progress-planned">{action}</span>}
        {summary && !open && <span className="progress-detail muted">{summary}</span>}
        <span className="spacer" />
        {elapsed !== null && elapsed > 0 && <span className="muted progress-elapsed">{formatDuration(elapsed)}</span>}
        {hasMore && (
          <button
            type="button"
            className="btn btn-ghost btn-small"
            aria-expanded={open}
            aria-controls={detailsId}
            onClick={() => setExpanded(!open)}
          >
            {open ? 'Less' : 'Details'}
            <span className="visually-hidden"> about {title}</span>
          </button>
        )}
      </div>
      {open && (
        <div className="progress-more" id={detailsId}>
          {row?.detail && <p className="selectable">{row.detail}</p>}
          {row?.error && <ErrorNotice error={row.error} testId={`${testId}-error`} />}
        </div>
      )}
    </li>
  );
}
