// The repository's copy of the contract (contract/cloudflare) is the shared contract (../shared/cloudflare), file for
// file, wherever the shared folder exists. A clone from the public repository has only the copy: skipped there.
import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { CONTRACT_DIR, sharedContractDir } from "../src/spec.mjs";

const shared = sharedContractDir();

test("the contract's copy in the repository matches the shared contract", { skip: !existsSync(shared) && `${shared} does not exist` }, () => {
  const fix = `copy it again: cp ${shared}/* ${CONTRACT_DIR}/`;
  const theirs = readdirSync(shared).sort();
  assert.deepEqual(readdirSync(CONTRACT_DIR).sort(), theirs, `the files differ; ${fix}`);
  for (const file of theirs) {
    assert.ok(readFileSync(join(CONTRACT_DIR, file)).equals(readFileSync(join(shared, file))), `${file} differs; ${fix}`);
  }
});
