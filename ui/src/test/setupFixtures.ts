import type { AccountCheck, CloudflareStatus, Deployment, SetupPlan, SetupStep } from '../bindings/ipc';

export const TOKEN = 'cf-secret-token-1234567890';

export const status = (over: Partial<CloudflareStatus> = {}): CloudflareStatus => ({
  apiBase: 'https://api.cloudflare.com/client/v4',
  local: false,
  hasToken: false,
  requiredPermissions: ['Account · Workers Scripts · Edit', 'Account · Access: Apps and Policies · Edit'],
  tokenPageUrl: 'https://dash.cloudflare.com/profile/api-tokens',
  localToken: null,
  ...over,
});

export const account = { id: 'acc1', name: "Ada's account" };

export const accountCheck = (over: Partial<AccountCheck> = {}): AccountCheck => ({
  authDomain: 'ada.cloudflareaccess.com',
  workersSubdomain: 'ada',
  identityProviders: [],
  policies: [],
  problems: [],
  ...over,
});

export const STEPS: SetupStep[] = [
  'verify_token',
  'read_organization',
  'identity_provider',
  'policy',
  'kv_namespace',
  'upload_worker',
  'workers_subdomain',
  'enable_workers_dev',
  'access_app',
  'worker_secrets',
  'check_worker',
];

export const plan = (name = 'gatehouse-mcp', resumes = false): SetupPlan => ({
  name,
  workerUrl: `https://${name}.ada.workers.dev`,
  redirectUrl: `https://${name}.ada.workers.dev/callback`,
  steps: STEPS.map((step) => ({
    step,
    title: `Plan: ${step}`,
    action: step === 'verify_token' ? 'check' : step === 'identity_provider' ? 'skip' : 'create',
    detail: `detail of ${step}`,
  })),
  resumes,
});

export const deployment = (over: Partial<Deployment> = {}): Deployment => ({
  name: 'gatehouse-mcp',
  accountId: 'acc1',
  apiBase: 'https://api.cloudflare.com/client/v4',
  complete: true,
  nextStep: null,
  workerUrl: 'https://gatehouse-mcp.ada.workers.dev',
  mcpUrl: 'https://gatehouse-mcp.ada.workers.dev/mcp',
  accessAppId: 'app1',
  accessAppName: 'gatehouse-mcp (Gatehouse)',
  policyName: 'gatehouse-mcp users',
  serverId: 'srv-gm',
  manualAccess: false,
  completedAt: 1_700_000_000_000,
  ...over,
});
