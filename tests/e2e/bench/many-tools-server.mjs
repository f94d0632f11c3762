// A plain MCP server (no auth) with many tools, for the tool-list benchmark.
//   node bench/many-tools-server.mjs [COUNT] [big]  → prints {"mcp": "http://127.0.0.1:PORT/mcp"}
// With `big` it also has two tools with large results: big_text (one 5 MB text block) and
// many_blocks (1,000 text blocks).
import { createServer } from 'node:http';
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { CallToolRequestSchema, ListToolsRequestSchema } from '@modelcontextprotocol/sdk/types.js';

const count = Number(process.argv[2] ?? 5000);
const verbs = ['list', 'get', 'create', 'update', 'delete', 'search', 'sync', 'export'];
const nouns = ['invoice', 'customer', 'ticket', 'deployment', 'report', 'document', 'repository', 'alert'];
const tools = Array.from({ length: count }, (_, i) => ({
  name: `${verbs[i % verbs.length]}_${nouns[Math.floor(i / verbs.length) % nouns.length]}_${i}`,
  description: `Tool number ${i}: ${verbs[i % verbs.length]}s a ${nouns[i % nouns.length]} in workspace ${i % 37}.`,
  inputSchema: { type: 'object', properties: { id: { type: 'string' }, limit: { type: 'integer', default: 10 } }, required: ['id'] },
}));
const noArguments = { type: 'object', properties: {} };
const bigResults = {
  // 5 MB of log-like text: 80-character lines.
  big_text: () => {
    const line = (i) => `${String(i).padStart(8, '0')} INFO request served in ${i % 997} ms by worker ${i % 13} ${'.'.repeat(30)}\n`;
    const lines = [];
    let size = 0;
    for (let i = 0; size < 5 * 1024 * 1024; i += 1) {
      const l = line(i);
      lines.push(l);
      size += l.length;
    }
    return [{ type: 'text', text: lines.join('') }];
  },
  many_blocks: () => Array.from({ length: 1000 }, (_, i) => ({ type: 'text', text: `Block ${i + 1} of 1000: record ${i} is up to date.` })),
};
const bigContent = new Map();
if (process.argv[3] === 'big') {
  for (const [name, make] of Object.entries(bigResults)) {
    tools.push({ name, description: `Returns a large result (${name}).`, inputSchema: noArguments });
    bigContent.set(name, make());
  }
}

function mcpServer() {
  const server = new Server({ name: 'many-tools', version: '1.0.0' }, { capabilities: { tools: {} } });
  server.setRequestHandler(ListToolsRequestSchema, async () => ({ tools }));
  server.setRequestHandler(CallToolRequestSchema, async (req) => ({
    content: bigContent.get(req.params.name) ?? [{ type: 'text', text: `called ${req.params.name}` }],
  }));
  return server;
}

const http = createServer(async (req, res) => {
  if (!req.url?.startsWith('/mcp')) {
    res.writeHead(404).end();
    return;
  }
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  const body = chunks.length ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : undefined;
  // Stateless: a fresh server and transport per request.
  const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
  const server = mcpServer();
  res.on('close', () => {
    transport.close();
    server.close();
  });
  await server.connect(transport);
  await transport.handleRequest(req, res, body);
});
http.listen(0, '127.0.0.1', () => {
  console.log(JSON.stringify({ mcp: `http://127.0.0.1:${http.address().port}/mcp`, tools: count }));
});
process.on('SIGTERM', () => process.exit(0));
