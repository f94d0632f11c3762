// Cold start to first paint, and idle memory, of the real app under Xvfb, with no saved servers
// (bench/cold-start.mjs says how each is measured).
import { loadavg } from 'node:os';

import { app } from '../support.mjs';
import { coldStarts, startLines } from './cold-start.mjs';

const RUNS = 5;
const result = await coldStarts(RUNS, (run) => `${process.env.GATEHOUSE_CONFIG_DIR}-bench-${run}`);
console.log(`cold start and idle memory of ${app} (${RUNS} runs, median; goals ≤ 280 ms, ≤ 215 MiB):`);
for (const line of startLines(result)) console.log(line);
console.log(`  load average at the end: ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
