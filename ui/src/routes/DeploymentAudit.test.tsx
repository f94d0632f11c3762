import { cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { clearMocks } from '@tauri-apps/api/mocks';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AuditFinding, DeploymentAudit } from '../bindings/ipc';
import { renderApp, resetAppStores, type Call } from '../test/renderApp';
import { deployment } from '../test/setupFixtures';

const reqs = (calls: Call[], cmd: string) => calls.filter((c) => c.cmd === cmd).map((c) => c.req);

const pass = (id: string, area: AuditFinding['area'], title: string): AuditFinding => ({
  id,
  area,
  title,
  outcome: 'pass',
  detail: 'Fine.',
  fixHint: null,
  fix: null,
  facts: [],
});

function audit(findings: AuditFinding[], live: string | null): DeploymentAudit {
  return {
    name: 'gatehouse-mcp',
    passed: findings.every((f) => f.outcome === 'pass'),
    findings,
    bundle: { shipped: 'aaaabbbbccccdddd', shippedVersion: '0.1.0', live, liveVersion: live ? '0.1.0' : null },
    elapsedMs: 840,
  };
}

const older = audit(
  [
    pass('token.valid', 'token', 'API token is valid'),
    { ...pass('access.policy', 'access', 'Policy still lets in whom it was set up for'), facts: ['Lets in: ada@example.com'] },
    {
      id: 'worker.bundle',
      area: 'worker',
      title: 'Worker runs the bundle this Gatehouse ships',
      outcome: 'fail',
      detail: 'The Worker runs an older bundle than this Gatehouse ships.',
      fixHint: 'Update the server: it uploads this Gatehouse’s bundle in place.',
      fix: 'updateServer',
      facts: ['The Worker does not say which bundle it runs'],
    },
    {
      id: 'worker.secrets',
      area: 'worker',
      title: 'All six secrets exist',
      outcome: 'fail',
      detail: 'The Worker lacks the secret ACCESS_JWKS_URL, so logins fail.',
      fixHint: 'Let Gatehouse put the six secrets again.',
      fix: 'putSecrets',
      facts: [],
    },
  ],
  null,
);
const fixed = audit([pass('token.valid', 'token', 'API token is valid'), pass('worker.bundle', 'worker', 'Worker runs the bundle this Gatehouse ships')], 'aaaabbbbccccdddd');

beforeEach(() => resetAppStores());
afterEach(() => {
  cleanup();
  clearMocks();
});

describe('check thoroughly', () => {
  it('shows each finding with its fix and rules, and makes a fix or updates the server', async () => {
    const user = userEvent.setup();
    let fixes = 0;
    const { calls } = renderApp((cmd, req) => {
      switch (cmd) {
        case 'servers_list':
          return [];
        case 'deployments_list':
          return [deployment()];
        case 'deployment_check':
          return { name: (req as { name: string }).name, healthy: true, checks: [], attention: null };
        case 'deployment_audit':
          return older;
        case 'deployment_fix':
          fixes += 1;
          return fixes === 1 ? { ...older, findings: older.findings.filter((f) => f.id !== 'worker.secrets') } : fixed;
        default:
          return null;
      }
    });
    await user.click(await screen.findByTestId('nav-deployments'));
    await user.click(await screen.findByTestId('audit-run-gatehouse-mcp'));
    const result = await screen.findByTestId('audit-result-gatehouse-mcp');
    expect(result).toHaveAttribute('data-passed', 'false');
    expect(result).toHaveTextContent('2 of 4 checks need attention.');
    expect(screen.getByTestId('audit-finding-access.policy')).toHaveTextContent('Lets in: ada@example.com');
    const secrets = screen.getByTestId('audit-finding-worker.secrets');
    expect(secrets).toHaveAttribute('data-outcome', 'fail');
    expect(secrets).toHaveTextContent('Fix: Let Gatehouse put the six secrets again.');

    await user.click(within(secrets).getByTestId('audit-fix-worker.secrets'));
    await waitFor(() => expect(reqs(calls, 'deployment_fix')).toEqual([{ name: 'gatehouse-mcp', fix: 'putSecrets' }]));
    await waitFor(() => expect(screen.queryByTestId('audit-finding-worker.secrets')).toBeNull());

    await user.click(screen.getByTestId('audit-update-gatehouse-mcp'));
    await waitFor(() => expect(screen.getByTestId('audit-result-gatehouse-mcp')).toHaveAttribute('data-passed', 'true'));
    expect(reqs(calls, 'deployment_fix')[1]).toEqual({ name: 'gatehouse-mcp', fix: 'updateServer' });
    expect(screen.getByTestId('audit-result-gatehouse-mcp')).toHaveTextContent('Every check passed');
    expect(screen.queryByTestId('audit-update-gatehouse-mcp')).toBeNull();
  });
});
