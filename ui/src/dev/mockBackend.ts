// A fake core for `npm run dev` in a plain browser (no Tauri): lets the UI be seen and clicked without Rust.
// Loaded only in development builds when the Tauri internals are absent; production bundles never include it.
import { emit } from '@tauri-apps/api/event';
import { mockIPC } from '@tauri-apps/api/mocks';
import {
  APP_EVENT,
  type AppEvent,
  type Exchange,
  type HistoryEntry,
  type ServerProfile,
  type ToolInfo,
  type ToolSummary,
} from '../bindings/ipc';
import { handleSetup } from './mockSetup';

const servers: ServerProfile[] = [
  { id: 'demo', name: 'demo', url: 'https://mcp.example.com/mcp', headers: [], timeoutSecs: 60, oauthClientId: null, hasClientSecret: false, roots: [] },
  {
    id: 'big',
    name: 'big-catalogue',
    url: 'http://127.0.0.1:8787/mcp',
    headers: [{ name: 'X-Api-Key', value: null, secret: true }],
    timeoutSecs: 60,
    oauthClientId: null,
    hasClientSecret: false,
    roots: [],
  },
];

const rich: ToolInfo = {
  name: 'create_issue',
  title: 'Create issue',
  description: 'Creates an issue. Supports **markdown** and [links](https://example.com).',
  inputSchema: {
    type: 'object',
    required: ['title', 'repo'],
    properties: {
      repo: { type: 'string', title: 'Repository', description: 'owner/name', pattern: '^[^/]+/[^/]+$' },
      title: { type: 'string', title: 'Title', minLength: 3 },
      priority: { type: 'string', title: 'Priority', enum: ['low', 'normal', 'high'], default: 'normal' },
      labels: {
        type: 'array',
        title: 'Labels',
        items: { type: 'object', required: ['name'], properties: { name: { type: 'string', title: 'Name' }, color: { type: 'string', title: 'Color' } } },
      },
      assignee: {
        title: 'Assignee',
        oneOf: [
          { title: 'User', type: 'object', properties: { login: { type: 'string', title: 'Login' } }, required: ['login'] },
          { title: 'Team', type: 'object', properties: { team: { type: 'string', title: 'Team' } }, required: ['team'] },
        ],
      },
      notify: { type: 'boolean', title: 'Notify watchers', default: true },
    },
  },
  outputSchema: { type: 'object' },
  annotations: { destructiveHint: false, idempotentHint: false },
};

function tools(serverId: string): ToolInfo[] {
  const n = serverId === 'big' ? 5000 : 12;
  const list = Array.from({ length: n }, (_, i) => ({
    name: `tool_${i}`,
    title: i % 3 === 0 ? `Tool number ${i}` : null,
    description: `Does thing ${i}${i % 7 === 0 ? ' with the weather archive' : ''}.`,
    inputSchema: { type: 'object', properties: { n: { type: 'integer', title: 'N', default: i } } },
    outputSchema: null,
    annotations: i % 5 === 0 ? { readOnlyHint: true } : null,
  }));
  return [rich, ...list];
}

/** The list as the core gives it: no schemas. */
function toolSummaries(serverId: string): ToolSummary[] {
  return tools(serverId).map(({ name, title, description, annotations }) => ({ name, title, description, annotations }));
}

/** One whole tool, as `tool_get` reads it from the core's copy of the list. */
function toolDetail(serverId: string, name: string, occurrence: number): ToolInfo {
  const found = tools(serverId).filter((t) => t.name === name)[occurrence];
  if (!found) throw { code: 'not_found', message: `tool “${name}” not found`, fix: null };
  return found;
}

const history: HistoryEntry[] = [];
const exchanges: Exchange[] = [];
let loggedIn = false;

function send(event: AppEvent, delay = 0) {
  window.setTimeout(() => void emit(APP_EVENT, event), delay);
}

function record(method: string, request: unknown, response: unknown, ok = true) {
  exchanges.push({ method, request, response, ok, startedAt: Date.now(), durationMs: 40 + Math.round(Math.random() * 100) });
}

const sleep = (ms: number) => new Promise((r) => window.setTimeout(r, ms));

async function handle(cmd: string, req: Record<string, unknown> | null): Promise<unknown> {
  const setup = handleSetup({ servers, send }, cmd, req);
  if (setup !== undefined) return setup;
  const serverId = (req?.serverId as string | undefined) ?? '';
  switch (cmd) {
    case 'servers_list':
      return servers;
    case 'server_save': {
      const input = req as unknown as ServerProfile & { id: string | null };
      const saved: ServerProfile = {
        id: input.id ?? crypto.randomUUID(),
        name: input.name,
        url: input.url,
        headers: (input.headers as { name: string; value: string | null; secret: boolean }[]).map((h) => ({ ...h, value: h.secret ? null : h.value })),
        timeoutSecs: input.timeoutSecs,
        oauthClientId: input.oauthClientId,
        hasClientSecret: false,
        roots: [],
      };
      const i = servers.findIndex((s) => s.id === saved.id);
      if (i >= 0) servers[i] = saved;
      else servers.push(saved);
      return saved;
    }
    case 'server_delete':
      servers.splice(servers.findIndex((s) => s.id === serverId), 1);
      return null;
    case 'server_connect':
      await sleep(400);
      if ((serverId === 'demo' || serverId.startsWith('setup-')) && !loggedIn) {
        return { status: 'login_required', reason: { code: 'auth_required', message: 'The server answered 401 and asks for an OAuth login.', fix: null } };
      }
      record('initialize', { protocolVersion: '2025-11-25' }, { serverInfo: { name: serverId } });
      send(
        {
          kind: 'server_notifications',
          serverId,
          entries: [{ notificationKind: 'log', level: 'info', params: { data: 'hello from the server' }, at: Date.now(), repeats: 1 }],
          dropped: 0,
        },
        1500,
      );
      return {
        status: 'connected',
        info: {
          name: `${serverId}-server`,
          title: serverId === 'demo' ? 'Demo MCP' : 'Big catalogue',
          version: '0.9.1',
          protocolVersion: '2025-11-25',
          instructions: 'Use `create_issue` to file bugs. Be concise.',
          capabilities: { tools: true, toolsListChanged: true, resources: true, resourcesSubscribe: false, resourcesListChanged: true, prompts: true, promptsListChanged: false, logging: true, completions: false, raw: { tools: { listChanged: true }, resources: {}, prompts: {}, logging: {} } },
          authenticated: serverId === 'demo',
        },
      };
    case 'server_disconnect':
      return null;
    case 'login_start':
      send({ kind: 'login_finished', serverId, error: null }, 2500);
      loggedIn = true;
      return { authorizationUrl: 'https://auth.example.com/authorize?client_id=x', redirectUri: 'dev.gatehouse.app:/oauth/callback', browserError: null };
    case 'login_cancel':
    case 'app_events_ready':
      return null;
    case 'logout':
      loggedIn = false;
      return null;
    case 'tools_list':
      await sleep(150);
      return toolSummaries(serverId);
    case 'tool_get':
      return toolDetail(serverId, String(req?.name), Number(req?.occurrence ?? 0));
    case 'tool_call': {
      const callId = req?.callId as string;
      for (let i = 1; i <= 4; i++) send({ kind: 'tool_progress', callId, progress: i, total: 4, message: `step ${i} of 4` }, i * 300);
      await sleep(1400);
      const outcome = {
        content: [
          { type: 'text', text: `Called **${String(req?.name)}** with:\n\n\`\`\`json\n${JSON.stringify(req?.arguments, null, 2)}\n\`\`\`\n\nSee [the docs](https://example.com).` },
          { type: 'resource_link', uri: 'repo://issues/42', name: 'issue-42', title: 'Issue #42', description: 'The issue that was created', mimeType: 'application/json' },
        ],
        structuredContent: { id: 42, url: 'https://example.com/issues/42' },
        structuredCheck: { status: 'valid' },
        isError: false,
        exchange: { method: 'tools/call', request: { name: req?.name, arguments: req?.arguments }, response: { content: [] }, ok: true, startedAt: Date.now() - 1400, durationMs: 1400 },
      };
      history.unshift({ id: crypto.randomUUID(), serverId, tool: String(req?.name), arguments: req?.arguments as Record<string, unknown>, kind: 'tool', isError: false, cancelled: false, summary: 'Called with success', startedAt: Date.now() - 1400, durationMs: 1400 });
      record('tools/call', outcome.exchange.request, outcome);
      return outcome;
    }
    case 'tool_cancel':
      return null;
    case 'resources_list':
      return {
        resources: [
          { uri: 'file:///readme.md', name: 'readme', title: 'README', description: null, mimeType: 'text/markdown' },
          { uri: 'file:///logo.png', name: 'logo', title: null, description: null, mimeType: 'image/png' },
        ],
        templates: [{ uriTemplate: 'repo://{owner}/{name}/issues{?state}', name: 'issues', title: 'Issues of a repository', description: null, mimeType: null }],
      };
    case 'resource_read':
      return {
        contents: [{ kind: 'text', uri: req?.uri as string, mimeType: 'text/plain', text: `Contents of ${String(req?.uri)}` }],
        exchange: { method: 'resources/read', request: req, response: {}, ok: true, startedAt: Date.now(), durationMs: 20 },
      };
    case 'prompts_list':
      return [{ name: 'summarise', title: 'Summarise', description: 'Summarise a text', arguments: [{ name: 'text', description: 'What to summarise', required: true }, { name: 'tone', description: null, required: false }] }];
    case 'prompt_get':
      return {
        description: 'A summary prompt',
        messages: [
          { role: 'user', content: { type: 'text', text: `Summarise: ${JSON.stringify(req?.arguments)}` } },
          { role: 'assistant', content: { type: 'text', text: 'Sure — here is a *summary*.' } },
        ],
        exchange: { method: 'prompts/get', request: req, response: {}, ok: true, startedAt: Date.now(), durationMs: 20 },
      };
    case 'history_list':
      return history.filter((h) => h.serverId === serverId);
    case 'history_clear':
      history.length = 0;
      return null;
    case 'exchanges_list':
      return exchanges;
    case 'raw_messages_list':
      return {
        messages: [
          { seq: 0, direction: 'client_to_server', kind: 'notification', method: 'notifications/initialized', at: Date.now() - 5000, message: { jsonrpc: '2.0', method: 'notifications/initialized' } },
          {
            seq: 1,
            direction: 'server_to_client',
            kind: 'notification',
            method: 'notifications/message',
            at: Date.now() - 2000,
            message: { jsonrpc: '2.0', method: 'notifications/message', params: { level: 'info', data: 'warming up' } },
          },
        ],
        dropped: 0,
        keptAtMost: 1000,
      };
    case 'raw_message_full':
      return '{}';
    case 'raw_message_save':
      return { path: '/home/you/Downloads/message.json', bytes: 2 };
    case 'resource_save': {
      const name = String(req?.uri ?? 'resource').split('/').pop() || 'resource';
      return { path: `/home/you/Downloads/${name}`, bytes: Math.floor((String(req?.blob ?? '').length * 3) / 4) };
    }
    case 'server_requests_list':
      return [];
    case 'app_info':
      return { version: '0.0.0-dev', identifier: 'dev.gatehouse.desktop', redirectUri: 'dev.gatehouse.app:/oauth/callback' };
    default:
      throw { code: 'internal', message: `The mock core has no command ${cmd}.`, fix: null };
  }
}

export function installMockBackend(): void {
  mockIPC((cmd, args) => handle(cmd, ((args as { req?: Record<string, unknown> | null } | undefined)?.req ?? null)), { shouldMockEvents: true });
  console.info('Gatehouse: running against the mock core (no Tauri).');
}
