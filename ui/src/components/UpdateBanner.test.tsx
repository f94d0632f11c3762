import { cleanup, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { clearMocks } from '@tauri-apps/api/mocks';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AvailableUpdate, UpdatePhase, UpdateStatus } from '../bindings/ipc';
import { closeAbout } from '../lib/updates';
import { deferred, renderApp, resetAppStores, sendEvent, type Call } from '../test/renderApp';

const NEWER: AvailableUpdate = { version: '0.2.0', notes: '**Faster** tool lists.', publishedAt: '2026-12-07T09:00:00Z' };

function status(phase: UpdatePhase, more: Partial<UpdateStatus> = {}): UpdateStatus {
  return { currentVersion: '0.1.0', route: 'in_app', checkAutomatically: true, lastCheckedAt: null, phase, ...more };
}

const count = (calls: Call[], cmd: string) => calls.filter((c) => c.cmd === cmd).length;

beforeEach(() => {
  resetAppStores();
  closeAbout();
});
afterEach(() => {
  cleanup();
  clearMocks();
});

describe('update banner', () => {
  it('offers a newer version, downloads it with progress, and installs only when asked', async () => {
    const user = userEvent.setup();
    const download = deferred<UpdateStatus>();
    const { calls } = renderApp((cmd) => {
      switch (cmd) {
        case 'update_status':
          return status({ state: 'available', update: NEWER });
        case 'update_download':
          return download.promise;
        case 'update_install':
          return null;
        default:
          return null;
      }
    });
    const banner = await screen.findByTestId('update-banner');
    expect(banner).toHaveTextContent('Gatehouse 0.2.0 is available (you have 0.1.0).');
    await user.click(screen.getByRole('button', { name: 'What’s new' }));
    await waitFor(() => expect(screen.getByTestId('update-notes')).toHaveTextContent('Faster tool lists.'));
    expect(count(calls, 'update_download')).toBe(0);

    await user.click(screen.getByTestId('update-download'));
    expect(count(calls, 'update_download')).toBe(1);
    await sendEvent({ kind: 'update_status_changed', status: status({ state: 'downloading', update: NEWER, downloaded: 500, total: 1000 }) });
    expect(await screen.findByTestId('update-progress')).toHaveAttribute('value', '50');
    expect(screen.getByTestId('update-banner')).toHaveTextContent('Downloading Gatehouse 0.2.0…');

    download.resolve(status({ state: 'ready', update: NEWER }));
    await waitFor(() => expect(screen.getByTestId('update-banner')).toHaveTextContent('downloaded and its signature verified'));
    expect(count(calls, 'update_install')).toBe(0);
    await user.click(screen.getByTestId('update-install'));
    expect(count(calls, 'update_install')).toBe(1);
  });

  it('says a refused download was thrown away and offers to try again', async () => {
    const user = userEvent.setup();
    const refused: UpdatePhase = {
      state: 'failed',
      update: NEWER,
      error: {
        code: 'update_refused',
        message: 'The download of Gatehouse 0.2.0 did not pass its signature check, so it was thrown away. Nothing was installed or changed.',
        fix: 'Try again later.',
      },
    };
    const { calls } = renderApp((cmd) => (cmd === 'update_status' ? status(refused) : null));
    const notice = await screen.findByTestId('update-failed');
    expect(notice).toHaveTextContent('Update refused');
    expect(notice).toHaveTextContent('Nothing was installed or changed.');
    expect(screen.queryByTestId('update-install')).toBeNull();
    await user.click(screen.getByTestId('update-retry'));
    expect(count(calls, 'update_download')).toBe(1);
  });

  it('stays away when up to date, for package installs, and once put off', async () => {
    const user = userEvent.setup();
    renderApp((cmd) => (cmd === 'update_status' ? status({ state: 'up_to_date' }) : null));
    await screen.findByTestId('setup-server');
    expect(screen.queryByTestId('update-banner')).toBeNull();

    await sendEvent({ kind: 'update_status_changed', status: status({ state: 'available', update: NEWER }, { route: 'package_manager' }) });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(screen.queryByTestId('update-banner')).toBeNull();

    await sendEvent({ kind: 'update_status_changed', status: status({ state: 'available', update: NEWER }) });
    await user.click(await screen.findByTestId('update-later'));
    expect(screen.queryByTestId('update-banner')).toBeNull();
  });
});

describe('About box', () => {
  it('opens from the menu, checks for updates, and changes the setting', async () => {
    const user = userEvent.setup();
    const { calls } = renderApp((cmd, req) => {
      switch (cmd) {
        case 'update_status':
          return status({ state: 'idle' }, { lastCheckedAt: Date.UTC(2026, 11, 7, 8) });
        case 'update_check':
          return status({ state: 'up_to_date' });
        case 'update_settings_save':
          return status({ state: 'up_to_date' }, { checkAutomatically: (req as { checkAutomatically: boolean }).checkAutomatically });
        case 'log_folder_open':
          return '/home/ada/.local/share/dev.gatehouse.desktop/logs';
        case 'app_info':
          return { version: '0.1.0', identifier: 'dev.gatehouse.desktop', redirectUri: 'dev.gatehouse.app:/oauth/callback' };
        default:
          return null;
      }
    });
    await screen.findByTestId('setup-server');
    expect(screen.queryByTestId('about-dialog')).toBeNull();

    await sendEvent({ kind: 'menu_action', action: 'check_for_updates' });
    expect(await screen.findByTestId('about-dialog')).toBeInTheDocument();
    await waitFor(() => expect(count(calls, 'update_check')).toBe(1));
    await waitFor(() => expect(screen.getByTestId('about-update-state')).toHaveTextContent('Gatehouse is up to date.'));
    expect(screen.getByTestId('about-version')).toHaveTextContent('Version 0.1.0');

    await user.click(screen.getByTestId('about-check-automatically'));
    expect(calls.filter((c) => c.cmd === 'update_settings_save').map((c) => c.req)).toEqual([{ checkAutomatically: false }]);
    await waitFor(() => expect(screen.getByTestId('about-check-automatically')).not.toBeChecked());

    await user.click(screen.getByTestId('about-logs'));
    expect(await screen.findByTestId('about-log-folder')).toHaveTextContent('dev.gatehouse.desktop/logs');

    await user.click(screen.getByTestId('about-close'));
    expect(screen.queryByTestId('about-dialog')).toBeNull();
  });

  it('says the package manager updates a .deb or .rpm install, with no check button', async () => {
    renderApp((cmd) => (cmd === 'update_status' ? status({ state: 'idle' }, { route: 'package_manager' }) : null));
    await screen.findByTestId('setup-server');
    await sendEvent({ kind: 'menu_action', action: 'about' });
    expect(await screen.findByTestId('about-update-state')).toHaveTextContent('Your package manager (apt or dnf) keeps Gatehouse up to date.');
    expect(screen.queryByTestId('about-check-now')).toBeNull();
  });
});
