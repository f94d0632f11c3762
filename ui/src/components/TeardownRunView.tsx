import { TEARDOWN_STEPS } from '../lib/setupSteps';
import type { TeardownRun } from '../lib/provisionRuns';
import { ErrorNotice } from './ErrorNotice';
import { ProgressList } from './ProgressList';
import { Spinner } from './Spinner';

const LINES = TEARDOWN_STEPS.map((s) => ({ ...s, action: null }));

type Props = { run: TeardownRun; onRetry: () => void };

/** A teardown as it happens, and its error with a way to try again. The report is shown by the page. */
export function TeardownRunView({ run, onRetry }: Props) {
  return (
    <div className="stack run-view" data-testid="teardown-run" data-status={run.status}>
      <p className="run-status">
        {run.status === 'running' && <Spinner label="Tearing down" />}
        <span role="status">
          {run.status === 'running' && `Tearing down ${run.name}…`}
          {run.status === 'done' && `${run.name} is torn down.`}
          {run.status === 'failed' && `Teardown of ${run.name} stopped.`}
        </span>
      </p>
      {run.status === 'failed' && run.error && (
        <ErrorNotice error={run.error} testId="teardown-error">
          <button type="button" className="btn" data-testid="teardown-retry" onClick={onRetry}>
            Try again
          </button>
        </ErrorNotice>
      )}
      <ProgressList lines={LINES} steps={run.steps} status={run.status} prefix="teardown-progress" label="Teardown steps" />
    </div>
  );
}
