import { QueryClientProvider } from '@tanstack/react-query';
import { act, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { mockIPC } from '@tauri-apps/api/mocks';
import { useState } from 'react';
import { describe, expect, it } from 'vitest';
import type { ToolInfo } from '../bindings/ipc';
import { createQueryClient } from '../lib/queryClient';
import { keys } from '../lib/queryKeys';
import { answerTools } from '../test/fixtures';
import { appTestLifecycle, type Call } from '../test/renderApp';
import { TasksTab } from './TasksTab';
import { ToolsTab, type ToolSelection } from './ToolsTab';

const search: ToolInfo = {
  name: 'search',
  title: 'Search',
  description: 'Finds things',
  inputSchema: { type: 'object', required: ['q'], properties: { q: { type: 'string', title: 'Query' } } },
  outputSchema: { type: 'object' },
  annotations: { readOnlyHint: true },
};
const twin = (field: string): ToolInfo => ({
  name: 'twin',
  title: null,
  description: null,
  inputSchema: { type: 'object', properties: { [field]: { type: 'string', title: field } } },
  outputSchema: null,
  annotations: null,
});

function ToolsHarness() {
  const [selection, setSelection] = useState<ToolSelection | null>(null);
  return <ToolsTab serverId="s1" selection={selection} onSelect={setSelection} />;
}

/** Renders `ui` against a fake core whose tools are `tools()` (read at each request) and whose `tool_get` may be
 * replaced; every command is recorded. */
function setup(ui: React.ReactElement, tools: () => ToolInfo[], toolGet?: (req: unknown) => unknown) {
  const calls: Call[] = [];
  mockIPC((cmd, args) => {
    const req = (args as { req?: unknown } | undefined)?.req ?? null;
    calls.push({ cmd, req });
    if (cmd === 'tool_get' && toolGet) return toolGet(req);
    if (cmd === 'tools_list' || cmd === 'tool_get') return answerTools(tools(), cmd, req);
    if (cmd === 'tasks_list') return [];
    return null;
  });
  const client = createQueryClient();
  render(<QueryClientProvider client={client}>{ui}</QueryClientProvider>);
  return { calls, client };
}

appTestLifecycle();

describe('the tools tab', () => {
  it('lists tools without their schemas and shows the form from the selected tool, fetched whole', async () => {
    const user = userEvent.setup();
    const { calls } = setup(<ToolsHarness />, () => [search, twin('a')]);
    await user.click(await screen.findByTestId('tool-item-search'));
    // The form is built from the schema `tool_get` answered: the list carried none.
    expect(await screen.findByLabelText(/^Query/)).toBeInTheDocument();
    expect(calls.filter((c) => c.cmd === 'tool_get').map((c) => c.req)).toEqual([{ serverId: 's1', name: 'search', occurrence: 0 }]);
    const detail = screen.getByRole('region', { name: 'Tool' });
    expect(within(detail).getByRole('heading', { name: 'Search' })).toBeInTheDocument();
    expect(within(detail).getByText('read-only')).toBeInTheDocument();
    // Selected again: read once, kept.
    await user.click(screen.getByTestId('tool-item-twin'));
    await user.click(screen.getByTestId('tool-item-search'));
    expect(await screen.findByLabelText(/^Query/)).toBeInTheDocument();
    expect(calls.filter((c) => c.cmd === 'tool_get' && (c.req as { name: string }).name === 'search')).toHaveLength(1);
  });

  it('asks for the second of two tools of one name by its order', async () => {
    const user = userEvent.setup();
    const { calls } = setup(<ToolsHarness />, () => [twin('first'), twin('second')]);
    await user.click(await screen.findByTestId('tool-item-twin#2'));
    expect(await screen.findByLabelText(/^second/)).toBeInTheDocument();
    expect(screen.queryByLabelText(/^first/)).toBeNull();
    expect(calls.find((c) => c.cmd === 'tool_get')?.req).toEqual({ serverId: 's1', name: 'twin', occurrence: 1 });
  });

  it('says so when the core no longer has the selected tool', async () => {
    const user = userEvent.setup();
    setup(<ToolsHarness />, () => [search], () => {
      throw { code: 'not_found', message: 'tool “search” not found', fix: null };
    });
    await user.click(await screen.findByTestId('tool-item-search'));
    const notice = await screen.findByTestId('error-banner');
    expect(notice).toHaveAttribute('data-code', 'not_found');
    expect(notice).toHaveTextContent('tool “search” not found');
    expect(screen.queryByTestId('tool-call')).toBeNull();
  });

  it('reads the selected tool again when the list is read again', async () => {
    const user = userEvent.setup();
    let tools = [twin('old')];
    const { client } = setup(<ToolsHarness />, () => tools);
    await user.click(await screen.findByTestId('tool-item-twin'));
    expect(await screen.findByLabelText(/^old/)).toBeInTheDocument();
    tools = [twin('new')];
    await act(() => client.invalidateQueries({ queryKey: keys.tools('s1') }));
    expect(await screen.findByLabelText(/^new/)).toBeInTheDocument();
  });
});

describe('the tasks tab', () => {
  it('shows the chosen tool’s form from the tool fetched whole', async () => {
    const user = userEvent.setup();
    const { calls } = setup(<TasksTab serverId="s1" />, () => [search]);
    await waitFor(() => expect(screen.getAllByRole('option')).toHaveLength(2));
    await user.selectOptions(screen.getByTestId('task-tool'), 'search');
    expect(await screen.findByLabelText(/^Query/)).toBeInTheDocument();
    expect(calls.find((c) => c.cmd === 'tool_get')?.req).toEqual({ serverId: 's1', name: 'search', occurrence: 0 });
  });
});
