import type { PlanAction } from '../bindings/ipc';
import type { RunStatus, StepRow } from './provisionRuns';

/** A progress row's state: the core's `StepState`, or pending when the step has not started. */
export type DisplayState = 'pending' | 'running' | 'done' | 'skipped' | 'failed';

/** What a progress row shows: the last event for the step, else what the plan and the run's outcome imply. */
export function displayState(row: StepRow | undefined, action: PlanAction | null, run: RunStatus | null): DisplayState {
  if (row) {
    if (row.state !== 'running' || run === 'running' || run === null) return row.state;
    // The run ended but the step's last word was "running": the outcome of the run decides.
    return run === 'done' ? 'done' : 'failed';
  }
  if (action === 'skip') return 'skipped';
  if (action === 'done' || run === 'done') return 'done';
  return 'pending';
}
