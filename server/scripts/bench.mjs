#!/usr/bin/env node
// Authenticated tools/call throughput and latency on loopback, against the built Worker in workerd (Miniflare)
// with the Access stand-in. Every client logs in for real (its own OAuth registration, PKCE, Access login, token),
// opens its own MCP session (its own Durable Object), then calls a tool in a closed loop: one request in flight per
// client, so N clients means N concurrent requests.
//
//   node scripts/bench.mjs [--clients 8] [--duration 10] [--warmup 2] [--tool add] [--json]
import { writeFileSync, mkdirSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

import { login } from '../test/support/oauth-client.ts';
import { serverRoot, startStack } from './stack.mjs';

const { values } = parseArgs({
  options: {
    clients: { type: 'string', default: '8' },
    duration: { type: 'string', default: '10' },
    warmup: { type: 'string', default: '2' },
    tool: { type: 'string', default: 'add' },
    json: { type: 'boolean', default: false },
  },
});
const clients = Math.max(1, Math.min(256, Number(values.clients)));
const durationMs = Math.max(1, Math.min(120, Number(values.duration))) * 1000;
const warmupMs = Math.max(0, Math.min(30, Number(values.warmup))) * 1000;
const tool = values.tool;
const args = tool === 'add' ? { a: 2, b: 40 } : {};

/** Reads one JSON-RPC response from a JSON or SSE body. */
async function rpcResult(res) {
  const text = await res.text();
  if (text.startsWith('{')) return JSON.parse(text);
  for (const line of text.split('\n')) {
    if (line.startsWith('data: ')) {
      const msg = JSON.parse(line.slice(6));
      if ('result' in msg || 'error' in msg) return msg;
    }
  }
  throw new Error(`no JSON-RPC response in: ${text.slice(0, 200)}`);
}

const stack = await startStack({ autoLoginEmail: 'bench@example.com', logLevel: 'error' });
try {
  process.stderr.write(`bench: logging in ${clients} client(s)…\n`);
  const sessions = [];
  for (let i = 0; i < clients; i += 1) {
    const { tokens } = await login(stack.mcp);
    const headers = {
      authorization: `Bearer ${tokens.access_token}`,
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
    };
    const init = await fetch(stack.mcp, {
      method: 'POST',
      headers,
      body: JSON.stringify({
        jsonrpc: '2.0',
        id: 0,
        method: 'initialize',
        params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'bench', version: '0' } },
      }),
    });
    const sessionId = init.headers.get('mcp-session-id');
    await rpcResult(init);
    if (!sessionId) throw new Error('no session id');
    const sessionHeaders = { ...headers, 'mcp-session-id': sessionId, 'mcp-protocol-version': '2025-11-25' };
    await (
      await fetch(stack.mcp, {
        method: 'POST',
        headers: sessionHeaders,
        body: JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' }),
      })
    ).text();
    sessions.push(sessionHeaders);
  }

  const latencies = [];
  let errors = 0;
  let measuring = false;
  let stop = false;
  const loop = async (headers) => {
    let id = 1;
    while (!stop) {
      id += 1;
      const t0 = performance.now();
      try {
        const res = await fetch(stack.mcp, {
          method: 'POST',
          headers,
          body: JSON.stringify({ jsonrpc: '2.0', id, method: 'tools/call', params: { name: tool, arguments: args } }),
        });
        const msg = await rpcResult(res);
        const ok = res.status === 200 && msg.result && !msg.result.isError;
        if (measuring) {
          if (ok) latencies.push(performance.now() - t0);
          else errors += 1;
        }
      } catch {
        if (measuring) errors += 1;
      }
    }
  };
  process.stderr.write(
    `bench: ${clients} concurrent client(s), ${warmupMs / 1000}s warm-up, ${durationMs / 1000}s measured, tool ${tool}\n`,
  );
  const loops = sessions.map((h) => loop(h));
  await new Promise((r) => setTimeout(r, warmupMs));
  measuring = true;
  const started = performance.now();
  await new Promise((r) => setTimeout(r, durationMs));
  measuring = false;
  const elapsed = (performance.now() - started) / 1000;
  stop = true;
  await Promise.all(loops);

  latencies.sort((a, b) => a - b);
  const pct = (p) => (latencies.length ? latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] : Number.NaN);
  const result = {
    tool,
    clients,
    seconds: Number(elapsed.toFixed(2)),
    requests: latencies.length,
    errors,
    throughput_rps: Number((latencies.length / elapsed).toFixed(1)),
    p50_ms: Number(pct(50).toFixed(2)),
    p90_ms: Number(pct(90).toFixed(2)),
    p99_ms: Number(pct(99).toFixed(2)),
    max_ms: Number((latencies.at(-1) ?? Number.NaN).toFixed(2)),
    machine: { cpus: cpus().length, node: process.version },
    runtime: 'workerd via Miniflare, loopback, dist/ bundle',
  };
  mkdirSync(join(serverRoot, 'bench-results'), { recursive: true });
  writeFileSync(join(serverRoot, 'bench-results', `bench-${Date.now()}.json`), `${JSON.stringify(result, null, 2)}\n`);
  if (values.json) process.stdout.write(`${JSON.stringify(result)}\n`);
  else {
    process.stdout.write(
      `tools/call ${tool}: ${clients} concurrent clients, ${result.seconds}s\n` +
        `  throughput ${result.throughput_rps} req/s (${result.requests} ok, ${errors} errors)\n` +
        `  latency p50 ${result.p50_ms} ms, p90 ${result.p90_ms} ms, p99 ${result.p99_ms} ms, max ${result.max_ms} ms\n`,
    );
  }
} finally {
  await stack.stop();
}
