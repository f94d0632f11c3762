#!/usr/bin/env node
// Builds what the desktop app uploads: `wrangler deploy --dry-run --outdir dist` (the bundle) plus
// dist/manifest.json, a machine-readable description of the upload (see ../README.md, "Build output").
// No Cloudflare account or network is needed; nothing is sent anywhere.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

import { readJsonc } from './jsonc.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
const keepSourceMaps = process.argv.includes('--sourcemap');

const env = { ...process.env, WRANGLER_SEND_METRICS: 'false', CLOUDFLARE_API_TOKEN: '', CI: '1' };
rmSync(dist, { recursive: true, force: true });
const wrangler = join(root, 'node_modules', 'wrangler', 'bin', 'wrangler.js');
const run = spawnSync(process.execPath, [wrangler, 'deploy', '--dry-run', '--outdir', dist, '--minify'], {
  cwd: root,
  env,
  stdio: ['ignore', 'inherit', 'inherit'],
});
if (run.status !== 0) {
  process.stderr.write(`build: wrangler deploy --dry-run failed (${run.status})\n`);
  process.exit(run.status ?? 1);
}

// wrangler writes a README.md beside the bundle; the upload needs only modules.
rmSync(join(dist, 'README.md'), { force: true });

/** @param {string} dir @returns {string[]} */
const walk = (dir) =>
  readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });

/** Content types Cloudflare's multipart upload accepts for module parts. */
const CONTENT_TYPES = {
  '.js': 'application/javascript+module',
  '.mjs': 'application/javascript+module',
  '.cjs': 'application/javascript',
  '.wasm': 'application/wasm',
  '.txt': 'text/plain',
  '.html': 'text/plain',
  '.sql': 'text/plain',
  '.bin': 'application/octet-stream',
};

const config = readJsonc(join(root, 'wrangler.jsonc'));
const mainModule = 'index.js';
const modules = [];
for (const path of walk(dist).sort()) {
  const name = relative(dist, path).split('\\').join('/');
  if (name.endsWith('.map')) {
    if (!keepSourceMaps) rmSync(path);
    continue;
  }
  const ext = name.slice(name.lastIndexOf('.'));
  const contentType = CONTENT_TYPES[/** @type {keyof typeof CONTENT_TYPES} */ (ext)];
  if (!contentType) throw new Error(`build: no upload content type for ${name}`);
  const bytes = readFileSync(path);
  modules.push({
    name,
    content_type: contentType,
    size: bytes.length,
    sha256: createHash('sha256').update(bytes).digest('hex'),
  });
}
// The main module goes first: Cloudflare names it in metadata.main_module, and readers expect it there.
modules.sort((a, b) => (a.name === mainModule ? -1 : b.name === mainModule ? 1 : a.name.localeCompare(b.name)));
if (modules[0]?.name !== mainModule) throw new Error(`build: ${mainModule} missing from ${dist}`);

const migrations = config.migrations ?? [];
if (migrations.length !== 1) throw new Error('build: the manifest format expects exactly one migration step');
const [migration] = migrations;

const wranglerVersion = JSON.parse(readFileSync(join(root, 'node_modules', 'wrangler', 'package.json'), 'utf8')).version;
const manifest = {
  script_name: config.name,
  main_module: mainModule,
  compatibility_date: config.compatibility_date,
  compatibility_flags: config.compatibility_flags ?? [],
  modules,
  bindings: [
    ...(config.kv_namespaces ?? []).map((/** @type {{binding: string}} */ kv) => ({ type: 'kv_namespace', name: kv.binding })),
    ...(config.durable_objects?.bindings ?? []).map((/** @type {{name: string, class_name: string}} */ d) => ({
      type: 'durable_object_namespace',
      name: d.name,
      class_name: d.class_name,
    })),
  ],
  migrations: {
    new_tag: migration.tag,
    ...(migration.new_sqlite_classes ? { new_sqlite_classes: migration.new_sqlite_classes } : {}),
    ...(migration.new_classes ? { new_classes: migration.new_classes } : {}),
  },
  secrets: config.secrets?.required ?? [],
  keep_bindings: ['secret_text', 'secret_key'],
  observability: config.observability ?? { enabled: false },
  built_with: { wrangler: wranglerVersion },
};
writeFileSync(join(dist, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
process.stderr.write(
  `build: wrote ${relative(root, dist)}/manifest.json (${modules.length} module(s), ${modules.reduce((n, m) => n + m.size, 0)} bytes)\n`,
);
