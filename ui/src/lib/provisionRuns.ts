import type {
  AppEvent,
  Deployment,
  IpcError,
  SetupStep,
  StepState,
  TeardownReport,
  TeardownStep,
} from '../bindings/ipc';
import { createStore } from './store';

/** The last event seen for a step. */
export type StepRow = {
  state: StepState;
  detail: string | null;
  /** Time the core said the step had taken when the event was sent. */
  elapsedMs: number;
  error: IpcError | null;
  /** When the event arrived (ms since the epoch), to keep a running step's clock ticking. */
  receivedAt: number;
};

export type RunStatus = 'running' | 'done' | 'failed';

type Run<S extends string> = {
  name: string;
  startedAt: number;
  finishedAt: number | null;
  status: RunStatus;
  steps: Partial<Record<S, StepRow>>;
  error: IpcError | null;
};

export type SetupRun = Run<SetupStep> & { deployment: Deployment | null };
export type TeardownRun = Run<TeardownStep> & { report: TeardownReport | null };

type ProvisionState = { setup: Record<string, SetupRun>; teardown: Record<string, TeardownRun> };

/** Setup and teardown runs this window started, by deployment name, fed by the core's progress events. In memory
 * only; a run's result outlives the screen that started it. */
export const provisionRuns = createStore<ProvisionState>({ setup: {}, teardown: {} });

function without<V>(record: Record<string, V>, key: string): Record<string, V> {
  return Object.fromEntries(Object.entries(record).filter(([k]) => k !== key));
}

export function beginSetupRun(name: string): void {
  const run: SetupRun = { name, startedAt: Date.now(), finishedAt: null, status: 'running', steps: {}, error: null, deployment: null };
  provisionRuns.set((s) => ({ ...s, setup: { ...s.setup, [name]: run } }));
}

export function finishSetupRun(name: string, outcome: { deployment: Deployment } | { error: IpcError }): void {
  provisionRuns.set((s) => {
    const run = s.setup[name];
    if (!run) return s;
    const done: SetupRun =
      'deployment' in outcome
        ? { ...run, status: 'done', finishedAt: Date.now(), deployment: outcome.deployment }
        : { ...run, status: 'failed', finishedAt: Date.now(), error: outcome.error };
    return { ...s, setup: { ...s.setup, [name]: done } };
  });
}

export function forgetSetupRun(name: string): void {
  provisionRuns.set((s) => (name in s.setup ? { ...s, setup: without(s.setup, name) } : s));
}

export function beginTeardownRun(name: string): void {
  const run: TeardownRun = { name, startedAt: Date.now(), finishedAt: null, status: 'running', steps: {}, error: null, report: null };
  provisionRuns.set((s) => ({ ...s, teardown: { ...s.teardown, [name]: run } }));
}

export function finishTeardownRun(name: string, outcome: { report: TeardownReport } | { error: IpcError }): void {
  provisionRuns.set((s) => {
    const run = s.teardown[name];
    if (!run) return s;
    const done: TeardownRun =
      'report' in outcome
        ? { ...run, status: 'done', finishedAt: Date.now(), report: outcome.report }
        : { ...run, status: 'failed', finishedAt: Date.now(), error: outcome.error };
    return { ...s, teardown: { ...s.teardown, [name]: done } };
  });
}

export function forgetTeardownRun(name: string): void {
  provisionRuns.set((s) => (name in s.teardown ? { ...s, teardown: without(s.teardown, name) } : s));
}

/** Records a progress event for a run this window started; events for any other name are dropped. An event may
 * arrive just after the command returned, so a finished run still takes them. */
export function recordProgress(event: Extract<AppEvent, { kind: 'setup_progress' | 'teardown_progress' }>): void {
  const row: StepRow = {
    state: event.state,
    detail: event.detail,
    elapsedMs: event.kind === 'setup_progress' ? event.elapsedMs : 0,
    error: event.error,
    receivedAt: Date.now(),
  };
  provisionRuns.set((s) => {
    if (event.kind === 'setup_progress') {
      const run = s.setup[event.name];
      if (!run) return s;
      return { ...s, setup: { ...s.setup, [event.name]: { ...run, steps: { ...run.steps, [event.step]: row } } } };
    }
    const run = s.teardown[event.name];
    if (!run) return s;
    return { ...s, teardown: { ...s.teardown, [event.name]: { ...run, steps: { ...run.steps, [event.step]: row } } } };
  });
}
