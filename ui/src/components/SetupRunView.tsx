import type { SetupPlan, SetupStep } from '../bindings/ipc';
import { useElapsed } from '../hooks/useElapsed';
import { formatDuration } from '../lib/format';
import type { SetupRun } from '../lib/provisionRuns';
import { failureDetails } from '../lib/setupReport';
import { SETUP_STEPS, type StepLine } from '../lib/setupSteps';
import { CopyButton } from './CopyButton';
import { ErrorNotice } from './ErrorNotice';
import { ProgressList } from './ProgressList';
import { Spinner } from './Spinner';

/** The progress list's lines: the plan's, when the review showed one, else every step. */
export function setupLines(plan: SetupPlan | null): StepLine<SetupStep>[] {
  if (plan && plan.steps.length > 0) return plan.steps.map((s) => ({ step: s.step, title: s.title, action: s.action }));
  return SETUP_STEPS.map((s) => ({ ...s, action: null }));
}

type Props = { run: SetupRun; plan: SetupPlan | null; onRetry: () => void };

/** A setup run as it happens: every step with its state and time, the total time, and on failure the error with
 * Retry (which resumes) and Copy details. */
export function SetupRunView({ run, plan, onRetry }: Props) {
  const running = run.status === 'running';
  const ticking = useElapsed(run.startedAt, running);
  const total = running ? ticking : (run.finishedAt ?? run.startedAt) - run.startedAt;
  return (
    <div className="stack run-view" data-testid="setup-run" data-status={run.status}>
      <p className="run-status">
        {running && <Spinner label="Setting up" />}
        <span role="status">
          {running && `Setting up ${run.name}…`}
          {run.status === 'done' && `${run.name} is set up.`}
          {run.status === 'failed' && `Setup of ${run.name} stopped.`}
        </span>
        <span className="muted" data-testid="setup-elapsed">
          {formatDuration(total)}
        </span>
      </p>
      {run.status === 'failed' && run.error && (
        <ErrorNotice error={run.error} testId="setup-error">
          <button type="button" className="btn btn-primary" data-testid="setup-retry" onClick={onRetry}>
            Retry
          </button>
          <CopyButton text={() => failureDetails(run)} label="Copy details" testId="setup-copy-details" className="btn" />
        </ErrorNotice>
      )}
      <ProgressList lines={setupLines(plan)} steps={run.steps} status={run.status} prefix="setup-progress" label="Setup steps" />
    </div>
  );
}
