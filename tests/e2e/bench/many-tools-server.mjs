// A plain MCP server (no auth) with many tools, for the tool-list benchmark.
//   node bench/many-tools-server.mjs [COUNT]  → prints {"mcp": "http://127.0.0.1:PORT/mcp"}
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

function mcpServer() {
  const server = new Server({ name: 'many-tools', version: '1.0.0' }, { capabilities: { tools: {} } });
  server.setRequestHandler(ListToolsRequestSchema, async () => ({ tools }));
  server.setRequestHandler(CallToolRequestSchema, async (req) => ({ content: [{ type: 'text', text: `called ${req.params.name}` }] }));
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
