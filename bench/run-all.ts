/**
 * `npm run bench`: runs every benchmark (each compares against its baseline in the same run), then
 * assembles BENCHMARKS.md from the sections they wrote to bench/results/. One benchmark:
 * `npx tsx bench/<area>/<name>.ts`, then `npx tsx bench/run-all.ts --report-only` to refresh the file.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** In reading order: capability by capability, pure compute before end-to-end. */
const BENCHMARKS = [
  'profiles/updater-compute.ts',
  'profiles/codec-speed.ts',
  'profiles/writes-per-event.ts',
  'profiles/cost.ts',
  'profiles/local-e2e.ts',
  'compliance/throughput.ts',
  'compliance/accuracy.ts',
  'compliance/independent.ts',
  'compliance/heldout.ts',
  'compliance/sources.ts',
  'compliance/context-heldout.ts',
  'compliance/context-dev.ts',
  'compliance/fresh-ordinary.ts',
  'budget/regret.ts',
  'budget/nab.ts',
  'decisions/serving-cost.ts',
  'decisions/learning.ts',
  'decisions/ope-obd.ts',
  'console/first-paint.ts',
  'http/json-body.ts',
];

const root = path.resolve(__dirname, '..');
const resultsDir = path.join(__dirname, 'results');

if (!process.argv.includes('--report-only')) {
  for (const [index, bench] of BENCHMARKS.entries()) {
    const file = path.join(__dirname, bench);
    if (!fs.existsSync(file)) {
      console.error(`[${index + 1}/${BENCHMARKS.length}] ${bench}: missing, skipped`);
      continue;
    }
    console.error(`[${index + 1}/${BENCHMARKS.length}] ${bench}…`);
    const run = spawnSync(process.execPath, ['--import', 'tsx', file], { cwd: root, stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' } });
    if (run.status !== 0) {
      console.error(`${bench} failed with exit code ${run.status}`);
      process.exitCode = 1;
    }
  }
}

const sections = fs
  .readdirSync(resultsDir)
  .filter((file) => file.endsWith('.md'))
  .sort((a, b) => order(a) - order(b) || a.localeCompare(b))
  .map((file) => fs.readFileSync(path.join(resultsDir, file), 'utf8').trim());

function order(file: string): number {
  const index = BENCHMARKS.findIndex((bench) => file.startsWith(bench.replace('/', '-').replace(/\.ts$/, '')));
  return index === -1 ? BENCHMARKS.length : index;
}

const header = [
  '# Benchmarks',
  '',
  'Every figure below was produced by a script under `bench/` that anyone can rerun (`npm run bench`, or one',
  'script with `npx tsx bench/<area>/<name>.ts`), and each compares against its baseline measured in the same run.',
  `This file was assembled on ${new Date().toISOString().slice(0, 10)} from \`bench/results/\` (machine of the last full run: ${os.cpus()[0]?.model ?? 'unknown CPU'}, ${os.cpus().length} cores, Node ${process.version}).`,
  'Results vary with the machine; the comparisons within a section are what the benchmarks claim.',
  '',
].join('\n');
fs.writeFileSync(path.join(root, 'BENCHMARKS.md'), `${header}\n${sections.join('\n\n')}\n`);
console.error('BENCHMARKS.md written');
