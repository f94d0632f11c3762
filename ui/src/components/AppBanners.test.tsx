import { cleanup, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { clearMocks } from '@tauri-apps/api/mocks';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Deployment } from '../bindings/ipc';
import { deferred, renderApp, resetAppStores, sendEvent, type Call } from '../test/renderApp';
import { deployment, status } from '../test/setupFixtures';

const reqs = (calls: Call[], cmd: string) => calls.filter((c) => c.cmd === cmd).map((c) => c.req);

beforeEach(() => resetAppStores());
afterEach(() => {
  cleanup();
  clearMocks();
});

describe('local Cloudflare banner', () => {
  it('says plainly when the app talks to the local stand-in', async () => {
    renderApp((cmd) => (cmd === 'cloudflare_status' ? status({ local: true, apiBase: 'http://127.0.0.1:8788/client/v4' }) : []));
    expect(await screen.findByTestId('local-cloudflare-banner')).toHaveTextContent(
      'Local Cloudflare: this app is talking to a stand-in on http://127.0.0.1:8788/client/v4, not your Cloudflare account.',
    );
  });

  it('is absent against the real Cloudflare', async () => {
    const { calls } = renderApp((cmd) => (cmd === 'cloudflare_status' ? status() : []));
    await waitFor(() => expect(calls.some((c) => c.cmd === 'cloudflare_status')).toBe(true));
    await screen.findByTestId('setup-server');
    expect(screen.queryByTestId('local-cloudflare-banner')).toBeNull();
  });
});

describe('resume prompt', () => {
  it('offers to resume a setup left unfinished, and shows the resumed run live', async () => {
    const user = userEvent.setup();
    const resume = deferred<Deployment>();
    const { calls } = renderApp((cmd) => {
      switch (cmd) {
        case 'deployments_list':
          return [deployment({ name: 'half-done', complete: false, nextStep: 'access_app', serverId: null, completedAt: null })];
        case 'setup_resume':
          return resume.promise;
        case 'servers_list':
          return [];
        default:
          return null;
      }
    });
    const prompt = await screen.findByTestId('resume-setup');
    expect(prompt).toHaveTextContent('stopped before “Access for SaaS application”');
    await user.click(screen.getByRole('button', { name: 'Resume setup of half-done' }));
    expect(reqs(calls, 'setup_resume')).toEqual([{ name: 'half-done' }]);
    await sendEvent({ kind: 'setup_progress', name: 'half-done', step: 'access_app', state: 'running', detail: null, elapsedMs: 0, error: null });
    expect(screen.getByTestId('setup-progress-access_app')).toHaveAttribute('data-state', 'running');
    resume.resolve(deployment({ name: 'half-done', serverId: 'srv-hd' }));
    expect(await screen.findByTestId('resume-setup-login')).toBeInTheDocument();
    await user.click(screen.getByTestId('resume-setup-dismiss'));
    expect(screen.queryByTestId('resume-setup')).toBeNull();
  });

  it('says nothing when every deployment is complete', async () => {
    const { calls } = renderApp((cmd) => (cmd === 'deployments_list' ? [deployment()] : cmd === 'servers_list' ? [] : null));
    await waitFor(() => expect(calls.some((c) => c.cmd === 'deployments_list')).toBe(true));
    await screen.findByTestId('setup-server');
    expect(screen.queryByTestId('resume-setup')).toBeNull();
  });
});
