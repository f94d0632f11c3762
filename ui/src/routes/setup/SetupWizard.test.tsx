import { screen, waitFor, within } from '@testing-library/react';
import userEvent, { type UserEvent } from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { Deployment, ServerProfile, SetupInput, SetupStep } from '../../bindings/ipc';
import { appTestLifecycle, deferred, renderApp, sendEvent, type Call } from '../../test/renderApp';
import { account, accountCheck, deployment, plan, status, TOKEN } from '../../test/setupFixtures';

const server: ServerProfile = {
  id: 'srv-gm',
  name: 'gatehouse-mcp',
  url: 'https://gatehouse-mcp.ada.workers.dev/mcp',
  headers: [],
  timeoutSecs: 60,
  oauthClientId: null,
  hasClientSecret: false,
  roots: [],
};

const INPUT: SetupInput = {
  name: 'gatehouse-mcp',
  accountId: 'acc1',
  access: { mode: 'automatic', allowed: { kind: 'emails', emails: ['ada@example.com'] }, refreshTokens: true, addOneTimePin: true },
};

function progress(step: SetupStep, state: 'running' | 'done' | 'skipped' | 'failed', extra: { detail?: string; error?: unknown } = {}) {
  return sendEvent({
    kind: 'setup_progress',
    name: 'gatehouse-mcp',
    step,
    state,
    detail: extra.detail ?? null,
    elapsedMs: state === 'running' ? 0 : 1234,
    error: (extra.error as never) ?? null,
  });
}

const reqs = (calls: Call[], cmd: string) => calls.filter((c) => c.cmd === cmd).map((c) => c.req);

/** Welcome → token → account → who may use it → the plan, on the automatic path. */
async function walkToReview(user: UserEvent) {
  await user.click(await screen.findByTestId('setup-server'));
  await user.click(screen.getByTestId('setup-next'));
  await user.type(await screen.findByTestId('cloudflare-token'), TOKEN);
  await user.click(screen.getByTestId('setup-next'));
  await screen.findByTestId('setup-step-account');
  await user.click(screen.getByTestId('setup-next'));
  await user.type(await screen.findByTestId('setup-email-input'), 'ada@example.com{Enter}');
  await user.click(screen.getByTestId('setup-next'));
  await screen.findByTestId('setup-plan');
}

appTestLifecycle();

describe('setup wizard', () => {
  it('walks from welcome to a running server: token, account, people, plan, live progress, log in and explore', async () => {
    const user = userEvent.setup();
    const apply = deferred<Deployment>();
    let saved = false;
    let loggedIn = false;
    const { calls, client } = renderApp((cmd) => {
      switch (cmd) {
        case 'servers_list':
          return saved ? [server] : [];
        case 'cloudflare_status':
          return status();
        case 'cloudflare_connect':
          return { tokenKind: 'account', accounts: [account] };
        case 'account_check':
          return accountCheck();
        case 'setup_plan':
          return plan();
        case 'setup_apply':
          return apply.promise;
        case 'login_start':
          return { authorizationUrl: 'https://ada.cloudflareaccess.com/authorize', redirectUri: 'dev.gatehouse.app:/oauth/callback', browserError: null };
        case 'server_connect':
          return loggedIn
            ? {
                status: 'connected',
                info: {
                  name: 'gatehouse-mcp',
                  title: null,
                  version: '1.0.0',
                  protocolVersion: '2025-11-25',
                  instructions: null,
                  capabilities: { tools: true, toolsListChanged: false, resources: false, resourcesSubscribe: false, resourcesListChanged: false, prompts: false, promptsListChanged: false, logging: false, completions: false, raw: {} },
                  authenticated: true,
                },
              }
            : { status: 'login_required', reason: { code: 'auth_required', message: 'Log in.', fix: null } };
        case 'tools_list':
          return [{ name: 'whoami', title: null, description: 'Who you are', annotations: null }];
        case 'deployments_list':
        case 'history_list':
        case 'exchanges_list':
          return [];
        default:
          return null;
      }
    });

    // With no server saved, the welcome page offers setup first.
    await user.click(await screen.findByTestId('welcome-setup'));
    expect(screen.getByTestId('setup-step-welcome')).toHaveTextContent('a Worker');
    expect(document.activeElement).toHaveTextContent('Set up your own MCP server');
    expect(screen.getByTestId('setup-mode-automatic')).toBeChecked();
    await user.click(screen.getByTestId('setup-next'));

    // The token: the permissions exactly as the core lists them; Enter submits.
    const permissions = within(await screen.findByTestId('cloudflare-permissions')).getAllByRole('listitem');
    expect(permissions.map((p) => p.textContent)).toEqual(status().requiredPermissions);
    expect(document.activeElement).toHaveTextContent('Connect to Cloudflare');
    const token = screen.getByTestId('cloudflare-token');
    expect(token).toHaveAttribute('type', 'password');
    await user.type(token, `${TOKEN}{Enter}`);
    expect(await screen.findByTestId('setup-step-account')).toBeInTheDocument();
    expect(reqs(calls, 'cloudflare_connect')).toEqual([{ token: TOKEN }]);
    // An account API token: said so, and its one account is found.
    expect(screen.getByTestId('setup-token-kind')).toHaveTextContent('account API token');

    // One account: chosen already. Focus is on the step's heading; Enter goes on.
    expect(screen.getByTestId('account-item-acc1')).toBeChecked();
    expect(document.activeElement).toHaveTextContent('Choose the account');
    await user.keyboard('{Enter}');

    // Who may use it: emails checked as they are added; no login method yet, so one-time PIN is offered and on.
    const email = await screen.findByTestId('setup-email-input');
    expect(screen.getByTestId('setup-otp')).toBeChecked();
    expect(screen.getByTestId('setup-refresh')).toBeChecked();
    expect(screen.getByTestId('setup-name')).toHaveValue('gatehouse-mcp');
    await user.click(screen.getByTestId('setup-next'));
    expect(screen.getByTestId('setup-email-error')).toHaveTextContent('Add at least one email address.');
    await user.type(email, 'bob');
    await user.click(screen.getByTestId('setup-email-add'));
    expect(screen.getByTestId('setup-email-error')).toHaveTextContent('bob is not an email address.');
    await user.clear(email);
    await user.type(email, 'Ada@Example.com{Enter}');
    expect(screen.getByTestId('setup-email-ada@example.com')).toBeInTheDocument();
    await user.type(email, 'carl@example.com');
    await user.click(screen.getByTestId('setup-email-add'));
    await user.click(screen.getByTestId('setup-email-remove-carl@example.com'));
    const name = screen.getByTestId('setup-name');
    await user.clear(name);
    await user.type(name, 'Bad_Name');
    expect(screen.getByText(/^Use 1–63 lowercase letters/)).toBeInTheDocument();
    await user.clear(name);
    await user.type(name, 'gatehouse-mcp');
    await user.click(screen.getByTestId('setup-next'));

    // The plan, as the core made it.
    const planList = await screen.findByTestId('setup-plan');
    expect(reqs(calls, 'setup_plan')).toEqual([INPUT]);
    expect(within(planList).getAllByRole('listitem')).toHaveLength(11);
    expect(screen.getByTestId('setup-plan-identity_provider')).toHaveAttribute('data-action', 'skip');
    expect(screen.getByTestId('setup-plan-worker-url')).toHaveTextContent('https://gatehouse-mcp.ada.workers.dev');
    await user.click(screen.getByTestId('setup-apply'));

    // Live progress from the core's events.
    expect(await screen.findByTestId('setup-step-apply')).toBeInTheDocument();
    await waitFor(() => expect(reqs(calls, 'setup_apply')).toEqual([INPUT]));
    expect(screen.getByTestId('setup-progress-verify_token')).toHaveAttribute('data-state', 'pending');
    expect(screen.getByTestId('setup-progress-identity_provider')).toHaveAttribute('data-state', 'skipped');
    await progress('verify_token', 'running');
    expect(screen.getByTestId('setup-progress-verify_token')).toHaveAttribute('data-state', 'running');
    await progress('verify_token', 'done', { detail: 'Token is active.' });
    const row = screen.getByTestId('setup-progress-verify_token');
    expect(row).toHaveAttribute('data-state', 'done');
    expect(row).toHaveTextContent('1.2 s');
    await user.click(within(row).getByRole('button', { name: /Details/ }));
    expect(within(row).getByText('Token is active.')).toBeInTheDocument();
    await progress('upload_worker', 'running');
    expect(screen.getByTestId('setup-progress-upload_worker')).toHaveAttribute('data-state', 'running');
    // Another deployment's events are not ours.
    await sendEvent({ kind: 'setup_progress', name: 'other', step: 'policy', state: 'failed', detail: null, elapsedMs: 1, error: null });
    expect(screen.getByTestId('setup-progress-policy')).toHaveAttribute('data-state', 'pending');

    saved = true;
    apply.resolve(deployment());
    expect(await screen.findByTestId('setup-step-done')).toBeInTheDocument();
    expect(screen.getByTestId('setup-done-worker-url')).toHaveTextContent('https://gatehouse-mcp.ada.workers.dev');
    expect(screen.getByTestId('setup-done-access-app')).toHaveTextContent('gatehouse-mcp (Gatehouse)');

    // The token went to the core and nowhere else: not web storage, not the query cache.
    expect(localStorage.length + sessionStorage.length).toBe(0);
    const cached = JSON.stringify([
      client.getQueryCache().getAll().map((q) => [q.queryKey, q.state.data]),
      client.getMutationCache().getAll().map((m) => m.state.variables),
    ]);
    expect(cached).not.toContain(TOKEN);

    // Log in and explore: the login starts and the server's page waits for the browser, then lists the tools.
    await user.click(screen.getByTestId('setup-login-explore'));
    expect(await screen.findByTestId('login-waiting')).toBeInTheDocument();
    expect(reqs(calls, 'login_start')).toEqual([{ serverId: 'srv-gm' }]);
    loggedIn = true;
    await sendEvent({ kind: 'login_finished', serverId: 'srv-gm', error: null });
    expect(await screen.findByTestId('tool-item-whoami')).toBeInTheDocument();
  });

  it('shows a failed step with its fix, copies secret-free details, and Retry resumes with the same input', async () => {
    const user = userEvent.setup();
    const first = deferred<Deployment>();
    let applies = 0;
    const { calls } = renderApp((cmd) => {
      switch (cmd) {
        case 'servers_list':
        case 'deployments_list':
          return [];
        case 'cloudflare_status':
          return status();
        case 'cloudflare_connect':
          return { tokenKind: 'user', accounts: [account] };
        case 'account_check':
          return accountCheck();
        case 'setup_plan':
          return plan();
        case 'setup_apply':
          applies += 1;
          return applies === 1 ? first.promise : deployment();
        default:
          return null;
      }
    });
    await walkToReview(user);
    await user.click(screen.getByTestId('setup-apply'));
    await waitFor(() => expect(applies).toBe(1));
    const error = {
      code: 'permission_missing' as const,
      message: 'The API token may not create Access applications.',
      fix: 'Add "Access: Apps and Policies · Edit" to the token, then retry.',
    };
    await progress('verify_token', 'done');
    await progress('access_app', 'running');
    await progress('access_app', 'failed', { error });
    first.reject(error);

    const notice = await screen.findByTestId('setup-error');
    expect(notice).toHaveAttribute('data-code', 'permission_missing');
    expect(notice).toHaveTextContent('Permission missing');
    expect(notice).toHaveTextContent(error.message);
    expect(notice).toHaveTextContent(error.fix);
    expect(screen.getByTestId('setup-progress-access_app')).toHaveAttribute('data-state', 'failed');
    expect(screen.getByTestId('setup-progress-worker_secrets')).toHaveAttribute('data-state', 'pending');

    await user.click(screen.getByTestId('setup-copy-details'));
    const copied = await navigator.clipboard.readText();
    expect(copied).toContain('Step: Access for SaaS application (access_app)');
    expect(copied).toContain('Code: permission_missing');
    expect(copied).toContain(`Message: ${error.message}`);
    expect(copied).toContain(`Fix: ${error.fix}`);
    expect(copied).toMatch(/Time: \d{4}-/);
    expect(copied).not.toContain(TOKEN);
    expect(copied).not.toContain('ada@example.com');

    await user.click(screen.getByTestId('setup-retry'));
    expect(await screen.findByTestId('setup-step-done')).toBeInTheDocument();
    const applied = reqs(calls, 'setup_apply');
    expect(applied).toHaveLength(2);
    expect(applied[1]).toEqual(applied[0]);
    expect(applied[0]).toEqual(INPUT);
  });

  it('manual path: uses the saved token, shows the dashboard steps with the redirect URL, and checks the pasted values', async () => {
    const user = userEvent.setup();
    const { calls } = renderApp((cmd, req) => {
      switch (cmd) {
        case 'servers_list':
        case 'deployments_list':
          return [];
        case 'cloudflare_status':
          return status({ hasToken: true });
        case 'cloudflare_connect':
          return { tokenKind: 'user', accounts: [account, { id: 'acc2', name: 'Other' }] };
        case 'setup_redirect_url':
          return `https://${(req as { name: string }).name}.ada.workers.dev/callback`;
        case 'manual_access_check': {
          const url = (req as { discoveryUrl: string }).discoveryUrl;
          if (!url.includes('cloudflareaccess.com')) {
            throw { code: 'network', message: `Could not read ${url}.`, fix: 'Paste the Configuration endpoint.' };
          }
          return { issuer: 'https://ada.cloudflareaccess.com/cdn-cgi/access/sso/oidc/cid', authorizationEndpoint: 'a', tokenEndpoint: 't', jwksUri: 'j' };
        }
        case 'setup_plan':
          return plan();
        default:
          return null;
      }
    });
    await user.click(await screen.findByTestId('setup-server'));
    await user.click(screen.getByTestId('setup-mode-manual'));
    await user.click(screen.getByTestId('setup-next'));

    await user.click(await screen.findByTestId('cloudflare-use-saved'));
    expect(await screen.findByTestId('setup-step-account')).toBeInTheDocument();
    expect(reqs(calls, 'cloudflare_connect')).toEqual([{ token: null }]);

    // Two accounts: the user chooses.
    expect(screen.getByTestId('setup-token-kind')).toHaveTextContent('user API token');
    await user.click(screen.getByTestId('setup-next'));
    expect(screen.getByText('Choose an account.')).toBeInTheDocument();
    await user.click(screen.getByTestId('account-item-acc1'));
    // Enter on the chosen radio goes on, like Next.
    await user.keyboard('{Enter}');

    const stepEl = await screen.findByTestId('setup-step-manual');
    const steps = within(screen.getByTestId('setup-manual-steps')).getAllByRole('listitem');
    expect(steps[0]).toHaveTextContent('Zero Trust → Access → Applications');
    expect(steps[1]).toHaveTextContent('Add an application → SaaS');
    expect(stepEl).toHaveTextContent('OIDC');
    expect(await screen.findByTestId('setup-redirect-url')).toHaveTextContent('https://gatehouse-mcp.ada.workers.dev/callback');
    await user.click(screen.getByTestId('setup-copy-redirect'));
    expect(await navigator.clipboard.readText()).toBe('https://gatehouse-mcp.ada.workers.dev/callback');

    // Nothing entered: each field says what it needs, and nothing was sent to be checked.
    await user.click(screen.getByTestId('setup-next'));
    expect(screen.getByText('Paste the Client ID.')).toBeInTheDocument();
    expect(screen.getByText('Paste the Client secret.')).toBeInTheDocument();
    expect(screen.getByText('Paste the Configuration endpoint.')).toBeInTheDocument();
    expect(screen.getByTestId('setup-step-manual')).toBeInTheDocument();
    expect(reqs(calls, 'manual_access_check')).toEqual([]);

    // A bad name is refused inline; the redirect URL follows a good one.
    const name = screen.getByTestId('setup-name');
    await user.clear(name);
    await user.type(name, '-x');
    expect(screen.getByText(/^Use 1–63 lowercase letters/)).toBeInTheDocument();
    await user.clear(name);
    await user.type(name, 'team-mcp');
    expect(await screen.findByText('https://team-mcp.ada.workers.dev/callback')).toBeInTheDocument();

    await user.type(screen.getByTestId('manual-client-id'), 'cid');
    const secret = screen.getByTestId('manual-client-secret');
    expect(secret).toHaveAttribute('type', 'password');
    await user.type(secret, 'client-secret-value');
    await user.type(screen.getByTestId('manual-discovery-url'), 'https://example.com/.well-known/openid-configuration');
    expect(await screen.findByTestId('manual-check-error')).toHaveTextContent('Could not read https://example.com/.well-known/openid-configuration.');
    await user.click(screen.getByTestId('setup-next'));
    expect(screen.getByTestId('setup-step-manual')).toBeInTheDocument();

    const discovery = screen.getByTestId('manual-discovery-url');
    await user.clear(discovery);
    await user.type(discovery, 'https://ada.cloudflareaccess.com/cdn-cgi/access/sso/oidc/cid/.well-known/openid-configuration');
    expect(await screen.findByTestId('manual-check-ok')).toHaveTextContent('https://ada.cloudflareaccess.com/cdn-cgi/access/sso/oidc/cid');
    // Only complete values were checked, after a pause in typing (not once a keystroke).
    for (const r of reqs(calls, 'manual_access_check')) expect(r).toMatchObject({ clientId: 'cid', clientSecret: 'client-secret-value' });
    expect(reqs(calls, 'manual_access_check').length).toBeLessThanOrEqual(3);

    await user.click(screen.getByTestId('setup-next'));
    await screen.findByTestId('setup-plan');
    expect(reqs(calls, 'setup_plan')).toEqual([
      {
        name: 'team-mcp',
        accountId: 'acc1',
        access: {
          mode: 'manual',
          clientId: 'cid',
          clientSecret: 'client-secret-value',
          discoveryUrl: 'https://ada.cloudflareaccess.com/cdn-cgi/access/sso/oidc/cid/.well-known/openid-configuration',
        },
      },
    ]);
  });

  it('blocks the people step while the account has problems, until Check again finds them fixed', async () => {
    const user = userEvent.setup();
    let checks = 0;
    renderApp((cmd) => {
      switch (cmd) {
        case 'servers_list':
        case 'deployments_list':
          return [];
        case 'cloudflare_status':
          return status();
        case 'cloudflare_connect':
          return { tokenKind: 'user', accounts: [account] };
        case 'account_check':
          checks += 1;
          return checks === 1
            ? accountCheck({
                authDomain: null,
                problems: [{ code: 'not_configured', message: 'This account has no Zero Trust organization.', fix: 'Open Zero Trust once and pick a team name.' }],
              })
            : accountCheck({ identityProviders: [{ id: 'i', name: 'GitHub', kind: 'github' }], policies: [{ id: 'p1', name: 'Engineering', summary: 'everyone at example.com' }] });
        default:
          return null;
      }
    });
    await user.click(await screen.findByTestId('setup-server'));
    await user.click(screen.getByTestId('setup-next'));
    await user.type(await screen.findByTestId('cloudflare-token'), `${TOKEN}{Enter}`);
    await user.click(await screen.findByTestId('setup-next'));

    const problem = await screen.findByTestId('account-problem');
    expect(problem).toHaveAttribute('data-code', 'not_configured');
    expect(problem).toHaveTextContent('Open Zero Trust once and pick a team name.');
    expect(screen.getByTestId('setup-next')).toBeDisabled();

    await user.click(screen.getByTestId('setup-check-again'));
    await waitFor(() => expect(screen.queryByTestId('account-problem')).toBeNull());
    expect(screen.getByTestId('setup-next')).toBeEnabled();
    // A login method exists: no one-time PIN offer. An existing policy can be picked.
    expect(screen.queryByTestId('setup-otp')).toBeNull();
    expect(screen.getByTestId('setup-login-methods')).toHaveTextContent('GitHub');
    await user.click(screen.getByTestId('setup-allowed-existing_policy'));
    await user.selectOptions(screen.getByTestId('setup-policy'), 'p1');
    await user.click(screen.getByTestId('setup-back'));
    expect(await screen.findByTestId('setup-step-account')).toBeInTheDocument();
  });
});
