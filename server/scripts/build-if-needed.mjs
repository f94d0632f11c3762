#!/usr/bin/env node
// Builds dist/ only when it is missing or older than the sources.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

import { needsBuild, serverRoot } from './stack.mjs';

if (needsBuild()) {
  const run = spawnSync(process.execPath, [join(serverRoot, 'scripts', 'build.mjs')], { stdio: ['ignore', 'ignore', 'inherit'] });
  process.exit(run.status ?? 1);
}
