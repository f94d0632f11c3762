import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { ServerProfile } from '../bindings/ipc';
import { indexTools } from '../lib/toolFilter';
import { appTestLifecycle, renderApp } from '../test/renderApp';
import { matchParts } from './Highlighted';
import { ToolList } from './ToolList';

appTestLifecycle();

describe('small things', () => {
  it('offers one way to add a server', async () => {
    renderApp((cmd) => (cmd === 'servers_list' ? [] : null));
    await screen.findByTestId('welcome-add-hint');
    expect(screen.getAllByRole('button', { name: /add/i }).map((b) => b.textContent)).toEqual(['+ Add server']);
  });

  it('saves and connects in one step', async () => {
    const user = userEvent.setup();
    const saved: ServerProfile = { id: 'n1', name: 'New', url: 'https://new.example.com/mcp', headers: [], timeoutSecs: 60, oauthClientId: null, hasClientSecret: false, roots: [] };
    let servers: ServerProfile[] = [];
    const { calls } = renderApp((cmd) => {
      switch (cmd) {
        case 'servers_list':
          return servers;
        case 'server_save':
          servers = [saved];
          return saved;
        case 'server_connect':
          return { status: 'login_required', reason: null };
        default:
          return null;
      }
    });
    await user.click(await screen.findByTestId('add-server'));
    await user.type(screen.getByTestId('server-name-input'), 'New');
    await user.type(screen.getByTestId('server-url-input'), 'https://new.example.com/mcp');
    expect(screen.getByTestId('server-save')).toHaveTextContent(/^Save$/);
    await user.click(screen.getByTestId('server-save-connect'));
    await waitFor(() => expect(calls.map((c) => c.cmd)).toContain('server_connect'));
    expect(calls.find((c) => c.cmd === 'server_connect')?.req).toEqual({ serverId: 'n1' });
    expect(await screen.findByTestId('server-title')).toHaveTextContent('New');
    expect(await screen.findByTestId('login')).toBeInTheDocument();
  });

  it('Save alone saves without connecting', async () => {
    const user = userEvent.setup();
    const saved: ServerProfile = { id: 'n2', name: 'Quiet', url: 'https://q.example.com/mcp', headers: [], timeoutSecs: 60, oauthClientId: null, hasClientSecret: false, roots: [] };
    const { calls } = renderApp((cmd) => (cmd === 'servers_list' ? [] : cmd === 'server_save' ? saved : null));
    await user.click(await screen.findByTestId('add-server'));
    await user.type(screen.getByTestId('server-name-input'), 'Quiet');
    await user.type(screen.getByTestId('server-url-input'), 'https://q.example.com/mcp');
    await user.click(screen.getByTestId('server-save'));
    await waitFor(() => expect(calls.map((c) => c.cmd)).toContain('server_save'));
    expect(calls.map((c) => c.cmd)).not.toContain('server_connect');
  });

  it("marks the filter's matches in the tool list", () => {
    const tools = indexTools([
      { name: 'search_issues', title: null, description: 'Search the issues', annotations: null },
      { name: 'create', title: 'Create an issue', description: null, annotations: null },
    ]);
    const { container } = render(<ToolList tools={tools} selected={null} onSelect={() => undefined} query="issue sea" />);
    const marks = [...container.querySelectorAll('mark.match')].map((m) => m.textContent);
    expect(marks).toEqual(['sea', 'issue', 'Sea', 'issue', 'issue']);
    expect(matchParts('Search', ['sea', 'arch'])).toEqual([
      { text: 'Search', match: true },
    ]);
    expect(matchParts('abc', [])).toEqual([{ text: 'abc', match: false }]);
  });
});
