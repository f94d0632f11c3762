import { cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { clearMocks } from '@tauri-apps/api/mocks';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Deployment, TeardownReport, TeardownStep } from '../bindings/ipc';
import { deferred, renderApp, resetAppStores, sendEvent, type Call } from '../test/renderApp';
import { deployment } from '../test/setupFixtures';

const reqs = (calls: Call[], cmd: string) => calls.filter((c) => c.cmd === cmd).map((c) => c.req);

const teardownEvent = (step: TeardownStep, state: 'running' | 'done' | 'skipped') =>
  sendEvent({ kind: 'teardown_progress', name: 'gatehouse-mcp', step, state, detail: state === 'skipped' ? 'Not ours' : null, error: null });

beforeEach(() => resetAppStores());
afterEach(() => {
  cleanup();
  clearMocks();
});

describe('deployments', () => {
  it('lists deployments checked live, and tears one down only after its name is typed, showing progress and the report', async () => {
    const user = userEvent.setup();
    const teardown = deferred<TeardownReport>();
    let list: Deployment[] = [deployment(), deployment({ name: 'broken', serverId: null })];
    const { calls } = renderApp((cmd, req) => {
      switch (cmd) {
        case 'servers_list':
          return [];
        case 'deployments_list':
          return list;
        case 'deployment_check': {
          const name = (req as { name: string }).name;
          return name === 'broken'
            ? {
                name,
                healthy: false,
                checks: [
                  { title: 'Worker answers', ok: true, detail: '200 at /' },
                  { title: 'Login challenge', ok: false, detail: '/mcp answered 500' },
                ],
                attention: { code: 'server', message: 'The Worker fails at /mcp.', fix: 'Re-run setup to upload it again.' },
              }
            : { name, healthy: true, checks: [{ title: 'Worker answers', ok: true, detail: '200 at /' }], attention: null };
        }
        case 'deployment_teardown':
          return teardown.promise;
        default:
          return null;
      }
    });
    await user.click(await screen.findByTestId('nav-deployments'));
    const row = await screen.findByTestId('deployment-gatehouse-mcp');
    expect(row).toHaveTextContent('https://gatehouse-mcp.ada.workers.dev/mcp');
    expect(await within(row).findByTestId('deployment-health-gatehouse-mcp')).toHaveTextContent('Healthy');
    const broken = screen.getByTestId('deployment-broken');
    expect(await within(broken).findByTestId('deployment-health-broken')).toHaveTextContent('Needs attention');
    expect(broken).toHaveAttribute('data-health', 'attention');
    const attention = screen.getByTestId('deployment-attention-broken');
    expect(attention).toHaveTextContent('The Worker fails at /mcp.');
    expect(attention).toHaveTextContent('Re-run setup to upload it again.');
    expect(within(screen.getByTestId('deployment-checks-broken')).getAllByRole('listitem')).toHaveLength(2);
    expect(within(broken).queryByTestId('deployment-login-broken')).toBeNull();

    await user.click(screen.getByTestId('deployment-teardown-gatehouse-mcp'));
    const dialog = screen.getByTestId('teardown-dialog');
    expect(dialog).toHaveAttribute('role', 'alertdialog');
    const confirm = screen.getByTestId('teardown-confirm');
    expect(confirm).toBeDisabled();
    expect(screen.getByTestId('teardown-confirm-input')).toHaveFocus();
    await user.keyboard('gatehouse');
    expect(confirm).toBeDisabled();
    await user.keyboard('{Escape}');
    expect(screen.queryByTestId('teardown-dialog')).toBeNull();
    expect(reqs(calls, 'deployment_teardown')).toEqual([]);

    await user.click(screen.getByTestId('deployment-teardown-gatehouse-mcp'));
    await user.type(screen.getByTestId('teardown-confirm-input'), 'gatehouse-mcp');
    expect(screen.getByTestId('teardown-confirm')).toBeEnabled();
    await user.click(screen.getByTestId('teardown-confirm'));
    await waitFor(() => expect(reqs(calls, 'deployment_teardown')).toEqual([{ name: 'gatehouse-mcp' }]));

    await teardownEvent('delete_access_app', 'running');
    expect(screen.getByTestId('teardown-progress-delete_access_app')).toHaveAttribute('data-state', 'running');
    await teardownEvent('delete_access_app', 'done');
    await teardownEvent('delete_policy', 'skipped');
    expect(screen.getByTestId('teardown-progress-delete_access_app')).toHaveAttribute('data-state', 'done');
    expect(screen.getByTestId('teardown-progress-delete_policy')).toHaveAttribute('data-state', 'skipped');
    expect(screen.getByTestId('teardown-progress-delete_worker')).toHaveAttribute('data-state', 'pending');
    expect(screen.getByTestId('deployment-rerun-gatehouse-mcp')).toBeDisabled();

    list = list.filter((d) => d.name !== 'gatehouse-mcp');
    teardown.resolve({
      name: 'gatehouse-mcp',
      removed: ['Access application "gatehouse-mcp (Gatehouse)"', 'Worker gatehouse-mcp', 'KV namespace gatehouse-mcp-OAUTH_KV'],
      kept: ['Policy "Engineering": setup did not create it'],
    });
    await waitFor(() => expect(screen.queryByTestId('deployment-gatehouse-mcp')).toBeNull());
    // The deployment has left the list; its report stays until dismissed.
    const report = screen.getByTestId('teardown-report');
    expect(within(screen.getByTestId('teardown-removed')).getAllByRole('listitem')).toHaveLength(3);
    expect(screen.getByTestId('teardown-kept')).toHaveTextContent('Policy "Engineering": setup did not create it');
    await user.click(within(report).getByTestId('teardown-report-dismiss'));
    expect(screen.queryByTestId('teardown-report')).toBeNull();
  });

  it('re-runs setup for a deployment with live progress', async () => {
    const user = userEvent.setup();
    const resume = deferred<Deployment>();
    const { calls } = renderApp((cmd, req) => {
      switch (cmd) {
        case 'servers_list':
          return [];
        case 'deployments_list':
          return [deployment()];
        case 'deployment_check':
          return { name: (req as { name: string }).name, healthy: true, checks: [], attention: null };
        case 'setup_resume':
          return resume.promise;
        default:
          return null;
      }
    });
    await user.click(await screen.findByTestId('nav-deployments'));
    await user.click(await screen.findByTestId('deployment-rerun-gatehouse-mcp'));
    expect(reqs(calls, 'setup_resume')).toEqual([{ name: 'gatehouse-mcp' }]);
    await sendEvent({ kind: 'setup_progress', name: 'gatehouse-mcp', step: 'upload_worker', state: 'running', detail: 'Uploading', elapsedMs: 0, error: null });
    expect(screen.getByTestId('setup-progress-upload_worker')).toHaveAttribute('data-state', 'running');
    resume.resolve(deployment());
    await waitFor(() => expect(screen.getByTestId('setup-run')).toHaveAttribute('data-status', 'done'));
    expect(screen.getByTestId('setup-progress-upload_worker')).toHaveAttribute('data-state', 'done');
  });
});
