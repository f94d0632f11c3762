#!/usr/bin/env node
// `node tests/cloudflare/src/cli.mjs [--port N] [--state FILE] [--config FILE]`
// Starts the local Cloudflare on 127.0.0.1, prints one JSON line on stdout, logs to stderr, runs until SIGINT/SIGTERM.
import { readFileSync, rmSync } from "node:fs";
import { parseArgs } from "node:util";
import { createLocalCloudflare } from "./server.mjs";

const { values } = parseArgs({
  options: {
    port: { type: "string" },
    state: { type: "string" },
    config: { type: "string" },
    host: { type: "string" },
  },
});
const config = values.config ? JSON.parse(readFileSync(values.config, "utf8")) : {};
const t0 = Date.now();
/** @type {Awaited<ReturnType<typeof createLocalCloudflare>>} */
let cf;
let stopping = false;
async function stop(/** @type {number} */ code) {
  if (stopping) return;
  stopping = true;
  const force = setTimeout(() => process.exit(code), 5000);
  force.unref();
  await cf?.close().catch((err) => process.stderr.write(`local-cloudflare: close failed: ${err}\n`));
  process.exit(code);
}
cf = await createLocalCloudflare({
  host: values.host || "127.0.0.1",
  port: values.port ? Number(values.port) : 0,
  stateFile: values.state,
  config,
  onDie: () => void stop(75),
});
const line = {
  api: cf.api,
  token: cf.token,
  account_id: cf.account_id,
  access: cf.access,
  auth_domain: cf.auth_domain,
  workers_subdomain: cf.workers_subdomain,
  workers_url_template: `${cf.origin}/__local/workers/{script}`,
  local: `${cf.origin}/__local`,
  access_stub: cf.access_stub,
  pid: process.pid,
};
process.stdout.write(JSON.stringify(line) + "\n");
process.stderr.write(`local-cloudflare: ready in ${Date.now() - t0} ms at ${cf.api}\n`);
// Exit codes follow the shell convention (130, 143), as Miniflare's own exit hook does once a Worker runs: it kills
// workerd and exits before our asynchronous close. State is saved after every change, so nothing is lost; the
// temporary Worker data of a run without --state is removed here.
process.on("SIGINT", () => void stop(130));
process.on("SIGTERM", () => void stop(143));
process.on("exit", () => {
  if (cf.ephemeralDir) rmSync(cf.ephemeralDir, { recursive: true, force: true });
});
