import type { PlanAction, SetupStep, TeardownStep } from '../bindings/ipc';

/** Setup's steps in the order the core runs them, each with a title for the progress list. */
export const SETUP_STEPS: readonly { step: SetupStep; title: string }[] = [
  { step: 'verify_token', title: 'Check the API token' },
  { step: 'read_organization', title: 'Read the Zero Trust organization' },
  { step: 'identity_provider', title: 'Login method' },
  { step: 'policy', title: 'Access policy' },
  { step: 'kv_namespace', title: 'KV namespace OAUTH_KV' },
  { step: 'upload_worker', title: 'Upload the Worker' },
  { step: 'workers_subdomain', title: 'workers.dev subdomain' },
  { step: 'enable_workers_dev', title: 'Turn on workers.dev for the Worker' },
  { step: 'access_app', title: 'Access for SaaS application' },
  { step: 'worker_secrets', title: "The Worker's secrets" },
  { step: 'check_worker', title: 'Check that the Worker answers' },
];

export const TEARDOWN_STEPS: readonly { step: TeardownStep; title: string }[] = [
  { step: 'delete_access_app', title: 'Delete the Access application' },
  { step: 'delete_policy', title: 'Delete the Access policy' },
  { step: 'delete_worker', title: 'Delete the Worker' },
  { step: 'delete_kv_namespace', title: 'Delete the KV namespace' },
  { step: 'forget_secrets', title: 'Forget the kept secrets' },
];

export function setupStepTitle(step: SetupStep): string {
  return SETUP_STEPS.find((s) => s.step === step)?.title ?? step;
}

/** What the progress list shows for a step: its title and, when a plan is known, what the plan said. */
export type StepLine<S extends string> = { step: S; title: string; action: PlanAction | null };
