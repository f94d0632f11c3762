// The build output the desktop app embeds: dist/manifest.json must describe dist/ exactly.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';

import { stripJsonc } from '../../scripts/jsonc.mjs';
import { distDir, serverRoot } from '../../scripts/stack.mjs';

type Manifest = {
  script_name: string;
  main_module: string;
  compatibility_date: string;
  compatibility_flags: string[];
  modules: Array<{ name: string; content_type: string; size: number; sha256: string }>;
  bindings: Array<{ type: string; name: string; class_name?: string }>;
  migrations: { new_tag: string; new_sqlite_classes?: string[] };
  secrets: string[];
};

const manifest = JSON.parse(readFileSync(join(distDir, 'manifest.json'), 'utf8')) as Manifest;
const wrangler = JSON.parse(stripJsonc(readFileSync(join(serverRoot, 'wrangler.jsonc'), 'utf8')));

describe('dist/manifest.json', () => {
  test('names the script, main module, compatibility settings, bindings, migration and secrets', () => {
    expect(manifest.script_name).toBe('gatehouse-mcp');
    expect(manifest.main_module).toBe('index.js');
    expect(manifest.modules[0]?.name).toBe('index.js');
    expect(manifest.modules[0]?.content_type).toBe('application/javascript+module');
    expect(manifest.compatibility_date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(manifest.compatibility_flags).toContain('nodejs_compat');
    // Client ID Metadata Documents: fetch() may reach only public addresses.
    expect(manifest.compatibility_flags).toContain('global_fetch_strictly_public');
    expect(manifest.bindings).toEqual([
      { type: 'kv_namespace', name: 'OAUTH_KV' },
      { type: 'durable_object_namespace', name: 'MCP_OBJECT', class_name: 'GatehouseMcp' },
    ]);
    expect(manifest.migrations).toEqual({ new_tag: 'v1', new_sqlite_classes: ['GatehouseMcp'] });
    expect(manifest.secrets).toEqual(wrangler.secrets.required);
    expect(manifest.secrets).toHaveLength(6);
  });

  test('lists every file beside it, with its size and hash, and nothing else', () => {
    const files = readdirSync(distDir)
      .filter((f) => f !== 'manifest.json')
      .sort();
    expect(manifest.modules.map((m) => m.name).sort()).toEqual(files);
    for (const m of manifest.modules) {
      const path = join(distDir, m.name);
      expect(existsSync(path)).toBe(true);
      const bytes = readFileSync(path);
      expect(bytes.length).toBe(m.size);
      expect(createHash('sha256').update(bytes).digest('hex')).toBe(m.sha256);
    }
  });

  test('the main module exports the Durable Object class and a default handler', () => {
    const source = readFileSync(join(distDir, 'index.js'), 'utf8');
    expect(source).toMatch(/export\s*\{[^}]*GatehouseMcp/);
    expect(source).toMatch(/export\s*\{[^}]*as default/);
  });
});
