/**
 * The compact codec's CPU cost per stored profile (what the feature updater pays on every read and
 * write, beside the fold: see the codec row of updater-compute.ts), and two of its parts against their
 * baselines in the same run:
 *  - validation on read: `ProfileStateSchema` compiled by zod (`z.compile`, what `decodeProfile` uses)
 *    against zod's runtime parser, on the very objects a read hands it (outputs asserted equal);
 *  - the Golomb-Rice fingerprint encoder (golomb.ts, up to 23 bits per integer step) against the
 *    bit-at-a-time writer it replaced, kept here as the baseline (bytes asserted identical).
 *
 *   npx tsx bench/profiles/codec-speed.ts [--events 40000] [--runs 5]
 *
 * Writes bench/results/profiles-codec-speed.md.
 */
import { loadavg } from 'node:os';
import { isDeepStrictEqual } from 'node:util';
import { decodeProfile, encodeProfile, V3_SCORE_DIGITS } from '../../shared/profiles/codec';
import { DEFAULT_PIPELINE_SETTINGS } from '../../shared/profiles/settings';
import { FINGERPRINT_HASH_BITS, FingerprintSet } from '../../shared/profiles/fingerprints';
import { encodeFingerprintGroups, riceParameter, writeVarint } from '../../shared/profiles/golomb';
import { CompiledProfileStateSchema, ProfileStateSchema, type ProfileState } from '../../shared/profiles/state';
import { updateProfiles } from '../../shared/profiles/update-profiles';
import { compactLastBatch, expandLastBatch, fromWire, toWire } from '../../shared/profiles/wire';
import { MemoryProfileStore } from './memory-store';
import { fmt, machine, median, writeSection } from './report';
import { DEFAULT_STREAM, batchesOf, generateStream, parseArgs } from './stream';

const args = parseArgs(process.argv.slice(2));
const RUNS = Math.max(1, args.runs ?? 7);
/** Passes over the items per measurement: a single pass is shorter than the load swings of a shared machine. */
const PASSES = 3;
const context = { pipelineVersion: 'bench', streamName: 'events', settings: DEFAULT_PIPELINE_SETTINGS };
const deadLetters = { async send() {} };

/** The Golomb-Rice encoder as it was before this benchmark's subject: one bit per call, arrays spread at the end. */
function baselineEncode(entries: readonly (readonly [number, number])[], width: number): Uint8Array {
  if (entries.length === 0) return new Uint8Array();
  const bytes: number[] = [];
  let current = 0;
  let filled = 0;
  const bit = (value: number) => {
    current = (current << 1) | value;
    if (++filled === 8) {
      bytes.push(current);
      current = 0;
      filled = 0;
    }
  };
  const groups = new Map<number, number[]>();
  let newest = 0;
  for (const [hash, seconds] of entries) {
    const hour = Math.ceil(seconds / 3600);
    newest = Math.max(newest, hour);
    let group = groups.get(hour);
    if (!group) groups.set(hour, (group = []));
    group.push(hash);
  }
  const hours = [...groups.keys()].sort((a, b) => b - a);
  const header: number[] = [width];
  writeVarint(header, newest);
  writeVarint(header, hours.length);
  for (const hour of hours) {
    const hashes = groups.get(hour)!.sort((a, b) => a - b);
    writeVarint(header, newest - hour);
    writeVarint(header, hashes.length);
    const k = riceParameter(width, hashes.length);
    const divisor = 2 ** k;
    let previous = 0;
    for (const hash of hashes) {
      const gap = hash - previous;
      previous = hash;
      for (let quotient = Math.floor(gap / divisor); quotient > 0; quotient--) bit(1);
      bit(0);
      for (let index = k - 1; index >= 0; index--) bit(Math.floor((gap % divisor) / 2 ** index) % 2);
    }
  }
  if (filled > 0) bytes.push(current << (8 - filled));
  return Uint8Array.from([...header, ...bytes]);
}

/** CPU µs of `fn` per item, over `PASSES` passes over every item. */
function cpuMicros<T>(items: readonly T[], fn: (item: T) => unknown): number {
  const start = process.cpuUsage();
  for (let pass = 0; pass < PASSES; pass++) for (const item of items) fn(item);
  const used = process.cpuUsage(start);
  return (used.user + used.system) / (PASSES * items.length);
}

async function main() {
  const loadBefore = loadavg()[0]!;
  const stream = generateStream({ ...DEFAULT_STREAM, events: args.events ?? 40_000 });
  const store = new MemoryProfileStore(false);
  for (const batch of batchesOf(stream.records, 200)) await updateProfiles(batch, { store, deadLetters, context });
  const states = [...store.items.values()].map(({ value }) => value).filter((value): value is ProfileState => !('erasedAt' in value));

  // What `decodeProfile` hands the schema: the state rebuilt from its version-3 wire form.
  const readInputs = states.map((state) =>
    fromWire(state.uid, expandLastBatch(JSON.parse(JSON.stringify(compactLastBatch(toWire(state, { scoreDigits: V3_SCORE_DIGITS, offsetTimes: true })))) as Record<string, unknown>), state.cleaning.seenEvents),
  );
  const sameOutput = readInputs.every((input) => isDeepStrictEqual(CompiledProfileStateSchema.parse(input), ProfileStateSchema.parse(input)));
  const fingerprintSets = states.map((state) => {
    const entries: [number, number][] = [];
    new FingerprintSet(state.cleaning.seenEvents).forEach((hash, seconds) => entries.push([hash, seconds]));
    return entries;
  });
  const sameBytes = fingerprintSets.every((entries) => Buffer.from(encodeFingerprintGroups(entries, FINGERPRINT_HASH_BITS)).equals(Buffer.from(baselineEncode(entries, FINGERPRINT_HASH_BITS))));
  const encoded = states.map((state) => encodeProfile(state));

  const measure = () => ({
    runtime: cpuMicros(readInputs, (input) => ProfileStateSchema.parse(input)),
    compiled: cpuMicros(readInputs, (input) => CompiledProfileStateSchema.parse(input)),
    baseline: cpuMicros(fingerprintSets, (entries) => baselineEncode(entries, FINGERPRINT_HASH_BITS)),
    golomb: cpuMicros(fingerprintSets, (entries) => encodeFingerprintGroups(entries, FINGERPRINT_HASH_BITS)),
    encode: cpuMicros(states, (state) => encodeProfile(state)),
    decode: cpuMicros(encoded, (body) => decodeProfile('u'.repeat(43), body)),
  });
  // Warm-up (JIT, inline caches), not counted; then the pairs interleaved run by run.
  measure();
  const runs: { runtime: number; compiled: number; baseline: number; golomb: number; encode: number; decode: number }[] = [];
  for (let run = 0; run < RUNS; run++) {
    runs.push(measure());
    process.stderr.write(`run ${run + 1}/${RUNS}: validate on read ${fmt(runs[run]!.runtime, 1)} -> ${fmt(runs[run]!.compiled, 1)} µs, fingerprints ${fmt(runs[run]!.baseline, 1)} -> ${fmt(runs[run]!.golomb, 1)} µs\n`);
  }
  const m = machine();
  const loadAfter = loadavg()[0]!;
  const med = (key: keyof (typeof runs)[number]) => median(runs.map((run) => run[key]));
  const ratio = (slow: keyof (typeof runs)[number], fast: keyof (typeof runs)[number]) => median(runs.map((run) => run[slow] / run[fast]));
  const entries = fingerprintSets.map((set) => set.length);
  const markdown = [
    '## Profiles: the compact codec, CPU per stored profile',
    '',
    `Generated by \`npx tsx bench/profiles/codec-speed.ts\` on ${new Date().toISOString()}.`,
    '',
    `- Machine: ${m.cpu} (${m.cores} cores, ${m.platform}), Node ${m.node}; single thread; CPU time of this process.`,
    `- Items: the ${fmt(states.length)} profiles the use case folds from ${fmt(stream.records.length)} records of the dense benchmark stream (seed ${stream.options.seed}); ` +
      `${fmt(median(entries))} remembered event ids per profile at the median, ${fmt(Math.max(...entries))} at most. ${RUNS} runs after a warm-up, each of ${PASSES} passes over the items, each pair interleaved in every run.`,
    `- Machine load: 1-minute load average ${fmt(loadBefore, 1)} at the start, ${fmt(loadAfter, 1)} at the end, on ${m.cores} cores` +
      (Math.max(loadBefore, loadAfter) > m.cores / 2 ? ' — measured under load (a shared machine): compare rows of this run, not runs.' : '.'),
    '',
    '| per stored profile | CPU µs (median) | baseline in the same run | CPU µs (median) | speed-up (paired) | output |',
    '| --- | ---: | --- | ---: | ---: | --- |',
    `| validate on read: \`ProfileStateSchema\` compiled by zod (\`z.compile\`) | ${fmt(med('compiled'), 1)} | zod's runtime parser, same schema and inputs | ${fmt(med('runtime'), 1)} | **${fmt(ratio('runtime', 'compiled'), 2)}×** | ${sameOutput ? 'equal on every item' : '**DIFFERS**'} |`,
    `| fingerprint set, Golomb-Rice encoded (golomb.ts) | ${fmt(med('golomb'), 1)} | the bit-at-a-time writer it replaced | ${fmt(med('baseline'), 1)} | **${fmt(ratio('baseline', 'golomb'), 2)}×** | ${sameBytes ? 'identical bytes on every item' : '**DIFFERS**'} |`,
    '',
    `The whole codec in the same runs: \`encodeProfile\` ${fmt(med('encode'), 1)} µs and \`decodeProfile\` ${fmt(med('decode'), 1)} µs per profile (medians). ` +
      'What remains of them is mostly DEFLATE and INFLATE (Node allocates a zlib state per synchronous call; its sync API cannot reset and reuse one), the JSON text and the wire reshaping (wire.ts).',
    '',
  ].join('\n');
  writeSection('codec-speed', markdown);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
