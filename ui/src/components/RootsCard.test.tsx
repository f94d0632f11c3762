import { QueryClientProvider } from '@tanstack/react-query';
import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { mockIPC } from '@tauri-apps/api/mocks';
import { describe, expect, it } from 'vitest';
import type { RootEntry, ServerProfile } from '../bindings/ipc';
import { createQueryClient } from '../lib/queryClient';
import { RootsCard } from './RootsCard';

const project: RootEntry = { uri: 'file:///home/ada/project/', name: 'project' };

function setup(roots: RootEntry[], picked: RootEntry | null) {
  const profile: ServerProfile = {
    id: 's1',
    name: 'srv',
    url: 'https://mcp.example.com/mcp',
    headers: [],
    timeoutSecs: 60,
    oauthClientId: null,
    hasClientSecret: false,
    roots,
  };
  const calls: { cmd: string; req: unknown }[] = [];
  mockIPC((cmd, args) => {
    const req = (args as { req?: unknown } | undefined)?.req ?? null;
    calls.push({ cmd, req });
    if (cmd === 'folder_pick') return picked;
    if (cmd === 'server_roots_set') return { ...profile, roots: (req as { roots: RootEntry[] }).roots };
    return null;
  });
  render(
    <QueryClientProvider client={createQueryClient()}>
      <RootsCard profile={profile} />
    </QueryClientProvider>,
  );
  return () => calls.filter((c) => c.cmd === 'server_roots_set').map((c) => c.req);
}

describe('RootsCard', () => {
  it('adds the folder chosen in the system dialog to the shared ones', async () => {
    const user = userEvent.setup();
    const saved = setup([project], { uri: 'file:///srv/data/', name: 'data' });
    expect(screen.getByTestId('roots-list')).toHaveTextContent(/project\s*\/home\/ada\/project\//);
    await user.click(screen.getByTestId('roots-add'));
    await waitFor(() => expect(saved()).toEqual([{ serverId: 's1', roots: [project, { uri: 'file:///srv/data/', name: 'data' }] }]));
  });

  it('saves nothing when the dialog is closed, and removes a folder', async () => {
    const user = userEvent.setup();
    const saved = setup([project], null);
    await user.click(screen.getByTestId('roots-add'));
    await user.click(screen.getByRole('button', { name: 'Stop sharing project' }));
    await waitFor(() => expect(saved()).toEqual([{ serverId: 's1', roots: [] }]));
  });

  it('says when nothing is shared', () => {
    setup([], null);
    expect(screen.getByTestId('roots-empty')).toHaveTextContent('No folders shared.');
  });
});
