import { QueryClientProvider } from '@tanstack/react-query';
import { act, cleanup, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Exchange, RawMessage, RawMessages } from '../bindings/ipc';
import { createQueryClient } from '../lib/queryClient';
import { keys } from '../lib/queryKeys';
import { addRawMessages } from '../lib/rawLog';
import { RawTab } from './RawTab';

afterEach(() => {
  cleanup();
  clearMocks();
  vi.restoreAllMocks();
});

function exchange(method: string, extra: Partial<Exchange> = {}): Exchange {
  return { method, request: {}, response: {}, ok: true, startedAt: 0, durationMs: 1, ...extra };
}

function message(seq: number, extra: Partial<RawMessage>): RawMessage {
  return { seq, direction: 'server_to_client', kind: 'notification', method: 'notifications/message', at: 0, message: {}, ...extra };
}

const INITIALIZE = exchange('initialize', { startedAt: 1000 });
const CALL = exchange('tools/call', {
  id: 2,
  request: { jsonrpc: '2.0', id: 2, method: 'tools/call', params: { name: 'slow', _meta: { progressToken: 'p-2' } } },
  startedAt: 3000,
});
const MESSAGES: RawMessages = {
  messages: [
    message(0, { direction: 'client_to_server', method: 'notifications/initialized', at: 1500 }),
    message(1, {
      method: 'notifications/progress',
      at: 3500,
      progressToken: 'p-2',
      meta: { 'acme/trace': 't-1' },
      message: { jsonrpc: '2.0', method: 'notifications/progress', params: { progressToken: 'p-2', progress: 1, _meta: { 'acme/trace': 't-1' } } },
    }),
    message(2, {
      kind: 'request',
      method: 'roots/list',
      id: 9,
      at: 4000,
      message: { jsonrpc: '2.0', id: 9, method: 'roots/list' },
      answer: { jsonrpc: '2.0', id: 9, result: { roots: [] } },
      answeredAt: 4010,
      outcome: 'ok',
    }),
  ],
  dropped: 0,
  keptAtMost: 1000,
};

function renderRaw(handler: (cmd: string, req: unknown) => unknown) {
  mockIPC((cmd, args) => handler(cmd, (args as { req?: unknown } | undefined)?.req));
  const client = createQueryClient();
  render(
    <QueryClientProvider client={client}>
      <RawTab serverId="s1" />
    </QueryClientProvider>,
  );
  return client;
}

const methods = () => screen.getAllByTestId('raw-row').map((r) => r.querySelector('code')?.textContent);

describe('Raw: every message, both ways, live', () => {
  it('lists what the server sent on its own with the requests, newest first, with direction, id, _meta and progress token', async () => {
    renderRaw((cmd) => (cmd === 'exchanges_list' ? [INITIALIZE, CALL] : cmd === 'raw_messages_list' ? MESSAGES : null));
    await waitFor(() => expect(screen.getAllByTestId('raw-row')).toHaveLength(5));
    expect(methods()).toEqual(['roots/list', 'notifications/progress', 'tools/call', 'notifications/initialized', 'initialize']);
    const [roots, progress, call, initialized] = screen.getAllByTestId('raw-row') as [HTMLElement, HTMLElement, HTMLElement, HTMLElement, HTMLElement];
    expect(within(roots).getByTestId('raw-direction')).toHaveAccessibleName('from the server to Gatehouse');
    expect(within(roots).getByText('id 9')).toBeInTheDocument();
    expect(within(roots).getByText('answered')).toBeInTheDocument();
    expect(within(progress).getByTestId('raw-progress-token')).toHaveTextContent('progress token p-2');
    expect(within(progress).getByTestId('raw-meta')).toHaveTextContent('_meta: acme/trace');
    expect(within(progress).getByText('notification')).toBeInTheDocument();
    expect(within(call).getByTestId('raw-direction')).toHaveAccessibleName('from Gatehouse to the server');
    expect(within(call).getByTestId('raw-progress-token')).toHaveTextContent('p-2');
    expect(within(initialized).getByTestId('raw-direction')).toHaveAccessibleName('from Gatehouse to the server');
    // A server's request opens on what it asked and what Gatehouse answered.
    await userEvent.click(within(roots).getByText('roots/list'));
    expect(within(roots).getByText(/"answer": \{/)).toBeInTheDocument();
    expect(screen.queryByTestId('raw-dropped')).toBeNull();
  });

  it('filters by direction and kind', async () => {
    const user = userEvent.setup();
    renderRaw((cmd) => (cmd === 'exchanges_list' ? [INITIALIZE, CALL] : cmd === 'raw_messages_list' ? MESSAGES : null));
    await waitFor(() => expect(screen.getAllByTestId('raw-row')).toHaveLength(5));
    await user.selectOptions(screen.getByRole('combobox', { name: 'Direction' }), 'server_to_client');
    expect(methods()).toEqual(['roots/list', 'notifications/progress']);
    await user.selectOptions(screen.getByRole('combobox', { name: 'Kind' }), 'notification');
    expect(methods()).toEqual(['notifications/progress']);
    expect(screen.getByTestId('raw-count')).toHaveTextContent('1 of 5 messages');
    await user.selectOptions(screen.getByRole('combobox', { name: 'Direction' }), 'client_to_server');
    expect(methods()).toEqual(['notifications/initialized']);
    await user.selectOptions(screen.getByRole('combobox', { name: 'Kind' }), 'request');
    expect(methods()).toEqual(['tools/call', 'initialize']);
  });

  it('takes in new messages and answers as they are recorded, and says when older ones were dropped', async () => {
    const client = renderRaw((cmd) => (cmd === 'exchanges_list' ? [INITIALIZE] : cmd === 'raw_messages_list' ? { messages: [], dropped: 0, keptAtMost: 2 } : null));
    await waitFor(() => expect(client.getQueryData(keys.rawMessages('s1'))).toBeDefined());
    act(() => {
      addRawMessages(client, 's1', [message(5, { kind: 'request', method: 'elicitation/create', id: 1, at: 5000 })], false);
    });
    await waitFor(() => expect(methods()[0]).toBe('elicitation/create'));
    expect(within(screen.getAllByTestId('raw-row')[0] as HTMLElement).getByText('waiting')).toBeInTheDocument();
    act(() => {
      addRawMessages(client, 's1', [message(5, { kind: 'request', method: 'elicitation/create', id: 1, at: 5000, answer: { result: {} }, answeredAt: 5200, outcome: 'ok' })], false);
    });
    await waitFor(() => expect(within(screen.getAllByTestId('raw-row')[0] as HTMLElement).getByText('answered')).toBeInTheDocument());
    expect(screen.getAllByTestId('raw-row')).toHaveLength(2);
    act(() => {
      addRawMessages(client, 's1', [message(6, { method: 'notifications/message', at: 6000 }), message(7, { method: 'notifications/resources/updated', at: 7000 })], false);
    });
    await waitFor(() => expect(methods()).toEqual(['notifications/resources/updated', 'notifications/message', 'initialize']));
    expect(screen.getByTestId('raw-dropped')).toHaveTextContent('1 older message from the server');
    expect(screen.getByTestId('raw-dropped')).toHaveTextContent('the last 2 are kept');
  });

  it('says older requests were dropped when the handshake is no longer in the log', async () => {
    renderRaw((cmd) => (cmd === 'exchanges_list' ? [CALL] : cmd === 'raw_messages_list' ? { messages: [], dropped: 0, keptAtMost: 1000 } : null));
    expect(await screen.findByTestId('raw-dropped')).toHaveTextContent('Gatehouse keeps its last 500 requests');
  });
});

describe('Raw: a large answer whole, on demand', () => {
  const FULL = JSON.stringify({ jsonrpc: '2.0', id: 4, result: { tools: [{ name: 'big', description: 'd'.repeat(1000) }], end: 'THE-END' } });
  const BIG = exchange('tools/list', { id: 4, startedAt: 2000, response: { truncated: true, bytes: 3 * 1024 * 1024, preview: '{"jsonrpc":"2.0","id":4,"result":{"tools":[' } });

  it('shows, hides, copies and saves the whole message, fetched from the core, never kept in the list', async () => {
    const user = userEvent.setup();
    const writeText = vi.fn(() => Promise.resolve());
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    const calls: { cmd: string; req: unknown }[] = [];
    const client = renderRaw((cmd, req) => {
      calls.push({ cmd, req });
      if (cmd === 'exchanges_list') return [INITIALIZE, BIG];
      if (cmd === 'raw_messages_list') return { messages: [], dropped: 0, keptAtMost: 1000 };
      if (cmd === 'raw_message_full') return FULL;
      if (cmd === 'raw_message_save') return { path: '/tmp/tools-list-answer-4.json', bytes: FULL.length };
      return null;
    });
    const row = (await screen.findAllByTestId('raw-row'))[0] as HTMLElement;
    await user.click(within(row).getByText('tools/list'));
    expect(within(row).getByTestId('raw-full')).toHaveTextContent('The answer is 3.0 MB: the list keeps only its first');
    expect(within(row).queryByTestId('raw-full-text')).toBeNull();

    await user.click(within(row).getByRole('button', { name: 'Show the whole message' }));
    expect(await within(row).findByTestId('raw-full-text')).toHaveTextContent('THE-END');
    expect(calls.find((c) => c.cmd === 'raw_message_full')?.req).toEqual({ serverId: 's1', part: { part: 'response', id: 4 } });
    // The list's data still holds only the preview.
    expect(JSON.stringify(client.getQueryData(keys.exchanges('s1')))).not.toContain('THE-END');
    await user.click(within(row).getByRole('button', { name: 'Hide the whole message' }));
    expect(within(row).queryByTestId('raw-full-text')).toBeNull();

    await user.click(within(row).getByRole('button', { name: 'Copy the whole message' }));
    await waitFor(() => expect(writeText).toHaveBeenCalledWith(FULL));
    expect(within(row).getByTestId('raw-full-status')).toHaveTextContent('Copied to the clipboard.');

    await user.click(within(row).getByRole('button', { name: 'Save as…' }));
    expect(await within(row).findByText('/tmp/tools-list-answer-4.json')).toBeInTheDocument();
    expect(calls.find((c) => c.cmd === 'raw_message_save')?.req).toEqual({ serverId: 's1', part: { part: 'response', id: 4 }, name: 'tools/list-answer-4' });
  });

  it('says in plain words when the whole message is no longer kept', async () => {
    const user = userEvent.setup();
    renderRaw((cmd) => {
      if (cmd === 'exchanges_list') return [INITIALIZE, BIG];
      if (cmd === 'raw_messages_list') return { messages: [], dropped: 0, keptAtMost: 1000 };
      if (cmd === 'raw_message_full') throw { code: 'invalid_input', message: 'this message is no longer kept in full', fix: null };
      return null;
    });
    const row = (await screen.findAllByTestId('raw-row'))[0] as HTMLElement;
    await user.click(within(row).getByText('tools/list'));
    await user.click(within(row).getByRole('button', { name: 'Show the whole message' }));
    expect(await within(row).findByRole('alert')).toHaveTextContent('no longer kept in full');
    expect(within(row).getByRole('button', { name: 'Show the whole message' })).toBeEnabled();
  });
});
