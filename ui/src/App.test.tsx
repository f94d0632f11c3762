import { QueryClientProvider } from '@tanstack/react-query';
import { act, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { emit } from '@tauri-apps/api/event';
import { mockIPC } from '@tauri-apps/api/mocks';
import { describe, expect, it } from 'vitest';
import { App } from './App';
import { appTestLifecycle } from './test/renderApp';
import { APP_EVENT, type AppEvent, type ServerInfo, type ServerProfile } from './bindings/ipc';
import { createQueryClient } from './lib/queryClient';
import { answerTools } from './test/fixtures';

const profile: ServerProfile = {
  id: 's1',
  name: 'demo',
  url: 'https://mcp.example.com/mcp',
  headers: [{ name: 'X-Key', value: null, secret: true }],
  timeoutSecs: 60,
  oauthClientId: null,
  hasClientSecret: false,
  roots: [],
};

const info: ServerInfo = {
  name: 'demo-server',
  title: 'Demo',
  version: '1.2.3',
  protocolVersion: '2025-11-25',
  instructions: 'Be nice.',
  capabilities: {
    tools: true,
    toolsListChanged: true,
    resources: false,
    resourcesSubscribe: false,
    resourcesListChanged: false,
    prompts: false,
    promptsListChanged: false,
    logging: true,
    completions: false,
    raw: {},
  },
  authenticated: true,
};

type Handler = (cmd: string, args: Record<string, unknown>) => unknown;

function setup(handler: Handler) {
  const calls: { cmd: string; args: Record<string, unknown> }[] = [];
  mockIPC(
    (cmd, args) => {
      const a = (args ?? {}) as Record<string, unknown>;
      calls.push({ cmd, args: a });
      return handler(cmd, a);
    },
    { shouldMockEvents: true },
  );
  render(
    <QueryClientProvider client={createQueryClient()}>
      <App />
    </QueryClientProvider>,
  );
  return calls;
}

async function send(event: AppEvent) {
  await act(async () => {
    await emit(APP_EVENT, event);
  });
}

appTestLifecycle();

describe('App', () => {
  it('logs in through the browser, reconnects when the login finishes, and calls a tool', async () => {
    const user = userEvent.setup();
    let loggedIn = false;
    const calls = setup((cmd, args) => {
      switch (cmd) {
        case 'servers_list':
          return [profile];
        case 'server_connect':
          return loggedIn
            ? { status: 'connected', info }
            : { status: 'login_required', reason: { code: 'auth_required', message: 'The server wants a login.', fix: null } };
        case 'login_start':
          return { authorizationUrl: 'https://auth.example.com/authorize', redirectUri: 'dev.gatehouse.app:/oauth/callback', browserError: null };
        case 'tools_list':
        case 'tool_get':
          return answerTools(
            [
              {
                name: 'echo',
                title: 'Echo',
                description: 'Says it back',
                inputSchema: { type: 'object', properties: { text: { type: 'string', title: 'Text' } }, required: ['text'] },
                outputSchema: null,
                annotations: { readOnlyHint: true },
              },
            ],
            cmd,
            args.req,
          );
        case 'tool_call': {
          const req = args.req as { arguments: { text: string } };
          return {
            content: [{ type: 'text', text: `echo: ${req.arguments.text}` }],
            structuredContent: null,
            structuredCheck: null,
            isError: false,
            exchange: { method: 'tools/call', request: {}, response: {}, ok: true, startedAt: 0, durationMs: 5 },
          };
        }
        case 'history_list':
        case 'exchanges_list':
          return [];
        default:
          return null;
      }
    });

    await user.click(await screen.findByTestId('server-item-demo'));
    await user.click(screen.getByTestId('connect'));
    await user.click(await screen.findByTestId('login'));
    expect(await screen.findByTestId('login-waiting')).toHaveTextContent('Waiting for the browser');
    expect(calls.find((c) => c.cmd === 'login_start')?.args).toEqual({ req: { serverId: 's1' } });

    loggedIn = true;
    await send({ kind: 'login_finished', serverId: 's1', error: null });
    expect(await screen.findByTestId('server-info')).toHaveTextContent('Demo');
    expect(screen.getByTestId('protocol-version')).toHaveTextContent('2025-11-25');
    expect(screen.getByTestId('logout')).toBeInTheDocument();

    await user.click(await screen.findByTestId('tool-item-echo'));
    await user.type(screen.getByLabelText(/^Text/), 'hi');
    await waitFor(() => expect(screen.getByTestId('tool-call')).toBeEnabled());
    await user.click(screen.getByTestId('tool-call'));
    const result = await screen.findByTestId('tool-result');
    expect(within(result).getByText('echo: hi')).toBeInTheDocument();
    const req = calls.find((c) => c.cmd === 'tool_call')?.args.req as Record<string, unknown>;
    expect(req).toMatchObject({ serverId: 's1', name: 'echo', arguments: { text: 'hi' } });
    expect(typeof req.callId).toBe('string');
  });

  it('shows a failed login and a rejected link', async () => {
    const user = userEvent.setup();
    setup((cmd) => {
      if (cmd === 'servers_list') return [profile];
      if (cmd === 'server_connect') {
        return { status: 'login_required', reason: { code: 'auth_required', message: 'Log in first.', fix: null } };
      }
      if (cmd === 'login_start') return { authorizationUrl: 'https://a', redirectUri: 'x:/cb', browserError: null };
      return null;
    });
    await user.click(await screen.findByTestId('server-item-demo'));
    await user.click(screen.getByTestId('connect'));
    await user.click(await screen.findByTestId('login'));
    await screen.findByTestId('login-waiting');
    await send({
      kind: 'login_finished',
      serverId: 's1',
      error: { code: 'login_failed', message: 'The server refused the code.', fix: 'Try again.' },
    });
    const banner = await screen.findByText('The server refused the code.');
    expect(banner.closest('[data-testid="error-banner"]')).toHaveAttribute('data-code', 'login_failed');
    expect(screen.queryByTestId('login-waiting')).toBeNull();

    await send({ kind: 'link_rejected', error: { code: 'invalid_link', message: 'Unknown state.', fix: 'Start the login again.' } });
    const toast = await screen.findByTestId('link-rejected');
    expect(toast).toHaveTextContent('Unknown state.');
    expect(toast).toHaveTextContent('Start the login again.');
  });

  it('cancels a waiting login in the core and shows a login that never came back', async () => {
    const user = userEvent.setup();
    const calls = setup((cmd) => {
      if (cmd === 'servers_list') return [profile];
      if (cmd === 'server_connect') {
        return { status: 'login_required', reason: { code: 'auth_required', message: 'Log in first.', fix: null } };
      }
      if (cmd === 'login_start') return { authorizationUrl: 'https://a/authorize', redirectUri: 'x:/cb', browserError: null };
      return null;
    });
    await user.click(await screen.findByTestId('server-item-demo'));
    await user.click(screen.getByTestId('connect'));
    await user.click(await screen.findByTestId('login'));
    const waiting = await screen.findByTestId('login-waiting');
    expect(waiting).toHaveTextContent('Access policy');
    await user.click(screen.getByTestId('login-cancel'));
    await waitFor(() => expect(screen.queryByTestId('login-waiting')).toBeNull());
    expect(calls.filter((c) => c.cmd === 'login_cancel').map((c) => c.args)).toEqual([{ req: { serverId: 's1' } }]);

    await user.click(screen.getByTestId('login'));
    await screen.findByTestId('login-waiting');
    await send({
      kind: 'login_finished',
      serverId: 's1',
      error: {
        code: 'login_failed',
        message: 'the login was not finished in the browser within 10 minutes',
        fix: "your organisation's Access policy does not let this account in: ask your administrator",
      },
    });
    const banner = await screen.findByTestId('error-banner');
    expect(banner).toHaveTextContent('not finished in the browser');
    expect(banner).toHaveTextContent('Access policy');
    expect(screen.getByTestId('login')).toBeEnabled();
  });

  it('shows the login address when no browser opened, and the login keeps waiting', async () => {
    const user = userEvent.setup();
    setup((cmd) => {
      if (cmd === 'servers_list') return [profile];
      if (cmd === 'server_connect') {
        return { status: 'login_required', reason: { code: 'auth_required', message: 'Log in first.', fix: null } };
      }
      if (cmd === 'login_start') {
        return {
          authorizationUrl: 'https://auth.example.com/authorize?state=abc',
          redirectUri: 'x:/cb',
          browserError: { code: 'internal', message: 'Gatehouse could not open your browser.', fix: 'Copy the login address below.' },
        };
      }
      return null;
    });
    await user.click(await screen.findByTestId('server-item-demo'));
    await user.click(screen.getByTestId('connect'));
    await user.click(await screen.findByTestId('login'));
    const notice = await screen.findByTestId('login-browser-error');
    expect(notice).toHaveTextContent('could not open your browser');
    expect(screen.getByTestId('login-address')).toHaveTextContent('https://auth.example.com/authorize?state=abc');
    expect(screen.getByTestId('login-waiting')).toContainElement(notice);
    expect(screen.getByTestId('copy-login-address')).toBeInTheDocument();

    // The login state is the app's, not the page's: end the wait so no later page inherits it.
    await user.click(screen.getByTestId('login-cancel'));
    await waitFor(() => expect(screen.queryByTestId('login-waiting')).toBeNull());
  });

  it('shows an IpcError from connect with its fix', async () => {
    const user = userEvent.setup();
    setup((cmd) => {
      if (cmd === 'servers_list') return [profile];
      if (cmd === 'server_connect') throw { code: 'network', message: 'Could not reach the server.', fix: 'Check the URL.' };
      return null;
    });
    await user.click(await screen.findByTestId('server-item-demo'));
    await user.click(screen.getByTestId('connect'));
    const banner = await screen.findByTestId('error-banner');
    expect(banner).toHaveTextContent('Network problem');
    expect(banner).toHaveTextContent('Could not reach the server.');
    expect(banner).toHaveTextContent('Check the URL.');
  });

  it('adds a server; secret header values stay write-only', async () => {
    const user = userEvent.setup();
    const calls = setup((cmd, args) => {
      if (cmd === 'servers_list') return [];
      if (cmd === 'server_save') return { ...profile, ...(args.req as object), id: 'new', headers: [], hasClientSecret: false, roots: [] };
      return null;
    });
    await user.click(screen.getByTestId('add-server'));
    await user.type(screen.getByTestId('server-name-input'), 'local');
    await user.type(screen.getByTestId('server-url-input'), 'http://127.0.0.1:8787/mcp');
    await user.click(screen.getByRole('button', { name: 'Add header' }));
    await user.type(screen.getByLabelText('Header 1 name'), 'Authorization');
    await user.type(screen.getByLabelText('Header 1 value'), 'Bearer abc');
    await user.click(screen.getByRole('checkbox', { name: 'Secret' }));
    await user.click(screen.getByTestId('server-save'));
    await waitFor(() => expect(calls.some((c) => c.cmd === 'server_save')).toBe(true));
    expect(calls.find((c) => c.cmd === 'server_save')?.args.req).toEqual({
      id: null,
      name: 'local',
      url: 'http://127.0.0.1:8787/mcp',
      headers: [{ name: 'Authorization', value: 'Bearer abc', secret: true }],
      timeoutSecs: 60,
      oauthClientId: null,
      oauthClientSecret: null,
    });
  });

  it('replays a call from history with its arguments, and refetches tools when the server says they changed', async () => {
    const user = userEvent.setup();
    let toolsFetched = 0;
    const calls = setup((cmd, args) => {
      switch (cmd) {
        case 'servers_list':
          return [profile];
        case 'server_connect':
          return { status: 'connected', info: { ...info, authenticated: false } };
        case 'tools_list':
        case 'tool_get':
          if (cmd === 'tools_list') toolsFetched += 1;
          return answerTools(
            [
              {
                name: 'search',
                title: null,
                description: null,
                inputSchema: { type: 'object', properties: { q: { type: 'string', title: 'Query' }, n: { type: 'integer', title: 'Count' } } },
                outputSchema: null,
                annotations: null,
              },
            ],
            cmd,
            args.req,
          );
        case 'history_list':
          return [
            { id: 'h1', serverId: 's1', tool: 'search', arguments: { q: 'older', n: 1 }, isError: false, summary: 'ok', startedAt: 1000, durationMs: 5 },
            { id: 'h2', serverId: 's1', tool: 'search', arguments: { q: 'newer', n: 2 }, isError: true, summary: 'failed', startedAt: 2000, durationMs: 7 },
          ];
        default:
          return null;
      }
    });
    await user.click(await screen.findByTestId('server-item-demo'));
    await user.click(screen.getByTestId('connect'));
    await screen.findByTestId('server-info');
    expect(screen.queryByTestId('logout')).toBeNull();
    await screen.findByTestId('tool-item-search');
    expect(toolsFetched).toBe(1);

    await send({
      kind: 'server_notifications',
      serverId: 's1',
      entries: [{ notificationKind: 'tools_changed', level: null, params: null, at: Date.now(), repeats: 3 }],
      dropped: 0,
    });
    await waitFor(() => expect(toolsFetched).toBe(2));

    await user.click(screen.getByTestId('tab-history'));
    const items = await screen.findAllByRole('button', { name: 'Fill the form' });
    expect(screen.getAllByText(/ok|failed/).map((e) => e.textContent)).toEqual(['failed', 'ok']);
    await user.click(items[0] as HTMLElement);
    expect(await screen.findByLabelText(/^Query/)).toHaveValue('newer');
    expect(screen.getByLabelText(/^Count/)).toHaveValue('2');
    expect(screen.getByTestId('tab-tools')).toHaveAttribute('aria-selected', 'true');

    await user.click(screen.getByTestId('tab-notifications'));
    expect(within(screen.getByTestId('notifications-list')).getByText('Tools changed')).toBeInTheDocument();
    expect(calls.filter((c) => c.cmd === 'server_connect')).toHaveLength(1);

    await send({ kind: 'disconnected', serverId: 's1', reason: 'The server closed the session.' });
    expect(await screen.findByTestId('connect')).toBeInTheDocument();
    expect(screen.queryByTestId('server-info')).toBeNull();
    expect(screen.getByText('The server closed the session.')).toBeInTheDocument();
  });

  it('disconnects on request', async () => {
    const user = userEvent.setup();
    const calls = setup((cmd) => {
      if (cmd === 'servers_list') return [profile];
      if (cmd === 'server_connect') return { status: 'connected', info };
      if (cmd === 'tools_list') return [];
      return null;
    });
    await user.click(await screen.findByTestId('server-item-demo'));
    await user.click(screen.getByTestId('connect'));
    await screen.findByTestId('server-info');
    await user.click(screen.getByTestId('disconnect'));
    expect(await screen.findByTestId('connect')).toBeInTheDocument();
    expect(calls.some((c) => c.cmd === 'server_disconnect')).toBe(true);
  });

  it('deletes a server only after confirmation', async () => {
    const user = userEvent.setup();
    const calls = setup((cmd) => (cmd === 'servers_list' ? [profile] : null));
    await user.click(await screen.findByTestId('server-item-demo'));
    await user.click(screen.getByTestId('server-delete'));
    expect(calls.some((c) => c.cmd === 'server_delete')).toBe(false);
    await user.click(screen.getByTestId('confirm-delete'));
    await waitFor(() => expect(calls.find((c) => c.cmd === 'server_delete')?.args).toEqual({ req: { serverId: 's1' } }));
  });

  it('shows progress for the running call and cancels it', async () => {
    const user = userEvent.setup();
    let rejectCall: ((e: unknown) => void) | undefined;
    const calls = setup((cmd, args) => {
      switch (cmd) {
        case 'servers_list':
          return [profile];
        case 'server_connect':
          return { status: 'connected', info };
        case 'tools_list':
        case 'tool_get':
          return answerTools([{ name: 'slow', title: null, description: null, inputSchema: { type: 'object' }, outputSchema: null, annotations: null }], cmd, args.req);
        case 'tool_call':
          return new Promise((_resolve, reject) => {
            rejectCall = reject;
          });
        case 'tool_cancel':
          rejectCall?.({ code: 'cancelled', message: 'The call was cancelled.', fix: null });
          return null;
        default:
          return [];
      }
    });
    await user.click(await screen.findByTestId('server-item-demo'));
    await user.click(screen.getByTestId('connect'));
    await user.click(await screen.findByTestId('tool-item-slow'));
    await user.click(screen.getByTestId('tool-call'));
    await waitFor(() => expect(calls.some((c) => c.cmd === 'tool_call')).toBe(true));
    const callId = (calls.find((c) => c.cmd === 'tool_call')?.args.req as { callId: string }).callId;

    await send({ kind: 'tool_progress', callId: 'someone-else', progress: 9, total: 10, message: 'not ours' });
    await send({ kind: 'tool_progress', callId, progress: 3, total: 10, message: 'indexing' });
    const bar = await screen.findByRole('progressbar', { name: 'Progress' });
    expect(bar).toHaveAttribute('value', '3');
    expect(bar).toHaveAttribute('max', '10');
    expect(screen.getByText(/indexing/)).toBeInTheDocument();
    expect(screen.queryByText(/not ours/)).toBeNull();

    await user.click(screen.getByTestId('tool-cancel'));
    expect(calls.find((c) => c.cmd === 'tool_cancel')?.args).toEqual({ req: { callId } });
    const notice = await screen.findByTestId('error-banner');
    expect(notice).toHaveAttribute('data-code', 'cancelled');
    expect(screen.queryByTestId('tool-cancel')).toBeNull();
  });

  it('offers a new login in place when a call says the token is no longer good', async () => {
    const user = userEvent.setup();
    const calls = setup((cmd, args) => {
      switch (cmd) {
        case 'servers_list':
          return [profile];
        case 'server_connect':
          return { status: 'connected', info };
        case 'tools_list':
        case 'tool_get':
          return answerTools([{ name: 'x', title: null, description: null, inputSchema: { type: 'object' }, outputSchema: null, annotations: null }], cmd, args.req);
        case 'tool_call':
          throw { code: 'auth_required', message: 'The access token expired.', fix: 'Log in again.' };
        case 'login_start':
          return { authorizationUrl: 'https://a', redirectUri: 'x:/cb', browserError: null };
        default:
          return [];
      }
    });
    await user.click(await screen.findByTestId('server-item-demo'));
    await user.click(screen.getByTestId('connect'));
    await user.click(await screen.findByTestId('tool-item-x'));
    await user.click(screen.getByTestId('tool-call'));
    await user.click(await screen.findByRole('button', { name: 'Log in again' }));
    expect(await screen.findByTestId('login-waiting')).toBeInTheDocument();
    await send({ kind: 'login_finished', serverId: 's1', error: null });
    await waitFor(() => expect(calls.filter((c) => c.cmd === 'server_connect')).toHaveLength(2));
    expect(await screen.findByTestId('tool-item-x')).toBeInTheDocument();
  });
});
