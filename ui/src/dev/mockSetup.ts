// The dev mock's fake Cloudflare: enough for `npm run dev` to walk the whole setup wizard, the Deployments page and
// the resume prompt without Rust or a Cloudflare account. Everything here is invented and says so ("dev mock").
//
// Try: a deployment name containing "fail" fails at the Access application on its first run (Retry resumes);
// the second account reports a problem until "Check again"; a discovery URL without "cloudflareaccess.com" is
// refused on the manual path.
import type {
  AccountCheck,
  AuditFix,
  AppEvent,
  CloudflareStatus,
  Deployment,
  DeploymentHealth,
  IpcError,
  PlannedStep,
  ServerProfile,
  SetupInput,
  SetupPlan,
  SetupStep,
  TeardownReport,
  TeardownStep,
} from '../bindings/ipc';
import { mockAudit, mockFix } from './mockAudit';

type Ctx = { servers: ServerProfile[]; send: (event: AppEvent, delay?: number) => void };

const sleep = (ms: number) => new Promise((r) => window.setTimeout(r, ms));
const SUBDOMAIN = 'devmock';
const TEAM = 'devmock-team.cloudflareaccess.com';

const ACCOUNTS = [
  { id: '0f1e2d3c4b5a69788796a5b4c3d2e1f0', name: "Ada's team (dev mock)" },
  { id: '9a8b7c6d5e4f30211203f4e5d6c7b8a9', name: 'Sandbox without Zero Trust (dev mock)' },
];

let tokenKept = false;
let sandboxChecks = 0;
const failedOnce = new Set<string>();
const inputs = new Map<string, SetupInput>();

const deployments: Deployment[] = [
  {
    name: 'team-tools',
    accountId: ACCOUNTS[0]?.id ?? '',
    apiBase: 'http://127.0.0.1:8788/client/v4',
    complete: true,
    nextStep: null,
    workerUrl: `https://team-tools.${SUBDOMAIN}.workers.dev`,
    mcpUrl: `https://team-tools.${SUBDOMAIN}.workers.dev/mcp`,
    accessAppId: 'app-1',
    accessAppName: 'team-tools (Gatehouse)',
    policyName: 'team-tools users',
    serverId: 'demo',
    manualAccess: false,
    completedAt: Date.now() - 86_400_000,
  },
  {
    name: 'half-done',
    accountId: ACCOUNTS[0]?.id ?? '',
    apiBase: 'http://127.0.0.1:8788/client/v4',
    complete: false,
    nextStep: 'access_app',
    workerUrl: `https://half-done.${SUBDOMAIN}.workers.dev`,
    mcpUrl: `https://half-done.${SUBDOMAIN}.workers.dev/mcp`,
    accessAppId: null,
    accessAppName: null,
    policyName: 'half-done users',
    serverId: null,
    manualAccess: false,
    completedAt: null,
  },
];

const STEP_TITLES: [SetupStep, string][] = [
  ['verify_token', 'Check the API token'],
  ['read_organization', 'Zero Trust organization'],
  ['identity_provider', 'Login method'],
  ['policy', 'Access policy'],
  ['kv_namespace', 'KV namespace for OAuth state'],
  ['upload_worker', 'Upload the MCP server Worker'],
  ['workers_subdomain', 'workers.dev subdomain'],
  ['enable_workers_dev', 'Turn on workers.dev'],
  ['access_app', 'Access for SaaS application'],
  ['worker_secrets', "The Worker's secrets"],
  ['check_worker', 'Check the Worker'],
];

function status(): CloudflareStatus {
  return {
    apiBase: 'http://127.0.0.1:8788/client/v4',
    local: true,
    hasToken: tokenKept,
    requiredPermissions: [
      'Account · Workers Scripts · Edit',
      'Account · Workers KV Storage · Edit',
      'Account · Access: Apps and Policies · Edit',
      'Account · Access: Organizations, Identity Providers, and Groups · Edit',
    ],
    tokenPageUrl: 'https://dash.cloudflare.com/profile/api-tokens',
    localToken: null,
  };
}

function accountCheck(accountId: string): AccountCheck {
  if (accountId === ACCOUNTS[1]?.id && sandboxChecks++ === 0) {
    return {
      authDomain: null,
      workersSubdomain: null,
      identityProviders: [],
      policies: [],
      problems: [
        {
          code: 'not_configured',
          message: 'This account has no Zero Trust organization (dev mock).',
          fix: 'Open Zero Trust in the Cloudflare dashboard once and choose a team name, then check again.',
        },
        {
          code: 'not_configured',
          message: 'This account has no workers.dev subdomain yet (dev mock).',
          fix: 'Open Workers & Pages in the dashboard once to pick one, then check again.',
        },
      ],
    };
  }
  return {
    authDomain: TEAM,
    workersSubdomain: SUBDOMAIN,
    identityProviders: accountId === ACCOUNTS[0]?.id ? [] : [{ id: 'idp-1', name: 'GitHub', kind: 'github' }],
    policies: [{ id: 'pol-eng', name: 'Engineering', summary: 'everyone at example.com' }],
    problems: [],
  };
}

function workerUrl(name: string) {
  return `https://${name}.${SUBDOMAIN}.workers.dev`;
}

function plan(input: SetupInput): SetupPlan {
  const existing = deployments.find((d) => d.name === input.name);
  const manual = input.access.mode === 'manual';
  const doneBefore = existing && !existing.complete ? STEP_TITLES.findIndex(([s]) => s === existing.nextStep) : -1;
  const steps: PlannedStep[] = STEP_TITLES.map(([step, title], i) => {
    let action: PlannedStep['action'] = 'create';
    let detail = '';
    if (i < doneBefore) action = 'done';
    else if (step === 'verify_token' || step === 'read_organization' || step === 'check_worker') action = 'check';
    else if (step === 'workers_subdomain') action = 'reuse';
    else if (manual && (step === 'identity_provider' || step === 'policy' || step === 'access_app')) action = 'skip';
    if (step === 'read_organization') detail = TEAM;
    if (step === 'upload_worker') detail = `${input.name} (modules, nodejs_compat, KV + Durable Object bindings)`;
    if (step === 'kv_namespace') detail = `${input.name}-OAUTH_KV`;
    if (step === 'access_app') detail = manual ? 'Made in the dashboard.' : `"${input.name} (Gatehouse)", redirect ${workerUrl(input.name)}/callback`;
    if (step === 'policy' && input.access.mode === 'automatic') {
      const a = input.access.allowed;
      detail = a.kind === 'emails' ? a.emails.join(', ') : a.kind === 'domain' ? `everyone at ${a.domain}` : 'an existing policy';
      if (a.kind === 'existing_policy') action = 'reuse';
    }
    if (step === 'identity_provider' && input.access.mode === 'automatic') {
      action = input.access.addOneTimePin ? 'create' : 'skip';
      detail = input.access.addOneTimePin ? 'One-time PIN' : '';
    }
    if (step === 'worker_secrets') detail = 'ACCESS_CLIENT_ID, ACCESS_CLIENT_SECRET, ACCESS_TOKEN_URL, ACCESS_AUTHORIZATION_URL, ACCESS_JWKS_URL, COOKIE_ENCRYPTION_KEY';
    return { step, title, action, detail };
  });
  return { name: input.name, workerUrl: workerUrl(input.name), redirectUrl: `${workerUrl(input.name)}/callback`, steps, resumes: doneBefore > 0 };
}

async function runSteps(ctx: Ctx, input: SetupInput): Promise<Deployment> {
  const existing = deployments.find((d) => d.name === input.name);
  const from = existing && !existing.complete ? Math.max(0, STEP_TITLES.findIndex(([s]) => s === existing.nextStep)) : 0;
  const manual = input.access.mode === 'manual';
  for (const [i, [step]] of STEP_TITLES.entries()) {
    const emit = (state: 'running' | 'done' | 'skipped' | 'failed', detail: string | null, elapsedMs: number, error: IpcError | null = null) =>
      ctx.send({ kind: 'setup_progress', name: input.name, step, state, detail, elapsedMs, error });
    if (i < from) {
      emit('done', 'Done by an earlier run.', 0);
      continue;
    }
    emit('running', null, 0);
    const ms = step === 'upload_worker' ? 1400 : step === 'check_worker' ? 900 : 350 + Math.round(Math.random() * 300);
    await sleep(ms);
    if (step === 'access_app' && input.name.includes('fail') && !failedOnce.has(input.name)) {
      failedOnce.add(input.name);
      const error: IpcError = {
        code: 'permission_missing',
        message: 'The API token may not create Access applications (dev mock).',
        fix: 'Add "Access: Apps and Policies · Edit" to the token on Cloudflare, then Retry.',
      };
      emit('failed', null, ms, error);
      const state: Deployment = {
        ...baseDeployment(input),
        complete: false,
        nextStep: 'access_app',
      };
      upsert(state);
      throw error;
    }
    const skipped = manual && (step === 'identity_provider' || step === 'policy' || step === 'access_app');
    emit(skipped ? 'skipped' : 'done', skipped ? 'Made in the dashboard.' : `${step.replace(/_/g, ' ')}: ok (dev mock)`, ms);
  }
  const serverId = `setup-${input.name}`;
  if (!ctx.servers.some((s) => s.id === serverId)) {
    ctx.servers.push({ id: serverId, name: input.name, url: `${workerUrl(input.name)}/mcp`, headers: [], timeoutSecs: 60, oauthClientId: null, hasClientSecret: false, roots: [] });
  }
  const done: Deployment = { ...baseDeployment(input), complete: true, nextStep: null, serverId, completedAt: Date.now() };
  upsert(done);
  return done;
}

function baseDeployment(input: SetupInput): Deployment {
  const manual = input.access.mode === 'manual';
  return {
    name: input.name,
    accountId: input.accountId,
    apiBase: status().apiBase,
    complete: false,
    nextStep: null,
    workerUrl: workerUrl(input.name),
    mcpUrl: `${workerUrl(input.name)}/mcp`,
    accessAppId: manual ? null : `app-${input.name}`,
    accessAppName: manual ? null : `${input.name} (Gatehouse)`,
    policyName: manual ? null : `${input.name} users`,
    serverId: null,
    manualAccess: manual,
    completedAt: null,
  };
}

function upsert(d: Deployment) {
  const i = deployments.findIndex((x) => x.name === d.name);
  if (i >= 0) deployments[i] = d;
  else deployments.push(d);
}

function health(name: string): DeploymentHealth {
  const d = deployments.find((x) => x.name === name);
  if (!d) throw { code: 'not_found', message: `No deployment named ${name}.`, fix: null };
  if (!d.complete) {
    return {
      name,
      healthy: false,
      checks: [
        { title: 'Worker', ok: true, detail: `${d.workerUrl ?? ''} answers (dev mock)` },
        { title: 'Access application', ok: false, detail: 'Not created yet' },
      ],
      attention: { code: 'not_configured', message: 'Setup stopped before the Access application was created.', fix: 'Resume setup.' },
    };
  }
  return {
    name,
    healthy: true,
    checks: [
      { title: 'Worker', ok: true, detail: `${d.workerUrl ?? ''} answers (dev mock)` },
      { title: 'Access application', ok: true, detail: d.accessAppName ?? 'made by hand' },
      { title: 'Login challenge', ok: true, detail: '/mcp answers 401 with WWW-Authenticate' },
    ],
    attention: null,
  };
}

async function teardown(ctx: Ctx, name: string): Promise<TeardownReport> {
  const d = deployments.find((x) => x.name === name);
  if (!d) throw { code: 'not_found', message: `No deployment named ${name}.`, fix: null };
  const steps: TeardownStep[] = ['delete_access_app', 'delete_policy', 'delete_worker', 'delete_kv_namespace', 'forget_secrets'];
  const removed: string[] = [];
  const kept: string[] = [];
  for (const step of steps) {
    ctx.send({ kind: 'teardown_progress', name, step, state: 'running', detail: null, error: null });
    await sleep(400);
    const skip = d.manualAccess && (step === 'delete_access_app' || step === 'delete_policy');
    const what: Record<TeardownStep, string> = {
      delete_access_app: `Access application "${d.accessAppName ?? name}"`,
      delete_policy: `Access policy "${d.policyName ?? name}"`,
      delete_worker: `Worker ${name}`,
      delete_kv_namespace: `KV namespace ${name}-OAUTH_KV`,
      forget_secrets: 'The secrets kept in the keychain',
    };
    if (skip) kept.push(`${what[step]}: made by hand in the dashboard, so it stays`);
    else removed.push(what[step]);
    ctx.send({ kind: 'teardown_progress', name, step, state: skip ? 'skipped' : 'done', detail: skip ? 'Kept' : 'Removed (dev mock)', error: null });
  }
  deployments.splice(deployments.indexOf(d), 1);
  const s = ctx.servers.findIndex((x) => x.id === d.serverId);
  if (s >= 0 && d.serverId !== 'demo') ctx.servers.splice(s, 1);
  return { name, removed, kept };
}

/** Answers the setup commands; `undefined` for any other command. */
export function handleSetup(ctx: Ctx, cmd: string, req: Record<string, unknown> | null): Promise<unknown> | undefined {
  switch (cmd) {
    case 'cloudflare_status':
      return Promise.resolve(status());
    case 'cloudflare_connect':
      return (async () => {
        await sleep(600);
        const token = req?.token as string | null;
        if (token === null && !tokenKept) throw { code: 'not_configured', message: 'No API token is kept.', fix: 'Paste a token.' };
        if (token !== null && token.length < 8) {
          throw { code: 'permission_missing', message: 'Cloudflare refused the token (dev mock: use 8 characters or more).', fix: 'Create a token with the permissions listed and paste it again.' };
        }
        tokenKept = true;
        return { tokenKind: 'user', accounts: ACCOUNTS };
      })();
    case 'cloudflare_forget':
      tokenKept = false;
      return Promise.resolve(null);
    case 'account_check':
      return sleep(500).then(() => accountCheck(req?.accountId as string));
    case 'setup_redirect_url':
      return Promise.resolve(`${workerUrl(req?.name as string)}/callback`);
    case 'manual_access_check':
      return (async () => {
        await sleep(500);
        const url = String(req?.discoveryUrl);
        if (!url.includes('cloudflareaccess.com')) {
          throw { code: 'network', message: `Could not read an OpenID configuration at ${url} (dev mock).`, fix: "Paste the application's Configuration endpoint." };
        }
        const issuer = url.replace(/\/\.well-known\/openid-configuration$/, '');
        return { issuer, authorizationEndpoint: `${issuer}/authorization`, tokenEndpoint: `${issuer}/token`, jwksUri: `${issuer}/jwks` };
      })();
    case 'setup_plan':
      return sleep(500).then(() => plan(req as unknown as SetupInput));
    case 'setup_apply': {
      const input = req as unknown as SetupInput;
      inputs.set(input.name, input);
      return runSteps(ctx, input);
    }
    case 'setup_resume': {
      const name = req?.name as string;
      const d = deployments.find((x) => x.name === name);
      const input: SetupInput = inputs.get(name) ?? {
        name,
        accountId: d?.accountId ?? '',
        access: { mode: 'automatic', allowed: { kind: 'emails', emails: ['ada@example.com'] }, refreshTokens: true, addOneTimePin: true },
      };
      return runSteps(ctx, input);
    }
    case 'deployments_list':
      return Promise.resolve(deployments.map((d) => ({ ...d })));
    case 'deployment_check':
      return sleep(700).then(() => health(req?.name as string));
    case 'deployment_audit':
      return sleep(900).then(() => mockAudit(req?.name as string));
    case 'deployment_fix':
      return sleep(1500).then(() => mockFix(req?.name as string, req?.fix as AuditFix));
    case 'deployment_teardown':
      return teardown(ctx, req?.name as string);
    default:
      return undefined;
  }
}
