// Runs the official MCP conformance suite's client scenarios for protocol 2025-11-25 against
// `gatehouse-cli conformance`, one scenario at a time, and checks the outcome against
// expected-failures.yml. Usage: node run.mjs PATH/TO/gatehouse-cli [SCENARIO...]
// Each scenario's checks, stdout and stderr are kept under results/<scenario>-<time>/.
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

const SPEC_VERSION = '2025-11-25';
// The client metadata URL the suite's CIMD scenario expects (its server accepts it as-is).
const SUITE_CLIENT_METADATA_URL = 'https://conformance-test.local/client-metadata.json';

const here = path.dirname(fileURLToPath(import.meta.url));
const suite = path.join(here, 'node_modules/@modelcontextprotocol/conformance/dist/index.js');
const [cliArg, ...only] = process.argv.slice(2);
if (!cliArg) {
  console.error('usage: node run.mjs PATH/TO/gatehouse-cli [SCENARIO...]');
  process.exit(2);
}
const cli = path.resolve(cliArg);
if (/\s/.test(cli)) {
  console.error(`the suite splits its --command on spaces; ${cli} has one`);
  process.exit(2);
}

const listed = execFileSync(process.execPath, [suite, 'list', '--client', '--spec-version', SPEC_VERSION], {
  encoding: 'utf8',
});
const all = [...listed.matchAll(/^\s+- (\S+)/gm)].map((m) => m[1]);
if (all.length === 0) {
  console.error(`the suite lists no client scenarios for ${SPEC_VERSION}:\n${listed}`);
  process.exit(1);
}
const scenarios = only.length > 0 ? only : all;

const expected = new Map(
  (parse(readFileSync(path.join(here, 'expected-failures.yml'), 'utf8'))?.client ?? []).map((e) => {
    if (!e?.scenario || !e?.reason) throw new Error('expected-failures.yml: every entry needs a scenario and a reason');
    return [e.scenario, e.reason];
  }),
);
for (const name of expected.keys()) {
  if (!all.includes(name)) throw new Error(`expected-failures.yml names ${name}, which the suite does not have`);
}

// The CLI reads its settings from a folder of its own, so nothing of the user's applies.
const settings = mkdtempSync(path.join(tmpdir(), 'gatehouse-conformance-'));
const env = {
  ...process.env,
  GATEHOUSE_CONFIG_DIR: settings,
  GATEHOUSE_CLIENT_METADATA_URL: SUITE_CLIENT_METADATA_URL,
  RUST_BACKTRACE: '1',
};

function runScenario(name) {
  return new Promise((resolve) => {
    const started = performance.now();
    const child = spawn(
      process.execPath,
      [suite, 'client', '--command', `${cli} conformance`, '--scenario', name, '--timeout', '30000',
        '-o', path.join(here, 'results')],
      { env, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.on('close', (code) => resolve({ name, passed: code === 0, output, ms: performance.now() - started }));
  });
}

const started = performance.now();
const problems = [];
let passed = 0;
let expectedFailures = 0;
for (const name of scenarios) {
  const result = await runScenario(name);
  const reason = expected.get(name);
  const secs = (result.ms / 1000).toFixed(1);
  if (result.passed) passed += 1;
  else if (reason) expectedFailures += 1;
  if (result.passed && reason) {
    console.log(`✗ ${name} (${secs} s): passes, but expected-failures.yml still lists it: remove the entry`);
    problems.push(name);
  } else if (result.passed) {
    console.log(`✓ ${name} (${secs} s)`);
  } else if (reason) {
    console.log(`– ${name} (${secs} s): fails as expected: ${reason}`);
  } else {
    console.log(`✗ ${name} (${secs} s): FAILED\n${result.output.replace(/^/gm, '    ')}`);
    problems.push(name);
  }
}
rmSync(settings, { recursive: true, force: true });
const total = ((performance.now() - started) / 1000).toFixed(1);
console.log(`\nconformance (${SPEC_VERSION} client scenarios) in ${total} s; skipped = failing as expected-failures.yml says`);
console.log(`${passed} passed, ${problems.length} failed, ${expectedFailures} skipped`);
if (problems.length > 0) {
  console.log(`unexpected: ${problems.join(', ')}`);
  process.exit(1);
}
