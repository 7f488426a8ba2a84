/**
 * A/B harness for changes to the fold: how the figures in bench/profiles/HISTORY.md on tried changes
 * were measured. Not part of `npm run bench` (it writes no results section): it compares copies of
 * the source tree, e.g. `cp -r shared bench local package.json tsconfig.json /tmp/a` before a change.
 *
 *   npx tsx bench/profiles/fold-ab.ts --root /tmp/a --runs 9              # one tree, prints the digest
 *   valgrind --tool=callgrind node --predictable --import tsx bench/profiles/fold-ab.ts --root /tmp/a --runs 9
 *   npx tsx bench/profiles/fold-ab.ts --root /tmp/a --against /tmp/b --runs 16   # paired CPU times
 *
 * Instruction counts repeat on a loaded machine where timings do not: take a tree's count with
 * `--runs 9` and with `--runs 1`, and compare the differences (eight folds of the stream each, without
 * the start-up and the stream's generation). Run node with `--predictable` under callgrind: with
 * V8's background compiler and GC threads, two `--use-case 1 --runs 9` runs of one tree differed by
 * 3.8e9 instructions (a sixth of the total); `--single-threaded` alone still lets the heap's
 * time-based heuristics decide when to collect, so on a loaded machine two fold-mode `--runs 9` runs
 * of one tree differed by 0.08e9 and a run of a tree with a few changed functions spent 0.8e9 more in
 * the compiler than the next; under `--predictable` two runs of one tree agreed to 0.0004e9
 * (12.7961e9 and 12.7956e9). `--use-case 1` runs `updateProfiles`
 * over the raw batches into the in-memory store instead of `foldUserRecords` over records decoded and
 * grouped in advance; its paired timings favoured the `--against` tree (0.81× whichever tree it was),
 * so compare the use case between separate processes instead.
 */
import { resolve } from 'node:path';
import { statesDigest } from './digest';
import { MemoryProfileStore } from './memory-store';
import { DEFAULT_STREAM, batchesOf, generateStream } from './stream';
import type { foldUserRecords as FoldUserRecords, UserRecord } from '../../shared/profiles/fold';
import { DEFAULT_PIPELINE_SETTINGS } from '../../shared/profiles/settings';
import type { ProfileState } from '../../shared/profiles/state';
import type { StoredProfile, updateProfiles as UpdateProfiles } from '../../shared/profiles/update-profiles';
import { decodeStreamRecord, isEventRecord } from '../../shared/stream/records';

const argv = process.argv.slice(2);
const option = (name: string) => {
  const index = argv.indexOf(`--${name}`);
  return index === -1 ? undefined : argv[index + 1];
};
const roots = [option('root') ?? '.', option('against')].filter((root): root is string => root !== undefined).map((root) => resolve(root));
const runs = Number(option('runs') ?? 8);
const events = Number(option('events') ?? 20_000);
const useCase = option('use-case') === '1';
const context = { pipelineVersion: 'bench', streamName: 'events', settings: DEFAULT_PIPELINE_SETTINGS };
const deadLetters = { async send() {} };

const rawBatches = batchesOf(generateStream({ ...DEFAULT_STREAM, events }).records, 200);
/** Each batch decoded and grouped per user once, outside what is measured. */
const userBatches = rawBatches.map((batch) => {
  const byUser = new Map<string, UserRecord[]>();
  for (const raw of batch) {
    const decoded = decodeStreamRecord(raw.data, raw.partitionKey);
    if (!decoded.ok || !isEventRecord(decoded.record)) throw new Error(`bench stream record ${raw.sequenceNumber} is invalid`);
    const entry = { shardId: raw.shardId, sequenceNumber: raw.sequenceNumber, record: decoded.record };
    const list = byUser.get(decoded.record.uid);
    if (list) list.push(entry);
    else byUser.set(decoded.record.uid, [entry]);
  }
  return byUser;
});

/** One pass over the stream from an empty store with a tree's code; the profiles it leaves. */
async function pass(root: string): Promise<Map<string, StoredProfile>> {
  if (useCase) {
    const update = (require(`${root}/shared/profiles/update-profiles`) as { updateProfiles: typeof UpdateProfiles }).updateProfiles;
    const store = new MemoryProfileStore(false);
    for (const batch of rawBatches) await update(batch, { store, deadLetters, context });
    return store.items;
  }
  const fold = (require(`${root}/shared/profiles/fold`) as { foldUserRecords: typeof FoldUserRecords }).foldUserRecords;
  const states = new Map<string, ProfileState>();
  for (const byUser of userBatches) {
    for (const [uid, list] of byUser) {
      const result = fold(states.get(uid), list, context);
      if (result.state) states.set(uid, result.state);
    }
  }
  return new Map([...states].map(([uid, state]) => [uid, { value: state, version: 0 }]));
}

const cpuMs = () => {
  const used = process.cpuUsage();
  return (used.user + used.system) / 1000;
};
const median = (values: readonly number[]) => [...values].sort((a, b) => a - b)[values.length >> 1]!;

async function main() {
  if (roots.length === 1) {
    let profiles = new Map<string, StoredProfile>();
    for (let run = 0; run < runs; run++) profiles = await pass(roots[0]!);
    process.stdout.write(`digest ${statesDigest(profiles)}\n`);
    return;
  }
  // Paired: both trees warmed up, then alternated in both orders, so they share the machine's load.
  for (const root of roots) await pass(root);
  const times: number[][] = roots.map(() => []);
  for (let run = 0; run < runs; run++) {
    for (const index of run % 2 === 0 ? [0, 1] : [1, 0]) {
      const start = cpuMs();
      await pass(roots[index]!);
      times[index]!.push(cpuMs() - start);
    }
  }
  const ratios = times[1]!.map((ms, run) => ms / times[0]![run]!);
  for (const [index, root] of roots.entries()) process.stdout.write(`${root}: median ${median(times[index]!).toFixed(1)} CPU ms a pass\n`);
  process.stdout.write(`${roots[1]} / ${roots[0]}, paired per run: median ${median(ratios).toFixed(3)} (${Math.min(...ratios).toFixed(3)} to ${Math.max(...ratios).toFixed(3)})\n`);
}

void main();
