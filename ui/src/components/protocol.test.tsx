import { QueryClientProvider } from '@tanstack/react-query';
import { act, cleanup, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ServerInfo, ServerProfile, TaskInfo } from '../bindings/ipc';
import { addNotifications } from '../lib/appState';
import { createQueryClient } from '../lib/queryClient';
import { applyTaskChange, mergeTask } from '../lib/tasks';
import { TasksTab } from '../routes/TasksTab';
import { PromptForm } from './PromptForm';
import { ResourceFollow } from './ResourceFollow';
import { ServerProtocolControls } from './ServerProtocolControls';
import { TaskRow } from './TaskRow';

afterEach(() => {
  cleanup();
  clearMocks();
});

function withClient(ui: React.ReactNode) {
  return render(<QueryClientProvider client={createQueryClient()}>{ui}</QueryClientProvider>);
}

type Req = Record<string, unknown>;

describe('completions', () => {
  it('asks once typing pauses, with the other filled arguments as context, and fills a chosen suggestion', async () => {
    const user = userEvent.setup();
    const asked: Req[] = [];
    mockIPC((cmd, args) => {
      const req = (args as { req: Req }).req;
      if (cmd === 'completion_complete') {
        asked.push(req);
        return { values: req.argument === 'audience' ? ['auditor'] : ['thorough', 'brief'], total: null, hasMore: false };
      }
      return null;
    });
    const prompt = {
      name: 'explain_access',
      title: null,
      description: null,
      arguments: [
        { name: 'audience', description: null, required: true },
        { name: 'detail', description: null, required: false },
      ],
    };
    render(<PromptForm serverId="s1" prompt={prompt} busy={false} onGet={() => undefined} />);
    await user.type(screen.getByTestId('arg-audience'), 'aud');
    await user.click(await screen.findByRole('button', { name: 'auditor' }));
    expect(screen.getByTestId('arg-audience')).toHaveValue('auditor');
    // Chosen: the list closes, so it cannot cover the next field.
    expect(screen.queryByTestId('suggestions-audience')).toBeNull();
    // Debounced: three keystrokes, far fewer requests.
    expect(asked.filter((r) => r.argument === 'audience').length).toBeLessThanOrEqual(2);
    await user.click(screen.getByTestId('arg-detail'));
    expect(await screen.findByRole('button', { name: 'thorough' })).toBeInTheDocument();
    const last = asked.at(-1);
    expect(last).toMatchObject({
      serverId: 's1',
      target: { kind: 'prompt', name: 'explain_access' },
      argument: 'detail',
      value: '',
      context: { audience: 'auditor' },
    });
  });
});

const task = (over: Partial<TaskInfo>): TaskInfo => ({
  serverId: 's1',
  taskId: 't1',
  tool: 'count_slowly',
  arguments: {},
  state: 'working',
  statusMessage: '1 of 5 steps',
  callId: 'task-c1',
  startedAt: 1,
  updatedAt: 1,
  result: null,
  resultIsError: false,
  error: null,
  exchange: null,
  ...over,
});

describe('tasks', () => {
  it('a change replaces the task in place, newest first', () => {
    const list = mergeTask(mergeTask(undefined, task({ taskId: 'a', startedAt: 1 })), task({ taskId: 'b', startedAt: 2 }));
    expect(list.map((t) => t.taskId)).toEqual(['b', 'a']);
    const changed = mergeTask(list, task({ taskId: 'a', startedAt: 1, state: 'completed' }));
    expect(changed.map((t) => [t.taskId, t.state])).toEqual([
      ['b', 'working'],
      ['a', 'completed'],
    ]);
  });

  it('a running task can be cancelled; a finished one shows its result and no cancel', async () => {
    const user = userEvent.setup();
    const cancelled: Req[] = [];
    mockIPC((cmd, args) => {
      if (cmd === 'task_cancel') {
        cancelled.push((args as { req: Req }).req);
        return task({ state: 'cancelled' });
      }
      return null;
    });
    const { rerender } = withClient(<TaskRow task={task({})} />);
    expect(screen.getByTestId('task-state')).toHaveTextContent('Working');
    expect(screen.getByTestId('task-status-message')).toHaveTextContent('1 of 5 steps');
    await user.click(screen.getByTestId('task-cancel'));
    await waitFor(() => expect(cancelled).toEqual([{ serverId: 's1', taskId: 't1' }]));
    rerender(
      <QueryClientProvider client={createQueryClient()}>
        <TaskRow task={task({ state: 'completed', result: [{ type: 'text', text: 'Counted 5 steps as a task.' }] })} />
      </QueryClientProvider>,
    );
    expect(screen.getByTestId('task-result')).toHaveTextContent('Counted 5 steps as a task.');
    expect(screen.queryByTestId('task-cancel')).toBeNull();
  });

  it('lists the tasks the server keeps, those started elsewhere too, and a change from the core updates them live', async () => {
    const listed: Req[] = [];
    mockIPC((cmd, args) => {
      if (cmd === 'tasks_list') {
        listed.push((args as { req: Req }).req);
        return [task({ taskId: 'elsewhere', tool: '', statusMessage: 'halfway', callId: 'task-e' })];
      }
      if (cmd === 'tools_list') return [];
      return null;
    });
    const client = createQueryClient();
    render(
      <QueryClientProvider client={client}>
        <TasksTab serverId="s1" />
      </QueryClientProvider>,
    );
    await waitFor(() => expect(screen.getByTestId('task')).toHaveTextContent('Started elsewhere'));
    expect(listed).toEqual([{ serverId: 's1' }]);
    expect(screen.getByTestId('task-status-message')).toHaveTextContent('halfway');
    // The status the server pushed, as the core reports it (task_changed).
    act(() => applyTaskChange(client, task({ taskId: 'elsewhere', tool: '', state: 'completed', statusMessage: 'finished', callId: 'task-e' })));
    await waitFor(() => expect(screen.getByTestId('task-state')).toHaveTextContent('Completed'));
    expect(screen.getByTestId('task-status-message')).toHaveTextContent('finished');
    expect(screen.getAllByTestId('task')).toHaveLength(1);
  });
});

const info: ServerInfo = {
  name: 'w',
  title: null,
  version: '1',
  protocolVersion: '2025-11-25',
  instructions: null,
  authenticated: true,
  capabilities: {
    tools: true,
    toolsListChanged: false,
    resources: true,
    resourcesSubscribe: true,
    resourcesListChanged: false,
    prompts: true,
    promptsListChanged: false,
    logging: true,
    completions: true,
    raw: {},
  },
};
const profile: ServerProfile = {
  id: 's1',
  name: 'W',
  url: 'https://w.example/mcp',
  headers: [],
  timeoutSecs: 30,
  oauthClientId: null,
  hasClientSecret: false,
  roots: [],
};

describe('the server card protocol row', () => {
  it('pings with the round trip, sets the log level, and pins a version', async () => {
    const user = userEvent.setup();
    const calls: [string, Req][] = [];
    mockIPC((cmd, args) => {
      const req = (args as { req: Req }).req;
      calls.push([cmd, req]);
      if (cmd === 'server_ping') return { roundTripMs: 12, at: 0 };
      if (cmd === 'server_protocol_pin') return { ...profile, protocolVersion: req.protocolVersion };
      return null;
    });
    const onPinned = vi.fn();
    withClient(<ServerProtocolControls info={info} profile={profile} onPinned={onPinned} />);
    await user.click(screen.getByTestId('server-ping'));
    expect(await screen.findByTestId('ping-rtt')).toHaveTextContent('12 ms round trip');
    await user.selectOptions(screen.getByTestId('log-level'), 'warning');
    await user.selectOptions(screen.getByTestId('protocol-pin'), '2026-07-28');
    await waitFor(() => expect(onPinned).toHaveBeenCalledTimes(1));
    expect(calls).toContainEqual(['log_level_set', { serverId: 's1', level: 'warning' }]);
    expect(calls).toContainEqual(['server_protocol_pin', { serverId: 's1', protocolVersion: '2026-07-28' }]);
  });
});

describe('following a resource', () => {
  it('subscribes, and each update of that resource reads it again', async () => {
    const user = userEvent.setup();
    let following: string[] = [];
    mockIPC((cmd, args) => {
      const req = (args as { req: Req }).req;
      if (cmd === 'resource_subscriptions') return { uris: following, method: 'resources/subscribe' };
      if (cmd === 'resource_subscribe') {
        following = [String(req.uri)];
        return { uris: following, method: 'resources/subscribe' };
      }
      return null;
    });
    const onUpdated = vi.fn();
    withClient(<ResourceFollow serverId="sf" uri="gatehouse://counter" onUpdated={onUpdated} />);
    await user.click(await screen.findByTestId('resource-subscribe'));
    expect(await screen.findByTestId('resource-updates')).toHaveTextContent('no update yet');
    const updated = (uri: string, at: number) => ({
      notificationKind: 'resource_updated' as const,
      level: null,
      params: { uri },
      at,
      repeats: 1,
    });
    act(() => addNotifications('sf', [updated('gatehouse://other', 1), updated('gatehouse://counter', 2)], 0));
    await waitFor(() => expect(onUpdated).toHaveBeenCalledTimes(1));
    expect(screen.getByTestId('resource-updates')).toHaveTextContent('1 update,');
  });
});
