import type { SetupStep } from '../bindings/ipc';
import { formatDuration } from './format';
import type { SetupRun } from './provisionRuns';
import { setupStepTitle } from './setupSteps';

/** The text "Copy details" puts on the clipboard after a failed setup: the step, the error's code, message and fix,
 * and the time. Only what the core chose to show the user; no input (tokens, secrets, emails) goes in. */
export function failureDetails(run: SetupRun): string {
  const failed = (Object.entries(run.steps) as [SetupStep, NonNullable<SetupRun['steps'][SetupStep]>][]).find(
    ([, row]) => row.state === 'failed',
  );
  const error = run.error ?? failed?.[1].error ?? null;
  const at = run.finishedAt ?? Date.now();
  const lines = [
    `Gatehouse setup of ${run.name} failed`,
    `Step: ${failed ? `${setupStepTitle(failed[0])} (${failed[0]})` : 'before the first step'}`,
    `Code: ${error?.code ?? 'unknown'}`,
    `Message: ${error?.message ?? 'none'}`,
    `Fix: ${error?.fix ?? 'none given'}`,
    `Time: ${new Date(at).toISOString()} (after ${formatDuration(at - run.startedAt)})`,
  ];
  return lines.join('\n');
}
