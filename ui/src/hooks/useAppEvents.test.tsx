import { cleanup, screen, waitFor } from '@testing-library/react';
import { emit } from '@tauri-apps/api/event';
import { clearMocks } from '@tauri-apps/api/mocks';
import { afterEach, describe, expect, it } from 'vitest';
import { APP_EVENT, type AppEvent, type ServerProfile } from '../bindings/ipc';
import { renderApp, resetAppStores } from '../test/renderApp';

const profile: ServerProfile = {
  id: 's1',
  name: 'demo',
  url: 'https://mcp.example.com/mcp',
  headers: [],
  timeoutSecs: 60,
  oauthClientId: null,
  hasClientSecret: false,
  roots: [],
};

afterEach(() => {
  cleanup(); // unmount (and unlisten) while the IPC mocks still exist
  clearMocks();
  resetAppStores();
});

describe('app events', () => {
  it('tells the core it listens only once subscribed, so the outcome of a link that started the app is shown', async () => {
    // The core answers `app_events_ready` by handling the links it held: their outcomes follow at once.
    const held: AppEvent[] = [
      { kind: 'link_rejected', error: { code: 'invalid_link', message: 'The link is damaged.', fix: 'Start the login again.' } },
      { kind: 'login_finished', serverId: 's1', error: null },
    ];
    const { calls } = renderApp((cmd) => {
      switch (cmd) {
        case 'servers_list':
          return [profile];
        case 'app_events_ready':
          for (const event of held) void emit(APP_EVENT, event);
          return null;
        default:
          return null;
      }
    });

    const toast = await screen.findByTestId('link-rejected');
    expect(toast).toHaveTextContent('The link is damaged.');
    expect(toast).toHaveTextContent('Start the login again.');
    // The finished login connects its server with the new tokens.
    await waitFor(() => expect(calls).toContainEqual({ cmd: 'server_connect', req: { serverId: 's1' } }));
    expect(calls.filter((c) => c.cmd === 'app_events_ready')).toHaveLength(1);
  });
});
