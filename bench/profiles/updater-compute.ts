/**
 * The feature updater's compute alone — decode (base64 + JSON.parse), validate (zod), clean, fold —
 * with no I/O, on one thread, over a generated realistic stream (see stream.ts).
 *
 *   npx tsx bench/profiles/updater-compute.ts [--events 100000] [--users 2000] [--batch 200] [--runs 5] [--seed N]
 *
 * Subject: the real use case `updateProfiles`, batch by batch, against an in-memory store that keeps
 * states by reference (the fold owns what it loads and updates it in place, as with a fresh read).
 * Baselines, in the same run: a naive per-event design that re-reads and re-writes the user's state
 * for every event (a deep copy per event), as a write-per-event updater would; and a bare
 * loop that only decodes, validates and counts per user — the floor any updater pays, so the ratio
 * to it is the figure that holds across machines. Each slice is also timed stage by stage (decode,
 * validate, fold) under the same load, and the digest of the folded profiles (digest.ts) pins the output.
 *
 *   npx tsx bench/profiles/updater-compute.ts --digest 1   # only the digests of the dense and sparse streams
 *
 * Writes bench/results/profiles-updater-compute.md.
 */
import { MemoryProfileStore } from './memory-store';
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { EventStreamRecordSchema, base64Text, decodeStreamRecord, isEventRecord, parseStreamRecord } from '../../shared/stream/records';
import { statesDigest } from './digest';
import { foldUserRecords, type FoldContext, type UserRecord } from '../../shared/profiles/fold';
import { DEFAULT_PIPELINE_SETTINGS } from '../../shared/profiles/settings';
import { cloneState, type ProfileState } from '../../shared/profiles/state';
import { fromItem, profileItem } from '../../shared/aws/profile-store';
import { updateProfiles, type ProfileStore, type DeadLetter, type RawStreamRecord, type StoredProfile } from '../../shared/profiles/update-profiles';
import { fmt, machine, median, writeSection } from './report';
import { DEFAULT_STREAM, SPARSE_STREAM, batchesOf, distinctUsersPerBatch, generateStream, parseArgs } from './stream';

const args = parseArgs(process.argv.slice(2));
const BATCH = args.batch ?? 200;
const RUNS = Math.max(1, args.runs ?? 5);
/** `--baseline 0` skips the per-event baseline (for profiling the subject alone with --cpu-prof). */
const WITH_BASELINE = args.baseline !== 0;
const context: FoldContext = { pipelineVersion: 'bench', streamName: 'events', settings: DEFAULT_PIPELINE_SETTINGS };

const deadLetters = { letters: 0, async send(letters: readonly DeadLetter[]) { this.letters += letters.length; } };

/** The use case's own decoding (base64 + JSON.parse, then the stream record schema by kind). */
function decode(raw: RawStreamRecord): UserRecord | undefined {
  const decoded = decodeStreamRecord(raw.data, raw.partitionKey);
  if (!decoded.ok || !isEventRecord(decoded.record)) return undefined;
  return { shardId: raw.shardId, sequenceNumber: raw.sequenceNumber, record: decoded.record };
}

interface Totals {
  /** CPU time of this process (user + system, all its threads, GC included): immune to other processes on the box. */
  ms: number;
  wallMs: number;
  profiles: number;
  applied: number;
  dropped: number;
  byRule: Record<string, number>;
}

/** Starts a clock; the returned function gives CPU ms and wall ms since. */
function clock() {
  const cpu = process.cpuUsage();
  const wall = performance.now();
  return () => {
    const used = process.cpuUsage(cpu);
    return { ms: (used.user + used.system) / 1000, wallMs: performance.now() - wall };
  };
}

const totalsOf = (store: Map<string, StoredProfile>, elapsed: { ms: number; wallMs: number }): Totals => {
  let applied = 0;
  let dropped = 0;
  const byRule: Record<string, number> = {};
  for (const { value } of store.values()) {
    if ('erasedAt' in value) continue;
    applied += value.lineage.eventsApplied;
    for (const [rule, count] of Object.entries(value.lineage.dropped)) {
      dropped += count ?? 0;
      byRule[rule] = (byRule[rule] ?? 0) + (count ?? 0);
    }
  }
  return { ...elapsed, profiles: store.size, applied, dropped, byRule };
};

/**
 * The profile table as Lambda sees it: every load decodes the stored bytes (inflate, JSON, zod) and
 * every save encodes them (the compact codec, DEFLATE at its best level). For the figure production pays.
 */
class EncodingStore implements ProfileStore {
  readonly items = new Map<string, Record<string, unknown>>();

  async load(uids: readonly string[]): Promise<Map<string, StoredProfile>> {
    const found = new Map<string, StoredProfile>();
    for (const uid of uids) {
      const item = this.items.get(uid);
      if (item) found.set(uid, fromItem(item));
    }
    return found;
  }

  async save(state: ProfileState, expectedVersion: number | undefined): Promise<'saved' | 'conflict'> {
    const version = (expectedVersion ?? 0) + 1;
    this.items.set(state.uid, profileItem(state, version));
    return 'saved';
  }
}

/** Batches per slice of the paired run: a slice takes a few hundred ms, shorter than the load swings of a shared machine. */
const SLICE_BATCHES = 10;

interface StageTotals {
  decodeMs: number;
  validateMs: number;
  foldMs: number;
  /** Not a stage: the same records validated by zod's runtime parser (what the updater used before `z.compile`), for comparison. */
  runtimeValidateMs: number;
}

/**
 * The batched design and the bare loop, interleaved slice by slice over the same records: both see
 * the same machine load, so their ratio holds even while other processes come and go. Without the
 * codec, each slice is then also taken apart stage by stage (see `stageSlice`), under the same load.
 */
async function runBatchedPaired(batches: readonly RawStreamRecord[][], withCodec = false): Promise<{ batched: Totals; bare: Totals; digest: string; stages: StageTotals; foldDigest: string }> {
  // No item sizing here: cost is counted in cost.ts, outside any timed region.
  const store = withCodec ? new EncodingStore() : new MemoryProfileStore(false);
  const counts = new Map<string, number>();
  const subject = { ms: 0, wallMs: 0 };
  const floor = { ms: 0, wallMs: 0 };
  const stages: StageTotals = { decodeMs: 0, validateMs: 0, foldMs: 0, runtimeValidateMs: 0 };
  const stageStore = new Map<string, ProfileState>();
  const add = (sum: { ms: number; wallMs: number }, elapsed: { ms: number; wallMs: number }) => {
    sum.ms += elapsed.ms;
    sum.wallMs += elapsed.wallMs;
  };
  for (let start = 0; start < batches.length; start += SLICE_BATCHES) {
    const slice = batches.slice(start, start + SLICE_BATCHES);
    let stop = clock();
    for (const batch of slice) await updateProfiles(batch, { store, deadLetters, context });
    add(subject, stop());
    stop = clock();
    for (const batch of slice) countPerUser(batch, counts);
    add(floor, stop());
    if (!withCodec) stageSlice(slice, stageStore, stages);
  }
  let applied = 0;
  for (const count of counts.values()) applied += count;
  const states = store instanceof EncodingStore ? new Map([...store.items].map(([uid, item]) => [uid, fromItem(item)])) : store.items;
  // The stage run folds every user, drop-only ones included: its digest pins `foldUserRecords` alone.
  const foldDigest = withCodec ? '' : statesDigest(new Map([...stageStore].map(([uid, state]) => [uid, { value: state, version: 0 }])));
  return { batched: totalsOf(states, subject), bare: { ...floor, profiles: counts.size, applied, dropped: 0, byRule: {} }, digest: statesDigest(states), stages, foldDigest };
}

/**
 * A write-per-event updater: every event re-reads the user's state (a deep copy, `cloneState`, stands for the
 * read: the fold owns and mutates what it is given, so sharing the stored object would skip the copy
 * such a design pays), folds that one event and writes the state back.
 */
function runPerEvent(records: readonly RawStreamRecord[]): Totals & { digest: string } {
  const store = new Map<string, StoredProfile>();
  const stop = clock();
  for (const raw of records) {
    const decoded = decode(raw);
    if (!decoded) continue;
    const uid = decoded.record.uid;
    const stored = store.get(uid);
    const result = foldUserRecords(stored === undefined ? undefined : cloneState(stored.value), [decoded], context);
    if (result.state) store.set(uid, { value: result.state, version: (stored?.version ?? 0) + 1 });
  }
  return { ...totalsOf(store, stop()), digest: statesDigest(store) };
}

/** The floor: decode (base64 + JSON.parse), validate (zod, the use case's schema) and count events per user. No cleaning, no fold. */
function countPerUser(records: readonly RawStreamRecord[], counts: Map<string, number>): void {
  for (const raw of records) {
    const decoded = decode(raw);
    if (!decoded) continue;
    counts.set(decoded.record.uid, (counts.get(decoded.record.uid) ?? 0) + 1);
  }
}

/**
 * Where the batched design spends its time, stage by stage, over one slice of batches: decoded, then
 * validated, then grouped and folded, each stage on its own CPU clock, into a store of its own.
 */
function stageSlice(slice: readonly RawStreamRecord[][], store: Map<string, ProfileState>, totals: StageTotals): void {
  let stop = clock();
  const json = slice.map((batch) => batch.map((raw) => JSON.parse(base64Text(raw.data)) as unknown));
  totals.decodeMs += stop().ms;
  stop = clock();
  const decoded = slice.map((batch, b) =>
    batch.map((raw, index): UserRecord => {
      const parsed = parseStreamRecord(json[b]![index], raw.partitionKey);
      if (!parsed.ok || !isEventRecord(parsed.record)) throw new Error(`bench stream record ${raw.sequenceNumber} is invalid`);
      return { shardId: raw.shardId, sequenceNumber: raw.sequenceNumber, record: parsed.record };
    }),
  );
  totals.validateMs += stop().ms;
  // The baseline of the validate stage, on the same records: the schema by zod's runtime parser.
  stop = clock();
  for (const batch of json) for (const record of batch) if (!EventStreamRecordSchema.safeParse(record).success) throw new Error('bench stream record is invalid');
  totals.runtimeValidateMs += stop().ms;
  stop = clock();
  for (const batch of decoded) {
    const byUser = new Map<string, UserRecord[]>();
    for (const entry of batch) {
      const list = byUser.get(entry.record.uid);
      if (list) list.push(entry);
      else byUser.set(entry.record.uid, [entry]);
    }
    for (const [uid, list] of byUser) {
      const result = foldUserRecords(store.get(uid), list, context);
      if (result.state) store.set(uid, result.state);
    }
  }
  totals.foldMs += stop().ms;
}

/** The recorded runs' stream length (half the shared default), so that `npm run bench` reproduces the recorded dataset and digests. */
const COMPUTE_EVENTS = 100_000;

/** `--digest 1`: the digest of the profiles the use case leaves on the dense and the sparse stream, then exit. */
async function digests(): Promise<void> {
  for (const [name, options] of [['dense', DEFAULT_STREAM], ['sparse', SPARSE_STREAM]] as const) {
    const stream = generateStream({ ...options, ...(args.events ? { events: args.events } : {}) });
    const store = new MemoryProfileStore(false);
    for (const batch of batchesOf(stream.records, BATCH)) await updateProfiles(batch, { store, deadLetters, context });
    process.stdout.write(`${name}: ${fmt(stream.records.length)} records, ${fmt(store.items.size)} profiles, digest ${statesDigest(store.items)}\n`);
  }
}

async function main() {
  if (args.digest) return digests();
  const loadBefore = loadavg()[0]!;
  const generationStart = performance.now();
  const stream = generateStream({ ...DEFAULT_STREAM, events: args.events ?? COMPUTE_EVENTS, ...(args.users ? { users: args.users } : {}), ...(args.seed ? { seed: args.seed } : {}) });
  const generationMs = performance.now() - generationStart;
  const records = stream.records;
  const batches = batchesOf(records, BATCH);
  const userBatches = distinctUsersPerBatch(batches);
  const n = records.length;

  // Warm-up (JIT, inline caches), not counted.
  const warm = batchesOf(records.slice(0, Math.min(n, 20_000)), BATCH);
  await runBatchedPaired(warm);
  if (WITH_BASELINE) runPerEvent(warm.flat());

  const batched: Totals[] = [];
  const perEvent: (Totals & { digest: string })[] = [];
  const batchedDigests = new Set<string>();
  const foldDigests = new Set<string>();
  const bare: Totals[] = [];
  const stageRuns: StageTotals[] = [];
  const withCodec: Totals[] = [];
  const bareBesideCodec: Totals[] = [];
  for (let run = 0; run < RUNS; run++) {
    const paired = await runBatchedPaired(batches);
    batched.push(paired.batched);
    batchedDigests.add(paired.digest);
    foldDigests.add(paired.foldDigest);
    stageRuns.push(paired.stages);
    bare.push(paired.bare);
    process.stderr.write(
      `run ${run + 1}/${RUNS}: batched ${fmt(n / (paired.batched.ms / 1000))} ev/CPU-s (wall ${fmt(n / (paired.batched.wallMs / 1000))} ev/s), bare loop ${fmt(n / (paired.bare.ms / 1000))} ev/CPU-s, ratio ${fmt(paired.bare.ms / paired.batched.ms, 3)}`,
    );
    if (WITH_BASELINE) {
      perEvent.push(runPerEvent(records));
      const coded = await runBatchedPaired(batches, true);
      withCodec.push(coded.batched);
      bareBesideCodec.push(coded.bare);
      process.stderr.write(`, per-event ${fmt(n / (perEvent[run]!.ms / 1000))} ev/CPU-s, with the codec ${fmt(n / (coded.batched.ms / 1000))} ev/CPU-s (ratio ${fmt(coded.bare.ms / coded.batched.ms, 3)})`);
    }
    process.stderr.write('\n');
  }
  if (!WITH_BASELINE) return;
  // Per stage, the median over the runs; each run's stages were timed beside its headline slices.
  const stage = { decodeMs: median(stageRuns.map((run) => run.decodeMs)), validateMs: median(stageRuns.map((run) => run.validateMs)), foldMs: median(stageRuns.map((run) => run.foldMs)) };
  const runtimeValidateMs = median(stageRuns.map((run) => run.runtimeValidateMs));
  const compiledSpeedup = median(stageRuns.map((run) => run.runtimeValidateMs / run.validateMs));
  const stageTotal = stage.decodeMs + stage.validateMs + stage.foldMs;

  const rate = (totals: readonly Totals[]) => totals.map((entry) => n / (entry.ms / 1000));
  const wallRate = (totals: readonly Totals[]) => median(totals.map((entry) => n / (entry.wallMs / 1000)));
  const batchedRates = rate(batched);
  const perEventRates = rate(perEvent);
  const batchedMedian = median(batchedRates);
  const perEventMedian = median(perEventRates);
  const bareRates = rate(bare);
  const bareMedian = median(bareRates);
  // Paired per run: the ratio of the batched design to the bare loop interleaved with it slice by slice.
  const bareRatio = median(batched.map((entry, index) => bare[index]!.ms / entry.ms));
  const codecRates = rate(withCodec);
  const codecMedian = median(codecRates);
  const codecRatio = median(withCodec.map((entry, index) => bareBesideCodec[index]!.ms / entry.ms));
  const target = 100_000;
  const targetRatio = 0.4;
  const m = machine();
  const loadAfter = loadavg()[0]!;
  const last = batched[batched.length - 1]!;
  const lastBaseline = perEvent[perEvent.length - 1]!;
  const rules = (byRule: Record<string, number>) => `(${['duplicate-event', 'duplicate-click', 'bot-user-agent', 'bot-rate'].map((rule) => `${rule} ${fmt(byRule[rule] ?? 0)}`).join(', ')})`;
  const perEventUs = (ms: number) => fmt((ms * 1000) / n, 2);

  const markdown = [
    '## Profiles: feature-updater compute (decode → validate → clean → fold, no I/O)',
    '',
    `Generated by \`${['npx tsx bench/profiles/updater-compute.ts', ...process.argv.slice(2)].join(' ')}\` on ${new Date().toISOString()}.`,
    '',
    `- Machine: ${m.cpu} (${m.cores} cores, ${m.platform}), Node ${m.node}; single thread.`,
    `- Dataset: ${fmt(n)} stream records (seed ${stream.options.seed}), ${fmt(stream.counts.distinctUsers)} users, ${fmt(stream.counts.sessions)} sessions, ` +
      `${fmt(batches.length)} batches of ${BATCH} records (${fmt(userBatches / batches.length, 1)} distinct users per batch on average); ` +
      `noise: ${fmt(stream.counts.resends)} client resends (${fmt((100 * stream.counts.resends) / n, 1)} %), ${fmt(stream.counts.doubleClicks)} double clicks, ` +
      `${fmt(stream.counts.botEvents)} crawler events, ${fmt(stream.counts.burstEvents)} scripted-burst events, ${fmt(stream.counts.offline)} offline-buffered events. Generated in ${fmt(generationMs)} ms.`,
    `- Runs: ${RUNS} measured (after a warm-up on the first 20k records); each run starts from an empty store.`,
    `- Machine load: 1-minute load average ${fmt(loadBefore, 1)} at the start, ${fmt(loadAfter, 1)} at the end, on ${m.cores} cores` +
      (Math.max(loadBefore, loadAfter) > m.cores / 2 ? ' — measured under load (a shared machine): absolute figures are low and vary between runs; the paired ratio to the bare loop holds best.' : '.'),
    '',
    'Throughput is events per CPU-second of this process (user + system time, GC threads included), so other',
    'processes on a shared machine do not distort it; wall-clock throughput is shown for reference.',
    '',
    '| design | median events/s/core (CPU time) | min | max | CPU µs/event (median) | wall-clock events/s (median) |',
    '| --- | ---: | ---: | ---: | ---: | ---: |',
    `| **one fold + one write per user per batch** (\`updateProfiles\`, in-memory store) | **${fmt(batchedMedian)}** | ${fmt(Math.min(...batchedRates))} | ${fmt(Math.max(...batchedRates))} | ${fmt(1e6 / batchedMedian, 2)} | ${fmt(wallRate(batched))} |`,
    `| the same, the store decoding every read and encoding every write with the compact codec (what Lambda pays) | ${fmt(codecMedian)} | ${fmt(Math.min(...codecRates))} | ${fmt(Math.max(...codecRates))} | ${fmt(1e6 / codecMedian, 2)} | ${fmt(wallRate(withCodec))} |`,
    `| baseline: re-read + fold + re-write per event (deep copy per event) | ${fmt(perEventMedian)} | ${fmt(Math.min(...perEventRates))} | ${fmt(Math.max(...perEventRates))} | ${fmt(1e6 / perEventMedian, 2)} | ${fmt(wallRate(perEvent))} |`,
    `| floor: bare loop (decode + validate + count per user, no cleaning or fold) | ${fmt(bareMedian)} | ${fmt(Math.min(...bareRates))} | ${fmt(Math.max(...bareRates))} | ${fmt(1e6 / bareMedian, 2)} | ${fmt(wallRate(bare))} |`,
    '',
    `Speed-up of the batched design over the per-event baseline: **${fmt(batchedMedian / perEventMedian, 2)}×**. ` +
      `Share of the bare loop's speed (paired per run, the figure that holds across machines): **${fmt(bareRatio, 2)}×** (target ≥ ${targetRatio}: **${bareRatio >= targetRatio ? 'met' : 'missed'}**). ` +
      `Target ≥ ${fmt(target)} events/s/core: **${batchedMedian >= target ? 'met' : 'missed'}** on this machine.`,
    '',
    'The timed region of the headline row holds decode, validation, grouping, cleaning and the fold of `updateProfiles`; its in-memory store keeps states by reference, so neither the codec nor any cost accounting (item sizes, write units: `cost.ts`) is in it. ' +
      `The codec row adds what Lambda pays around the fold — inflate + JSON + the state schema (compiled by zod) on every read, DEFLATE on every write — at ${fmt(codecRatio, 2)}× the bare loop interleaved with it; ` +
      `on this stream that is ${fmt(userBatches / n, 2)} reads and writes per event (one per distinct user per batch).`,
    '',
    'Stage cost of the batched design (in every run, each slice of batches is also decoded, validated and folded apart, each stage on its own CPU clock, right after the headline and the bare loop took it; medians over the runs):',
    '',
    '| stage | CPU µs/event | events/s/core for the stage alone | share of the stages |',
    '| --- | ---: | ---: | ---: |',
    ...(
      [
        ['decode (base64 + JSON.parse)', stage.decodeMs],
        ['validate (the stream record schema by kind, compiled by `z.compile`)', stage.validateMs],
        ['group per user + clean + fold (`foldUserRecords`)', stage.foldMs],
      ] as const
    ).map(([name, ms]) => `| ${name} | ${perEventUs(ms)} | ${fmt(n / (ms / 1000))} | ${fmt((100 * ms) / stageTotal, 1)} % |`),
    `| sum of the stages | ${perEventUs(stageTotal)} | ${fmt(n / (stageTotal / 1000))} | 100 % |`,
    `| *baseline, not a stage:* validate with zod's runtime parser (the same schema, not compiled) | ${perEventUs(runtimeValidateMs)} | ${fmt(n / (runtimeValidateMs / 1000))} | — |`,
    '',
    `Validation compiled by zod (\`z.compile\`, shared/stream/records.ts) against zod's runtime parser on the same records, paired per run: **${fmt(compiledSpeedup, 2)}×** faster. ` +
      'A record the compiled parser rejects is parsed again by the runtime parser, so dead-letter reasons are unchanged (test/stream/compiled.test.ts).',
    '',
    `The headline's ${fmt(1e6 / batchedMedian, 2)} µs/event against the stages' ${perEventUs(stageTotal)}: the difference is what the use case adds around them ` +
      '(dead-letter checks, the store calls and their promises, writes at a bounded concurrency), within the noise of a shared machine.',
    '',
    `Outcome check (last run): batched ${fmt(last.profiles)} profiles, ${fmt(last.applied)} events applied, ${fmt(last.dropped)} dropped by cleaning ${rules(last.byRule)}; ` +
      `per-event ${fmt(lastBaseline.profiles)} profiles, ${fmt(lastBaseline.applied)} applied, ${fmt(lastBaseline.dropped)} dropped ${rules(lastBaseline.byRule)}.`,
    '',
    `Digest of the folded profiles (digest.ts; the same for every run: ${batchedDigests.size === 1 ? 'yes' : 'NO'}): batched \`${[...batchedDigests].join(', ')}\`, ` +
      `per-event \`${lastBaseline.digest}\`; the stage run's \`foldUserRecords\` alone, every user written (the same for every run: ${foldDigests.size === 1 ? 'yes' : 'NO'}), \`${[...foldDigests].join(', ')}\`. ` +
      'A change to the fold that keeps these digests changed no profile.',
    '',
  ].join('\n');
  writeSection('updater-compute', markdown);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
