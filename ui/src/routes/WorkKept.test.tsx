import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import type { ServerInfo, ServerProfile, ToolInfo } from '../bindings/ipc';
import { forgetWork, workKept } from '../lib/workKept';
import { answerTools } from '../test/fixtures';
import { appTestLifecycle, deferred, renderApp } from '../test/renderApp';

function profile(id: string, name: string): ServerProfile {
  return { id, name, url: `https://${name}.example.com/mcp`, headers: [], timeoutSecs: 60, oauthClientId: null, hasClientSecret: false, roots: [] };
}

const info: ServerInfo = {
  name: 'srv',
  title: null,
  version: '1',
  protocolVersion: '2025-11-25',
  instructions: null,
  capabilities: {
    tools: true,
    toolsListChanged: false,
    resources: false,
    resourcesSubscribe: false,
    resourcesListChanged: false,
    prompts: false,
    promptsListChanged: false,
    logging: true,
    completions: false,
    raw: {},
  },
  authenticated: false,
};

const tools: ToolInfo[] = [
  {
    name: 'search',
    title: null,
    description: 'Searches',
    inputSchema: { type: 'object', required: ['q'], properties: { q: { type: 'string', title: 'Query' } } },
    outputSchema: null,
    annotations: null,
  },
  {
    name: 'other',
    title: null,
    description: 'Something else',
    inputSchema: { type: 'object', properties: { x: { type: 'string', title: 'X' } } },
    outputSchema: null,
    annotations: null,
  },
];

function outcome(text: string) {
  return {
    content: [{ type: 'text', text }],
    structuredContent: null,
    structuredCheck: null,
    isError: false,
    exchange: { method: 'tools/call', request: {}, response: {}, ok: true, startedAt: 0, durationMs: 5 },
  };
}

appTestLifecycle();

describe('work kept in the explorer', () => {
  it('keeps the typed arguments and the last result across tabs, the same tool clicked again, and servers', async () => {
    const user = userEvent.setup();
    const slow = deferred<unknown>();
    renderApp((cmd, req) => {
      const r = req as Record<string, unknown> | null;
      switch (cmd) {
        case 'servers_list':
          return [profile('a', 'alpha'), profile('b', 'beta')];
        case 'server_connect':
          return { status: 'connected', info };
        case 'tools_list':
        case 'tool_get':
          return answerTools(tools, cmd, req);
        case 'tool_call': {
          const args = r?.arguments as { q?: string; x?: string };
          if (args.x === 'slow') return slow.promise;
          return outcome(`${String(r?.serverId)} found ${args.q ?? ''}`);
        }
        case 'history_list':
        case 'exchanges_list':
          return [];
        default:
          return null;
      }
    });

    await user.click(await screen.findByTestId('server-item-alpha'));
    await user.click(screen.getByTestId('connect'));
    await user.click(await screen.findByTestId('tool-item-search'));
    await user.type(screen.getByLabelText(/^Query/), 'cats');
    await user.click(screen.getByTestId('tool-call'));
    expect(within(await screen.findByTestId('tool-result')).getByText('a found cats')).toBeInTheDocument();
    // A draft typed after the call is kept too.
    await user.type(screen.getByLabelText(/^Query/), ' and dogs');

    // Another tab and back.
    await user.click(screen.getByTestId('tab-notifications'));
    expect(screen.queryByTestId('tool-result')).toBeNull();
    await user.click(screen.getByTestId('tab-tools'));
    expect(await screen.findByLabelText(/^Query/)).toHaveValue('cats and dogs');
    expect(within(screen.getByTestId('tool-result')).getByText('a found cats')).toBeInTheDocument();

    // The same tool clicked again.
    await user.click(screen.getByTestId('tool-item-search'));
    expect(screen.getByLabelText(/^Query/)).toHaveValue('cats and dogs');
    expect(within(screen.getByTestId('tool-result')).getByText('a found cats')).toBeInTheDocument();

    // Another tool, whose call is still running when we leave the server.
    await user.click(screen.getByTestId('tool-item-other'));
    expect(screen.queryByTestId('tool-result')).toBeNull();
    await user.type(screen.getByLabelText(/^X/), 'slow');
    await user.click(screen.getByTestId('tool-call'));
    expect(await screen.findByTestId('tool-cancel')).toBeInTheDocument();

    // Another server has its own tools, drafts and results.
    await user.click(screen.getByTestId('server-item-beta'));
    await user.click(await screen.findByTestId('connect'));
    await user.click(await screen.findByTestId('tool-item-search'));
    expect(screen.getByLabelText(/^Query/)).toHaveValue('');
    await user.type(screen.getByLabelText(/^Query/), 'owls');
    await user.click(screen.getByTestId('tool-call'));
    expect(within(await screen.findByTestId('tool-result')).getByText('b found owls')).toBeInTheDocument();

    // The slow call ends while its server is not shown.
    slow.resolve(outcome('slow done'));

    // Back on the first server: the tab, the tool, the draft and the result as they were.
    await user.click(screen.getByTestId('server-item-alpha'));
    expect(await screen.findByLabelText(/^X/)).toHaveValue('slow');
    expect(within(await screen.findByTestId('tool-result')).getByText('slow done')).toBeInTheDocument();
    await user.click(screen.getByTestId('tool-item-search'));
    expect(screen.getByLabelText(/^Query/)).toHaveValue('cats and dogs');
    expect(within(screen.getByTestId('tool-result')).getByText('a found cats')).toBeInTheDocument();

    await user.click(screen.getByTestId('server-item-beta'));
    await waitFor(() => expect(screen.getByLabelText(/^Query/)).toHaveValue('owls'));
  });

  it('keeps work in memory only, and forgets a deleted server', () => {
    const setItem = vi.spyOn(Storage.prototype, 'setItem');
    workKept.set(() => ({ tools: { a: { t: { draft: { args: { q: 'secret-ish' }, text: '{}' } } } }, places: { a: { tab: 'tools' } } }));
    forgetWork('a');
    expect(workKept.get()).toEqual({ tools: {}, places: {} });
    expect(setItem.mock.calls.some(([, v]) => String(v).includes('secret-ish'))).toBe(false);
    setItem.mockRestore();
  });
});
