import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTaskStore } from '@modelcontextprotocol/sdk/experimental/tasks';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import {
  CallToolResultSchema,
  CompleteResultSchema,
  CreateTaskResultSchema,
  EmptyResultSchema,
  GetTaskResultSchema,
  ResourceUpdatedNotificationSchema,
} from '@modelcontextprotocol/sdk/types.js';
import { describe, expect, test } from 'vitest';

import { completeAudience, completeDetail, completeNumber } from '../../src/tools/completions';
import { COUNTER_URI, LiveCounter, registerLiveResources } from '../../src/tools/live';
import { registerPrompts } from '../../src/tools/prompts';
import { registerResources } from '../../src/tools/resources';
import { registerTaskTools } from '../../src/tools/tasks';

async function connected(): Promise<Client> {
  const server = new McpServer(
    { name: 'test', version: '0' },
    {
      capabilities: { logging: {}, tasks: { requests: { tools: { call: {} } }, list: {}, cancel: {} } },
      taskStore: new InMemoryTaskStore(),
    },
  );
  const context = { server, user: () => null };
  registerResources(context);
  registerLiveResources(context);
  registerTaskTools(context);
  registerPrompts(context);
  const [a, b] = InMemoryTransport.createLinkedPair();
  const client = new Client({ name: 'test-client', version: '0' });
  await Promise.all([server.connect(a), client.connect(b)]);
  return client;
}

describe('completions', () => {
  test('audiences and template numbers complete from what was typed', () => {
    expect(completeAudience('a')).toEqual(['auditor']);
    expect(completeAudience('')).toHaveLength(5);
    expect(completeNumber('1')).toEqual(['11', '13', '17', '19', '101', '103', '107', '109', '113', '127']);
    expect(completeNumber('x')).toEqual([]);
  });

  test('the detail follows the audience already chosen', () => {
    expect(completeDetail('', { arguments: { audience: 'auditor' } })).toEqual(['thorough', 'brief']);
    expect(completeDetail('', {})).toEqual(['brief', 'thorough']);
    expect(completeDetail('t', { arguments: { audience: 'manager' } })).toEqual(['thorough']);
  });

  test('completion/complete answers for the prompt (with context) and the template', async () => {
    const client = await connected();
    const prompt = await client.request(
      {
        method: 'completion/complete',
        params: {
          ref: { type: 'ref/prompt', name: 'explain_access' },
          argument: { name: 'detail', value: '' },
          context: { arguments: { audience: 'auditor' } },
        },
      },
      CompleteResultSchema,
    );
    expect(prompt.completion.values).toEqual(['thorough', 'brief']);
    const template = await client.request(
      {
        method: 'completion/complete',
        params: { ref: { type: 'ref/resource', uri: 'gatehouse://numbers/{n}' }, argument: { name: 'n', value: '2' } },
      },
      CompleteResultSchema,
    );
    expect(template.completion.values[0]).toBe('2');
  });
});

describe('the counter resource', () => {
  test('ticks only while followed and announces each change', async () => {
    const announced: string[] = [];
    const counter = new LiveCounter(async (uri) => void announced.push(uri), 10);
    expect(counter.subscribe('gatehouse://about')).toBe(false);
    expect(counter.subscribe(COUNTER_URI)).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 60));
    counter.unsubscribe(COUNTER_URI);
    const seen = counter.value;
    expect(seen).toBeGreaterThan(0);
    expect(announced.length).toBe(seen);
    await new Promise((resolve) => setTimeout(resolve, 40));
    expect(counter.value).toBe(seen);
  });

  test('resources/subscribe brings notifications/resources/updated over the protocol', async () => {
    const client = await connected();
    const updated = new Promise<string>((resolve) => {
      client.setNotificationHandler(ResourceUpdatedNotificationSchema, (n) => resolve(n.params.uri));
    });
    await client.request({ method: 'resources/subscribe', params: { uri: COUNTER_URI } }, EmptyResultSchema);
    expect(await updated).toBe(COUNTER_URI);
    await client.request({ method: 'resources/unsubscribe', params: { uri: COUNTER_URI } }, EmptyResultSchema);
    await expect(
      client.request({ method: 'resources/subscribe', params: { uri: 'gatehouse://about' } }, EmptyResultSchema),
    ).rejects.toThrow(/does not change/);
  });
});

describe('the task tool', () => {
  test('tools/call with a task answers at once; tasks/get follows it; tasks/result has the result', async () => {
    const client = await connected();
    const created = await client.request(
      { method: 'tools/call', params: { name: 'count_slowly', arguments: { steps: 2, delayMs: 50 }, task: { ttl: 60_000 } } },
      CreateTaskResultSchema,
    );
    expect(created.task.status).toBe('working');
    const taskId = created.task.taskId;
    let status = created.task.status;
    for (let i = 0; i < 50 && status === 'working'; i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      status = (await client.request({ method: 'tasks/get', params: { taskId } }, GetTaskResultSchema)).status;
    }
    expect(status).toBe('completed');
    const result = await client.request({ method: 'tasks/result', params: { taskId } }, CallToolResultSchema);
    expect(result.content).toEqual([{ type: 'text', text: 'Counted 2 steps as a task.' }]);
  });

  test('tasks/cancel stops the count', async () => {
    const client = await connected();
    const created = await client.request(
      { method: 'tools/call', params: { name: 'count_slowly', arguments: { steps: 5, delayMs: 50 }, task: { ttl: 60_000 } } },
      CreateTaskResultSchema,
    );
    await client.request({ method: 'tasks/cancel', params: { taskId: created.task.taskId } }, GetTaskResultSchema);
    await new Promise((resolve) => setTimeout(resolve, 400));
    const after = await client.request({ method: 'tasks/get', params: { taskId: created.task.taskId } }, GetTaskResultSchema);
    expect(after.status).toBe('cancelled');
  });
});
