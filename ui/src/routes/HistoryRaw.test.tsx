import { QueryClientProvider } from '@tanstack/react-query';
import { act, cleanup, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Exchange, HistoryEntry } from '../bindings/ipc';
import { createQueryClient } from '../lib/queryClient';
import { appendExchange } from '../lib/rawLog';
import { HistoryTab } from './HistoryTab';
import { RawTab } from './RawTab';

afterEach(() => {
  cleanup();
  clearMocks();
});

const base = { serverId: 's1', durationMs: 5 };
const HISTORY: HistoryEntry[] = [
  { ...base, id: 'h1', kind: 'tool', tool: 'add', arguments: { a: 1, b: 2 }, isError: false, cancelled: false, summary: '3', startedAt: 1000, result: { content: [{ type: 'text', text: 'the sum is 3' }], structuredContent: { sum: 3 } } },
  { ...base, id: 'h2', kind: 'tool', tool: 'slow', arguments: {}, isError: false, cancelled: true, summary: 'the request was cancelled', startedAt: 2000 },
  { ...base, id: 'h3', kind: 'prompt', tool: 'greet', arguments: { name: 'Ada' }, isError: false, cancelled: false, summary: 'Hello Ada', startedAt: 3000 },
  { ...base, id: 'h4', kind: 'resource', tool: 'mem://a', arguments: {}, isError: true, cancelled: false, summary: 'the server reported a problem: not found', startedAt: 4000 },
];

function exchange(method: string, extra: Partial<Exchange> = {}): Exchange {
  return { method, request: {}, response: {}, ok: true, startedAt: 0, durationMs: 1, ...extra };
}

describe('History', () => {
  it('keeps prompts and resource reads, shows cancelled calls as cancelled, shows past results, refills and re-runs', async () => {
    const user = userEvent.setup();
    const calls: { cmd: string; req: unknown }[] = [];
    mockIPC((cmd, args) => {
      const req = (args as { req: unknown }).req;
      calls.push({ cmd, req });
      if (cmd === 'history_list') return HISTORY;
      if (cmd === 'tool_call') {
        return { content: [{ type: 'text', text: 'ran again: 3' }], structuredContent: null, structuredCheck: null, isError: false, exchange: exchange('tools/call') };
      }
      return null;
    });
    const onReplay = vi.fn();
    render(
      <QueryClientProvider client={createQueryClient()}>
        <HistoryTab serverId="s1" onReplay={onReplay} />
      </QueryClientProvider>,
    );
    const rows = await screen.findAllByTestId('history-item');
    expect(rows.map((r) => r.querySelector('strong')?.textContent)).toEqual(['mem://a', 'greet', 'slow', 'add']);
    const [resource, prompt, cancelled, tool] = rows as [HTMLElement, HTMLElement, HTMLElement, HTMLElement];
    expect(within(resource).getByText('resource')).toBeInTheDocument();
    expect(within(prompt).getByText('prompt')).toBeInTheDocument();
    // Cancelled is not an error.
    expect(within(cancelled).getByText('cancelled')).toBeInTheDocument();
    expect(within(cancelled).queryByText('error')).toBeNull();
    expect(within(resource).getByText('error')).toBeInTheDocument();
    // Only tool calls have a form to fill.
    expect(within(prompt).queryByRole('button', { name: 'Fill the form' })).toBeNull();

    await user.click(within(tool).getByRole('button', { name: 'Show result' }));
    expect(within(tool).getByText('the sum is 3')).toBeInTheDocument();
    expect(within(tool).getByText(/"sum": 3/)).toBeInTheDocument();

    await user.click(within(tool).getByRole('button', { name: 'Fill the form' }));
    expect(onReplay).toHaveBeenCalledWith('add', { a: 1, b: 2 });

    await user.click(within(tool).getByRole('button', { name: 'Run again' }));
    expect(await within(tool).findByText('ran again: 3')).toBeInTheDocument();
    expect(calls.find((c) => c.cmd === 'tool_call')?.req).toMatchObject({ serverId: 's1', name: 'add', arguments: { a: 1, b: 2 } });
  });
});

describe('Raw', () => {
  it('shows every exchange newest first, with ids, tool names and outcomes, and new ones as they happen', async () => {
    mockIPC((cmd) => {
      if (cmd === 'exchanges_list') {
        return [
          exchange('initialize', { request: { method: 'initialize', params: { clientInfo: { name: 'Gatehouse' }, capabilities: {} } }, startedAt: 1 }),
          exchange('tools/call', {
            id: 3,
            outcome: 'cancelled',
            ok: false,
            request: { jsonrpc: '2.0', id: 3, method: 'tools/call', params: { name: 'slow', _meta: { progressToken: 7 } } },
            response: { cancelled: true },
            startedAt: 2,
          }),
        ];
      }
      return null;
    });
    const client = createQueryClient();
    render(
      <QueryClientProvider client={client}>
        <RawTab serverId="s1" />
      </QueryClientProvider>,
    );
    let rows = await screen.findAllByTestId('raw-row');
    expect(rows.map((r) => r.querySelector('code')?.textContent)).toEqual(['tools/call', 'initialize']);
    const call = rows[0] as HTMLElement;
    expect(within(call).getByTestId('raw-subject')).toHaveTextContent('slow');
    expect(within(call).getByText('cancelled')).toBeInTheDocument();
    expect(within(call).getByText('id 3')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Refresh' })).toBeNull();

    act(() => {
      appendExchange(
        client,
        's1',
        exchange('tools/call', {
          id: 4,
          outcome: 'error',
          ok: false,
          request: { params: { name: 'boom' } },
          response: { jsonrpc: '2.0', id: 4, error: { code: -32602, message: 'bad arguments', data: { field: 'a' } } },
          startedAt: 3,
        }),
      );
    });
    await waitFor(() => expect(screen.getAllByTestId('raw-row')).toHaveLength(3));
    rows = screen.getAllByTestId('raw-row');
    expect(within(rows[0] as HTMLElement).getByTestId('raw-subject')).toHaveTextContent('boom');
    expect(within(rows[0] as HTMLElement).getByText('error')).toBeInTheDocument();
  });
});
