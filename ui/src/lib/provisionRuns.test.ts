import { afterEach, describe, expect, it } from 'vitest';
import {
  beginSetupRun,
  finishSetupRun,
  forgetSetupRun,
  provisionRuns,
  recordProgress,
} from './provisionRuns';
import { failureDetails } from './setupReport';
import { displayState } from './stepDisplay';

afterEach(() => forgetSetupRun('demo'));

describe('provision runs', () => {
  it('records progress only for runs this window started, even just after they finished', () => {
    recordProgress({ kind: 'setup_progress', name: 'demo', step: 'policy', state: 'running', detail: null, elapsedMs: 0, error: null });
    expect(provisionRuns.get().setup.demo).toBeUndefined();
    beginSetupRun('demo');
    recordProgress({ kind: 'setup_progress', name: 'demo', step: 'policy', state: 'running', detail: null, elapsedMs: 0, error: null });
    finishSetupRun('demo', { error: { code: 'network', message: 'down', fix: null } });
    recordProgress({ kind: 'setup_progress', name: 'demo', step: 'policy', state: 'failed', detail: null, elapsedMs: 12, error: null });
    const run = provisionRuns.get().setup.demo;
    expect(run?.status).toBe('failed');
    expect(run?.steps.policy).toMatchObject({ state: 'failed', elapsedMs: 12 });
  });

  it('shows a row from its last event, else from the plan and the outcome', () => {
    const row = { state: 'running' as const, detail: null, elapsedMs: 0, error: null, receivedAt: 0 };
    expect(displayState(row, 'create', 'running')).toBe('running');
    expect(displayState(row, 'create', 'done')).toBe('done');
    expect(displayState(row, 'create', 'failed')).toBe('failed');
    expect(displayState(undefined, 'skip', 'running')).toBe('skipped');
    expect(displayState(undefined, 'done', 'running')).toBe('done');
    expect(displayState(undefined, 'create', 'running')).toBe('pending');
    expect(displayState(undefined, null, 'done')).toBe('done');
    expect(displayState(undefined, null, 'failed')).toBe('pending');
  });

  it('copies failure details: the step, code, message, fix and time', () => {
    beginSetupRun('demo');
    const error = { code: 'permission_missing' as const, message: 'The token may not create Access apps.', fix: 'Add the permission.' };
    recordProgress({ kind: 'setup_progress', name: 'demo', step: 'access_app', state: 'failed', detail: null, elapsedMs: 40, error });
    finishSetupRun('demo', { error });
    const run = provisionRuns.get().setup.demo;
    if (!run) throw new Error('no run');
    const text = failureDetails(run);
    expect(text).toContain('Gatehouse setup of demo failed');
    expect(text).toContain('Step: Access for SaaS application (access_app)');
    expect(text).toContain('Code: permission_missing');
    expect(text).toContain('Message: The token may not create Access apps.');
    expect(text).toContain('Fix: Add the permission.');
    expect(text).toMatch(/Time: \d{4}-\d\d-\d\dT/);
  });
});
