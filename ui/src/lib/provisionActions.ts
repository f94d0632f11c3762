import type { QueryClient } from '@tanstack/react-query';
import type { SetupInput } from '../bindings/ipc';
import { call, toIpcError } from './ipc';
import {
  beginSetupRun,
  beginTeardownRun,
  finishSetupRun,
  finishTeardownRun,
  provisionRuns,
} from './provisionRuns';
import { keys } from './queryKeys';

// Setup, resume and teardown run outside any component: their outcome lands in `provisionRuns`, so leaving the
// screen that started one loses nothing. The input is passed straight to the core and kept nowhere.

function refresh(client: QueryClient, name: string): Promise<unknown> {
  // The deployment changed: its last health check no longer holds (the others are re-checked too, being under
  // the `deployments` key).
  client.removeQueries({ queryKey: keys.deploymentHealth(name) });
  return Promise.all([
    client.invalidateQueries({ queryKey: keys.deployments }),
    client.invalidateQueries({ queryKey: keys.servers }),
  ]);
}

function setupRunning(name: string): boolean {
  return provisionRuns.get().setup[name]?.status === 'running';
}

/** Runs setup (a re-run resumes where the last one stopped). Never rejects: the outcome is in the run. */
export async function runSetupApply(client: QueryClient, input: SetupInput): Promise<void> {
  if (setupRunning(input.name)) return;
  beginSetupRun(input.name);
  try {
    const deployment = await call('setup_apply', input);
    finishSetupRun(input.name, { deployment });
  } catch (e) {
    finishSetupRun(input.name, { error: toIpcError(e) });
  }
  await refresh(client, input.name);
}

/** Runs setup again with the choices it was started with. */
export async function runSetupResume(client: QueryClient, name: string): Promise<void> {
  if (setupRunning(name)) return;
  beginSetupRun(name);
  try {
    const deployment = await call('setup_resume', { name });
    finishSetupRun(name, { deployment });
  } catch (e) {
    finishSetupRun(name, { error: toIpcError(e) });
  }
  await refresh(client, name);
}

/** Removes what a deployment created. */
export async function runTeardown(client: QueryClient, name: string): Promise<void> {
  if (provisionRuns.get().teardown[name]?.status === 'running') return;
  beginTeardownRun(name);
  try {
    const report = await call('deployment_teardown', { name });
    finishTeardownRun(name, { report });
  } catch (e) {
    finishTeardownRun(name, { error: toIpcError(e) });
  }
  await refresh(client, name);
}
