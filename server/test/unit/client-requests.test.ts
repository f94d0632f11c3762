// The tools that ask the client something, against an MCP client in the test (in memory): what they ask, and what
// they make of the answers.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import {
  type CallToolResult,
  CreateMessageRequestSchema,
  type ElicitRequest,
  ElicitRequestSchema,
  ElicitationCompleteNotificationSchema,
  ListRootsRequestSchema,
} from '@modelcontextprotocol/sdk/types.js';
import { CfWorkerJsonSchemaValidator } from '@modelcontextprotocol/sdk/validation/cfworker-provider.js';
import { describe, expect, test } from 'vitest';

import { registerClientRequestTools } from '../../src/tools/client-requests';
import { describeOrder } from '../../src/tools/order-coffee';

async function connected() {
  const server = new McpServer({ name: 'test', version: '1' }, { jsonSchemaValidator: new CfWorkerJsonSchemaValidator() });
  registerClientRequestTools({ server, user: () => null });
  const client = new Client(
    { name: 'test-client', version: '1' },
    { capabilities: { elicitation: { form: {}, url: {} }, sampling: {}, roots: { listChanged: true } } },
  );
  const [a, b] = InMemoryTransport.createLinkedPair();
  await Promise.all([server.connect(a), client.connect(b)]);
  return { server, client };
}

function text(result: unknown): string {
  const content = (result as CallToolResult).content[0];
  return content?.type === 'text' ? content.text : '';
}

describe('tools that ask the client', () => {
  test('order_coffee sends a form with defaults and titled enums, and repeats the order', async () => {
    const { client } = await connected();
    let asked: ElicitRequest['params'] | undefined;
    client.setRequestHandler(ElicitRequestSchema, (request) => {
      asked = request.params;
      return { action: 'accept', content: { name: 'Ada', size: 'large', milk: 'none', extras: ['vanilla'], shots: 1, decaf: true } };
    });
    const result = await client.callTool({ name: 'order_coffee', arguments: {} });
    expect(text(result)).toBe('One large decaf coffee for Ada: 1 shot, no milk with vanilla.');
    expect(asked?.mode).toBe('form');
    const properties = (asked as { requestedSchema: { properties: Record<string, Record<string, unknown>> } }).requestedSchema.properties;
    expect(properties.size?.default).toBe('medium');
    expect(properties.size?.oneOf).toContainEqual({ const: 'large', title: 'Large (16 oz)' });
    expect(properties.milk?.enumNames).toEqual(['No milk', 'Whole milk', 'Oat milk']);
    expect(properties.extras?.default).toEqual(['cinnamon']);
    expect(properties.shots?.default).toBe(2);
    expect(properties.decaf?.default).toBe(false);
  });

  test('order_coffee refuses an answer that does not fit the form', async () => {
    const { client } = await connected();
    client.setRequestHandler(ElicitRequestSchema, () => ({ action: 'accept', content: { name: 'Ada', size: 'huge' } }));
    const result = (await client.callTool({ name: 'order_coffee', arguments: {} })) as CallToolResult;
    expect(result.isError).toBe(true);
    expect(text(result)).toContain('does not match');
  });

  test('order_coffee says so when the user declines or cancels', () => {
    expect(describeOrder({ action: 'decline' })).toContain('declined');
    expect(describeOrder({ action: 'cancel' })).toContain('cancelled');
  });

  test('visit_page asks for a URL and says the visit is done after the user agrees', async () => {
    const { client } = await connected();
    let asked: ElicitRequest['params'] | undefined;
    const completed: string[] = [];
    client.setNotificationHandler(ElicitationCompleteNotificationSchema, (n) => {
      completed.push(n.params.elicitationId);
    });
    client.setRequestHandler(ElicitRequestSchema, (request) => {
      asked = request.params;
      return { action: 'accept' };
    });
    const result = await client.callTool({ name: 'visit_page', arguments: { doneAfterMs: 0 } });
    expect(text(result)).toContain('the page is done');
    expect(asked?.mode).toBe('url');
    const url = asked as { url: string; elicitationId: string };
    expect(url.url).toMatch(/^https:\/\/modelcontextprotocol\.io\//);
    expect(completed).toEqual([url.elicitationId]);
  });

  test('visit_page sends no completion when the user declines', async () => {
    const { client } = await connected();
    const completed: string[] = [];
    client.setNotificationHandler(ElicitationCompleteNotificationSchema, (n) => {
      completed.push(n.params.elicitationId);
    });
    client.setRequestHandler(ElicitRequestSchema, () => ({ action: 'decline' }));
    const result = await client.callTool({ name: 'visit_page', arguments: { doneAfterMs: 0 } });
    expect(text(result)).toBe('You declined the visit.');
    expect(completed).toEqual([]);
  });

  test('write_haiku sends messages, a system prompt, model preferences and maxTokens, and returns the reply', async () => {
    const { client } = await connected();
    client.setRequestHandler(CreateMessageRequestSchema, (request) => {
      expect(request.params.systemPrompt).toContain('poet');
      expect(request.params.maxTokens).toBe(100);
      expect(request.params.modelPreferences?.hints).toEqual([{ name: 'claude' }]);
      expect(request.params.messages[0]?.content).toEqual({ type: 'text', text: 'Write a haiku about rain.' });
      return { role: 'assistant', model: 'human', content: { type: 'text', text: 'Soft rain on the roof' } };
    });
    const result = await client.callTool({ name: 'write_haiku', arguments: { topic: 'rain' } });
    expect(text(result)).toBe('Soft rain on the roof\n\n(written by human)');
  });

  test('write_haiku reports a rejected request as a tool error', async () => {
    const { client } = await connected();
    client.setRequestHandler(CreateMessageRequestSchema, () => {
      throw new Error('The user rejected the sampling request');
    });
    const result = (await client.callTool({ name: 'write_haiku', arguments: {} })) as CallToolResult;
    expect(result.isError).toBe(true);
    expect(text(result)).toContain('rejected');
  });

  test('list_roots lists the folders and counts the changes the client announced', async () => {
    const { client } = await connected();
    let roots = [{ uri: 'file:///home/ada/project', name: 'project' }];
    client.setRequestHandler(ListRootsRequestSchema, () => ({ roots }));
    const first = await client.callTool({ name: 'list_roots', arguments: {} });
    expect(text(first)).toBe('- project (file:///home/ada/project)\n\nThe client said its folders changed 0 times in this session.');
    roots = [];
    await client.sendRootsListChanged();
    const second = (await client.callTool({ name: 'list_roots', arguments: {} })) as CallToolResult;
    expect(text(second)).toBe('The client shares no folders.\n\nThe client said its folders changed once in this session.');
    expect(second.structuredContent).toEqual({ roots: [], changes: 1 });
  });
});
