// Deploys the server bundle to a script as an older Gatehouse would have: the modules of server/dist with the
// script's KV namespace and Durable Object bindings, and no bundle identity (Workers uploaded before Gatehouse
// made them say which bundle they run). The Durable Object migration is not sent again (the script has it).
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

import { root } from './support.mjs';

/** @param {{info: {api: string, token: string, account_id: string}, state: () => Promise<any>}} cf @param {string} script */
export async function deployOlderBundle(cf, script) {
  const dist = join(root, 'server/dist');
  const manifest = JSON.parse(await readFile(join(dist, 'manifest.json'), 'utf8'));
  const state = await cf.state();
  const current = state.scripts.find((s) => s.name === script);
  if (!current) throw new Error(`no script ${script}`);
  const kv = current.bindings.find((b) => b.type === 'kv_namespace');
  const bindings = manifest.bindings.map((b) =>
    b.type === 'kv_namespace'
      ? { type: 'kv_namespace', name: b.name, namespace_id: kv.namespace_id }
      : { type: 'durable_object_namespace', name: b.name, class_name: b.class_name },
  );
  const metadata = {
    main_module: manifest.main_module,
    compatibility_date: manifest.compatibility_date,
    compatibility_flags: manifest.compatibility_flags,
    bindings,
    keep_bindings: manifest.keep_bindings,
    observability: manifest.observability,
  };
  const form = new FormData();
  form.append('metadata', new Blob([JSON.stringify(metadata)], { type: 'application/json' }), 'metadata.json');
  for (const m of manifest.modules) {
    form.append(m.name, new Blob([await readFile(join(dist, m.name))], { type: m.content_type }), m.name);
  }
  const res = await fetch(`${cf.info.api}/accounts/${cf.info.account_id}/workers/scripts/${script}`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${cf.info.token}` },
    body: form,
  });
  const answer = await res.json();
  if (!answer.success) throw new Error(`the older bundle was refused: ${JSON.stringify(answer.errors)}`);
}
