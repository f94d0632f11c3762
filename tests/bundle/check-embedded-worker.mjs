#!/usr/bin/env node
// Checks that a built binary carries the MCP server Worker it is meant to deploy: gatehouse-provision embeds
// server/dist/manifest.json verbatim and every module it lists (include_str!/include_bytes!), so the binary must
// contain each module's sha256 (as the manifest spells it) and the module's bytes.
// Usage: node check-embedded-worker.mjs BINARY [DIST_DIR]   Prints one line per finding; exit 1 if any is missing.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const [binaryPath, dist = 'server/dist'] = process.argv.slice(2);
if (!binaryPath) {
  console.error('usage: check-embedded-worker.mjs BINARY [DIST_DIR]');
  process.exit(2);
}

let manifest;
try {
  manifest = JSON.parse(readFileSync(join(dist, 'manifest.json'), 'utf8'));
} catch (e) {
  console.log(`cannot read ${dist}/manifest.json (${e.message}); build the Worker with make server-build`);
  process.exit(1);
}
const binary = readFileSync(binaryPath);
let missing = 0;

for (const module of manifest.modules ?? []) {
  const bytes = readFileSync(join(dist, module.name));
  const actual = createHash('sha256').update(bytes).digest('hex');
  if (actual !== module.sha256) {
    console.log(`${dist}/${module.name} does not match its manifest sha256; rebuild the Worker (make server-build)`);
    missing += 1;
    continue;
  }
  const hashAt = binary.indexOf(Buffer.from(module.sha256, 'ascii'));
  if (hashAt < 0) {
    console.log(`Worker manifest not embedded: sha256 ${module.sha256} of ${module.name} is not in the binary`);
    missing += 1;
  } else {
    console.log(`Worker manifest embedded: sha256 of ${module.name} ${module.sha256.slice(0, 12)}… at byte ${hashAt}`);
  }
  const bodyAt = binary.indexOf(bytes);
  if (bodyAt < 0) {
    console.log(`Worker module not embedded: the ${bytes.length} bytes of ${module.name} are not in the binary`);
    missing += 1;
  } else {
    console.log(`Worker module embedded: all ${bytes.length} bytes of ${module.name} at byte ${bodyAt}`);
  }
}
if ((manifest.modules ?? []).length === 0) {
  console.log(`${dist}/manifest.json lists no modules`);
  missing += 1;
}
process.exit(missing > 0 ? 1 : 0);
