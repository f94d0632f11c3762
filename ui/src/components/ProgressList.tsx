import type { StepLine } from '../lib/setupSteps';
import type { RunStatus, StepRow } from '../lib/provisionRuns';
import { displayState } from '../lib/stepDisplay';
import { ProgressRow } from './ProgressRow';

type Props<S extends string> = {
  lines: readonly StepLine<S>[];
  steps: Partial<Record<S, StepRow>>;
  status: RunStatus | null;
  /** Row test ids are `<prefix>-<step>`; the list's is the prefix. */
  prefix: string;
  label: string;
};

/** The steps of a run in order, each with its live state. */
export function ProgressList<S extends string>({ lines, steps, status, prefix, label }: Props<S>) {
  return (
    <ol className="plain-list progress-list" data-testid={prefix} aria-label={label}>
      {lines.map((l) => {
        const row = steps[l.step];
        return (
          <ProgressRow
            key={l.step}
            testId={`${prefix}-${l.step}`}
            title={l.title}
            row={row}
            action={l.action}
            state={displayState(row, l.action, status)}
          />
        );
      })}
    </ol>
  );
}
