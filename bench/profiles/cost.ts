/**
 * What the profile pipeline costs in AWS per million events, on sparse real-shaped traffic and on the
 * dense stream, for these designs side by side in the same run:
 *   - baseline: a write per event, the profile stored as plain attributes (JSON-like map), every
 *     drop written to the lineage;
 *   - one write per user per batch, plain attributes (the design before the compact codec);
 *   - one write per user per batch, compact codec version 1 (DEFLATE of the state's JSON with a preset
 *     dictionary, fingerprints beside it), the design before this one;
 *   - one write per user per batch, compact codec version 2 (`encodeProfileV2`: the wire shape of
 *     wire.ts, 48-bit fingerprints to the minute, one DEFLATE stream) with a write for every user of
 *     the batch, including those whose records were all dropped (`recordDropOnlyBatches: true`);
 *   - the same without the writes that would only record resend, crawler or pre-erasure drops
 *     (update-profiles.ts `LINEAGE_ONLY_DROPS`, the default), the design before this one;
 *   - compact codec version 3 (`encodeProfileV3`: Golomb–Rice coded 36-bit fingerprints by arrival
 *     hour, interest scores to 9 digits, sequences against the watermark), the design before this one;
 *   - compact codec version 4 (`encodeProfileV4`: version 3's wire packed by position, layout.ts,
 *     with its own dictionary; equal short/long scores once), the design before this one;
 *   - compact codec version 5 (`shared/profiles/codec.ts`: version 4's format with 32-bit event-id
 *     fingerprints, not 36, and the running sums the view rounds kept to 12 digits) — what
 *     `DynamoProfileStore` writes now. Versions 3 to 5 fold, batch after batch, what the previous item
 *     decodes to, and the profile API's answers under version 5 are compared user by user with the
 *     exact v2 fold's.
 * A third, harsher sparse stream (stream.ts `HARSH_SPARSE_STREAM`) is measured for robustness with
 * the designs since v2 only; for the sparse streams, where the bytes of the items over 1 KB go,
 * section by section (item-sections.ts), under versions 4 and 5.
 * The plain and v1 designs write drop-only batches, as they did.
 * Then the batching trade-off on both sparse streams: how many write units a batching window (seconds of freshness) saves,
 * with the batch a window gathers modelled at a steady rate per shard (`--rate`).
 *
 *   npx tsx bench/profiles/cost.ts [--events 200000] [--batch 200] [--rate 50]
 *
 * The three streams and the batching table's two streams are measured in five worker processes side by side
 * (`--part 0..4` runs one of them and sends its figures to the parent); the figures do not depend on
 * it but for the Lambda CPU model, which is CPU time, not wall time.
 *
 * Item sizes follow DynamoDB's billing rules (item-size.ts) on exactly the items the adapter writes.
 * Dollars use us-east-1 on-demand list prices (PRICES below, as published in 2025–26); Lambda duration is
 * modelled as the measured CPU time plus a fixed latency per DynamoDB call (stated in the output).
 * Writes bench/results/profiles-cost.md.
 */
import { fork } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { isDeepStrictEqual } from 'node:util';
import { fromItem, profileItem } from '../../shared/aws/profile-store';
import { PROFILE_CODEC_VERSION, encodeProfile, encodeProfileV1, encodeProfileV2, encodeProfileV3, encodeProfileV4 } from '../../shared/profiles/codec';
import { DEFAULT_PIPELINE_SETTINGS } from '../../shared/profiles/settings';
import { profileView } from '../../shared/profiles/view';
import { profileToStored, type ProfileState } from '../../shared/profiles/state';
import { updateProfiles, type ProfileStore, type RawStreamRecord, type StoredProfile } from '../../shared/profiles/update-profiles';
import { DEFAULT_BATCH_SIZE, DEFAULT_BATCHING_WINDOW } from '../../lib/constructs/kinesis-source';
import { dynamoItemBytes, readUnits, writeUnits } from './item-size';
import { fmt, machine, writeSection } from './report';
import { SECTIONS, sectionBytes, type Section } from './item-sections';
import { DEFAULT_STREAM, HARSH_SPARSE_STREAM, SPARSE_STREAM, batchesOf, distinctUsersPerBatch, generateStream, parseArgs, type StreamOptions } from './stream';

const args = parseArgs(process.argv.slice(2));
const BATCH = args.batch ?? 200;
/** The default settings, and the settings of the designs that wrote every drop-only batch. */
const context = { pipelineVersion: 'bench', streamName: 'events', settings: DEFAULT_PIPELINE_SETTINGS };
const writingDrops = { ...context, settings: { ...DEFAULT_PIPELINE_SETTINGS, recordDropOnlyBatches: true } };
const deadLetters = { async send() {} };

/** us-east-1 list prices, on-demand. */
const PRICES = {
  dynamoPerMillionWriteUnits: 0.625,
  dynamoPerMillionReadUnits: 0.125,
  lambdaArmPerGbSecond: 0.0000133334,
  lambdaPerMillionRequests: 0.2,
  kinesisOnDemandPerGbIn: 0.08,
  kinesisOnDemandPerGbOut: 0.04,
  kinesisOnDemandPerStreamHour: 0.04,
};
/** The feature updater's memory (lib/constructs/profiles.ts). */
const LAMBDA_GB = 1;
/** Modelled latency of one DynamoDB call as seen from Lambda (single-digit ms in-region). */
const DYNAMO_CALL_MS = 6;
/** The updater writes 16 users at a time (update-profiles.ts WRITE_CONCURRENCY). */
const WRITE_CONCURRENCY = 16;

type Encoding = 'plain' | 'compact-v1' | 'compact-v2' | 'compact-v3' | 'compact-v4' | 'compact';

/** Plain attributes: the state as a map, as the adapter wrote before the compact codec. */
const plainItem = (state: ProfileState, version: number) => ({ ...profileToStored(state), kind: 'profile', version });

/** Codec version 1's item: body and fingerprints as two binary attributes. */
function v1Item(state: ProfileState, version: number) {
  const { body, fingerprints } = encodeProfileV1(state);
  return { uid: state.uid, kind: 'profile', version, p: body, ...(fingerprints.byteLength > 0 ? { f: fingerprints } : {}) };
}

/** Codec version 2's item: one binary attribute. */
const v2Item = (state: ProfileState, version: number) => ({ uid: state.uid, kind: 'profile', version, p: encodeProfileV2(state) });

/** Codec version 3's item: one binary attribute. */
const v3Item = (state: ProfileState, version: number) => ({ uid: state.uid, kind: 'profile', version, p: encodeProfileV3(state) });

/** Codec version 4's item (36-bit fingerprints, exact sums): one binary attribute. */
const v4Item = (state: ProfileState, version: number) => ({ uid: state.uid, version, p: encodeProfileV4(state) });

const ITEM_OF: Record<Encoding, (state: ProfileState, version: number) => Record<string, unknown>> = { plain: plainItem, 'compact-v1': v1Item, 'compact-v2': v2Item, 'compact-v3': v3Item, 'compact-v4': v4Item, compact: profileItem };
/** The encoder of the body, for the sections table. */
const BODY_OF: Partial<Record<Encoding, (state: ProfileState) => Uint8Array>> = { 'compact-v4': encodeProfileV4, compact: encodeProfile };

/** The profile table in memory, billing each read and write by the size of the item as stored. */
class BilledStore implements ProfileStore {
  readonly items = new Map<string, StoredProfile & { bytes: number }>();
  readUnits = 0;
  writeUnits = 0;
  writes = 0;
  /** Writes of a batch in which the user had no applied event: they record drops (crawlers, resends) in the lineage. */
  dropOnlyWrites = 0;
  getCalls = 0;
  readonly sizes: number[] = [];
  /** The states written as items over 1 KB (kept when `keepLarge`), for the sections table. */
  readonly large: ProfileState[] = [];
  encodeMs = 0;

  /**
   * `readBack`: the next batch folds what the item decodes to, as in DynamoDB (the codec's rounding
   * then carries on), and decoding counts in the Lambda time; otherwise the state itself is kept.
   */
  constructor(
    private readonly encoding: Encoding,
    private readonly readBack = false,
    private readonly keepLarge = false,
  ) {}

  async load(uids: readonly string[]): Promise<Map<string, StoredProfile>> {
    this.getCalls += Math.ceil(uids.length / 100);
    const found = new Map<string, StoredProfile>();
    for (const uid of uids) {
      const item = this.items.get(uid);
      this.readUnits += readUnits(item?.bytes);
      if (item) found.set(uid, item);
    }
    return found;
  }

  async save(state: ProfileState, expectedVersion: number | undefined): Promise<'saved' | 'conflict'> {
    if (this.items.get(state.uid)?.version !== expectedVersion) return 'conflict';
    const version = (expectedVersion ?? 0) + 1;
    const started = performance.now();
    const item = ITEM_OF[this.encoding](state, version);
    this.encodeMs += performance.now() - started;
    const bytes = dynamoItemBytes(item);
    this.sizes.push(bytes);
    this.writes++;
    if (state.lineage.lastBatch.applied === 0) this.dropOnlyWrites++;
    this.writeUnits += writeUnits(bytes);
    if (this.keepLarge && bytes > 1024) this.large.push(state);
    this.items.set(state.uid, { value: this.readBack ? fromItem(item).value : state, version, bytes });
    return 'saved';
  }
}

interface Run {
  design: string;
  store: BilledStore;
  batches: number;
  applied: number;
  writes: number;
  dropOnlyWrites: number;
  writeUnits: number;
  readUnits: number;
  sizes: number[];
  lambdaMs: number;
  invocations: number;
}

/** A run as the report needs it (what a worker process sends back: no store). */
type RunSummary = Omit<Run, 'store'>;
const summary = ({ store: _store, ...rest }: Run): RunSummary => rest;

const cpuMs = () => {
  const used = process.cpuUsage();
  return (used.user + used.system) / 1000;
};

async function run(design: string, batches: readonly RawStreamRecord[][], encoding: Encoding, foldContext: typeof context = context, readBack = false, keepLarge = false): Promise<Run> {
  const store = new BilledStore(encoding, readBack, keepLarge);
  let applied = 0;
  let lambdaMs = 0;
  for (const batch of batches) {
    const getsBefore = store.getCalls;
    const writesBefore = store.writes;
    const encodeBefore = store.encodeMs;
    const cpuBefore = cpuMs();
    applied += (await updateProfiles(batch, { store, deadLetters, context: foldContext })).stats.applied;
    // The fold's CPU is counted without the plain design's sizing (a benchmark artefact), with the codec's.
    const compute = cpuMs() - cpuBefore - (encoding === 'plain' ? store.encodeMs - encodeBefore : 0);
    const calls = store.getCalls - getsBefore + Math.ceil((store.writes - writesBefore) / WRITE_CONCURRENCY);
    lambdaMs += Math.max(1, compute) + calls * DYNAMO_CALL_MS;
  }
  return { design, store, batches: batches.length, applied, writes: store.writes, dropOnlyWrites: store.dropOnlyWrites, writeUnits: store.writeUnits, readUnits: store.readUnits, sizes: store.sizes, lambdaMs, invocations: batches.length };
}

/** Percentiles of a sorted array (sizes run to hundreds of thousands: no spreading into Math.max). */
const percentile = (sorted: Float64Array, p: number) => (sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!);
const sizePercentiles = (sizes: readonly number[]) => {
  const sorted = Float64Array.from(sizes).sort();
  return [0.5, 0.9, 0.99, 1].map((p) => fmt(percentile(sorted, p))).join(' / ');
};

/** Kinesis bills each record rounded up to 1 KB, in and out (one consumer). */
function kinesisBytes(records: readonly RawStreamRecord[]): number {
  return records.reduce((sum, record) => sum + Math.ceil(Buffer.from(record.data, 'base64').byteLength / 1024) * 1024, 0);
}

interface Dollars {
  dynamo: number;
  lambda: number;
  kinesis: number;
  total: number;
}

/** What the dollars need of a stream: its record count and the bytes Kinesis bills. */
interface StreamTotals {
  records: number;
  distinctUsers: number;
  kinesisBytes: number;
  /** Mean bytes of a record's data, for the 6 MB payload limit of an invocation. */
  recordBytes: number;
}

const totalsOf = (stream: { records: readonly RawStreamRecord[]; counts: { distinctUsers: number } }): StreamTotals => ({
  records: stream.records.length,
  distinctUsers: stream.counts.distinctUsers,
  kinesisBytes: kinesisBytes(stream.records),
  recordBytes: stream.records.reduce((sum, record) => sum + Buffer.from(record.data, 'base64').byteLength, 0) / Math.max(1, stream.records.length),
});

function dollarsPerMillion(result: RunSummary, records: StreamTotals, eventsPerSecond: number): Dollars {
  const perEvent = 1e6 / records.records;
  const dynamo = ((result.writeUnits * PRICES.dynamoPerMillionWriteUnits + result.readUnits * PRICES.dynamoPerMillionReadUnits) / 1e6) * perEvent;
  const lambda = ((result.lambdaMs / 1000) * LAMBDA_GB * PRICES.lambdaArmPerGbSecond + (result.invocations * PRICES.lambdaPerMillionRequests) / 1e6) * perEvent;
  const gb = records.kinesisBytes / 2 ** 30;
  const streamHours = 1e6 / eventsPerSecond / 3600;
  const kinesis = gb * (PRICES.kinesisOnDemandPerGbIn + PRICES.kinesisOnDemandPerGbOut) * perEvent + streamHours * PRICES.kinesisOnDemandPerStreamHour;
  return { dynamo, lambda, kinesis, total: dynamo + lambda + kinesis };
}

/**
 * The profile API's answer for every user, from the design before (v2 keeps the state exact) and from
 * the codec written now read back batch after batch: how many are identical, and the largest score difference
 * (since v3 stored interest scores are rounded; the API shows 4 decimals). Asked at the last event plus an hour.
 */
function compareViews(exact: BilledStore, stored: BilledStore): { users: number; identical: number; sameRanking: number; maxScoreDifference: number } {
  let identical = 0;
  let sameRanking = 0;
  let maxScoreDifference = 0;
  let now = 0;
  for (const { value } of exact.items.values()) if ('lineage' in value) now = Math.max(now, Date.parse(value.lineage.updatedAt));
  now += 3_600_000;
  const keysOf = (view: ReturnType<typeof profileView>) => [view.interests.shortTerm, view.interests.longTerm].flatMap((term) => [term.categories, term.brands]);
  for (const [uid, { value }] of exact.items) {
    const other = stored.items.get(uid)?.value;
    if (!('lineage' in value) || !other || !('lineage' in other)) continue;
    const a = profileView(value, now, 50, DEFAULT_PIPELINE_SETTINGS);
    const b = profileView(other, now, 50, DEFAULT_PIPELINE_SETTINGS);
    if (isDeepStrictEqual(a, b)) identical++;
    const rankingsA = keysOf(a);
    const rankingsB = keysOf(b);
    if (rankingsA.every((list, index) => isDeepStrictEqual(list.map((entry) => entry.key), rankingsB[index]!.map((entry) => entry.key)))) sameRanking++;
    rankingsA.forEach((list, index) => list.forEach((entry, position) => (maxScoreDifference = Math.max(maxScoreDifference, Math.abs(entry.score - (rankingsB[index]![position]?.score ?? 0))))));
  }
  return { users: exact.items.size, identical, sameRanking, maxScoreDifference };
}

/** Items over 1 KB examined per design for the sections table (every k-th of them). */
const SECTION_SAMPLE = 3_000;

/** Mean marginal bytes of each section of the items over 1 KB a design wrote (item-sections.ts). */
function sectionsOf(r: Run, encoding: Encoding): { items: number; body: number; sections: Record<Section, number> } {
  const encode = BODY_OF[encoding]!;
  const stride = Math.max(1, Math.ceil(r.store.large.length / SECTION_SAMPLE));
  const sample = r.store.large.filter((_, index) => index % stride === 0);
  const sums = Object.fromEntries(SECTIONS.map((section) => [section, 0])) as Record<Section, number>;
  let body = 0;
  for (const state of sample) {
    const measured = sectionBytes(state, encode);
    body += measured.total;
    for (const section of SECTIONS) sums[section] += measured.sections[section];
  }
  const n = Math.max(1, sample.length);
  return { items: r.store.large.length, body: body / n, sections: Object.fromEntries(SECTIONS.map((section) => [section, sums[section] / n])) as Record<Section, number> };
}

/** `full`: every design since the per-event baseline; otherwise (the robustness stream) those since codec v2. */
async function measureStream(name: string, options: StreamOptions, full = true, sections = false) {
  const stream = generateStream({ ...options, ...(args.events ? { events: args.events } : {}) });
  const batches = batchesOf(stream.records, BATCH);
  const eventsPerSecond = options.eventsPerSecond ?? 200_000 / (18 * 3_600);
  const before = full
    ? [
        await run('baseline: a write per event, plain attributes', batchesOf(stream.records, 1), 'plain', writingDrops),
        await run('one write per user per batch, plain attributes (before)', batches, 'plain', writingDrops),
        await run('one write per user per batch, compact codec v1 (before)', batches, 'compact-v1', writingDrops),
        await run('one write per user per batch, compact codec v2, drop-only batches written (before)', batches, 'compact-v2', writingDrops),
      ]
    : [];
  const withoutDropWrites = await run('compact codec v2, no write for drop-only batches (before)', batches, 'compact-v2');
  const v3 = await run('compact codec v3, no write for drop-only batches (before)', batches, 'compact-v3', context, true);
  const v4 = await run('compact codec v4, no write for drop-only batches (before)', batches, 'compact-v4', context, true, sections);
  const v5 = await run('**compact codec v5 (32-bit fingerprints, sums to 12 digits), no write for drop-only batches (now)**', batches, 'compact', context, true, sections);
  return {
    name,
    stream: totalsOf(stream),
    batches: batches.length,
    eventsPerSecond,
    full,
    userBatches: distinctUsersPerBatch(batches),
    runs: [...before, withoutDropWrites, v3, v4, v5].map(summary),
    views: compareViews(withoutDropWrites.store, v5.store),
    sections: sections ? { before: sectionsOf(v4, 'compact-v4'), now: sectionsOf(v5, 'compact') } : undefined,
  };
}

/**
 * The batching table models how Lambda forms a batch from a shard: it invokes when the batch is full
 * (`profileBatchSize`), when the batching window (`profileBatchingWindowSeconds`) has passed since it
 * began gathering, or when the payload reaches 6 MB, whichever comes first. At a steady `RATE` events
 * per second on the shard, a window of w seconds gathers about RATE × w records. `--rate` sets the
 * rate (the sparse streams arrive at it too); the windows are those of BATCHING below.
 */
const RATE = args.rate ?? SPARSE_STREAM.eventsPerSecond!;
const LAMBDA_PAYLOAD_BYTES = 6 * 2 ** 20;
interface Batching {
  batchSize: number;
  windowSeconds: number;
}
/** The default batch size at windows of 1–10 s (the default window among them), and a bigger batch with a longer window. */
const BATCHING: readonly Batching[] = [
  ...[1, 2, 3, 5, 10].map((windowSeconds) => ({ batchSize: DEFAULT_BATCH_SIZE, windowSeconds })),
  { batchSize: 1_000, windowSeconds: 20 },
];
const DEFAULT_WINDOW_SECONDS = DEFAULT_BATCHING_WINDOW.toSeconds();
const CODEC_NOW = `v${PROFILE_CODEC_VERSION}`;

/** Records per invocation a batching setting gathers at `rate` events/s on a shard (whichever limit comes first). */
const recordsPerInvocation = ({ batchSize, windowSeconds }: Batching, rate: number, meanRecordBytes: number) =>
  Math.max(1, Math.min(batchSize, Math.floor(rate * windowSeconds), Math.floor(LAMBDA_PAYLOAD_BYTES / meanRecordBytes)));

/** What one invocation size costs on a stream, per applied event. */
interface BatchingRow {
  records: number;
  usersPerBatch: number;
  writes: number;
  writeUnits: number;
  dollars: number;
}

/**
 * The batching trade-off on a sparse stream arriving at `RATE`: a bigger batch (a longer window) holds more of a user's events,
 * so fewer writes. The size the stream's own part already measured (`BATCH` at the stream's rate) is left to it.
 */
async function measureBatching(options: StreamOptions) {
  const stream = generateStream({ ...options, eventsPerSecond: RATE, ...(args.events ? { events: args.events } : {}) });
  const totals = totalsOf(stream);
  const sizes = [...new Set(BATCHING.map((setting) => recordsPerInvocation(setting, RATE, totals.recordBytes)))].filter(
    (size) => !(size === BATCH && RATE === options.eventsPerSecond),
  );
  const rows: BatchingRow[] = [];
  for (const size of sizes) {
    const batches = batchesOf(stream.records, size);
    const r = await run(`batch ${size}`, batches, 'compact', context, true);
    rows.push(batchingRow(size, distinctUsersPerBatch(batches) / batches.length, r, totals, RATE));
  }
  return { rows, recordBytes: totals.recordBytes };
}

const batchingRow = (records: number, usersPerBatch: number, r: RunSummary, totals: StreamTotals, rate: number): BatchingRow => ({
  records,
  usersPerBatch,
  writes: r.writes / r.applied,
  writeUnits: r.writeUnits / r.applied,
  dollars: dollarsPerMillion(r, totals, rate).total,
});

/** The parts of the benchmark, each measured in its own process (`--part n`) so they run side by side. */
const PARTS = [
  () => measureStream('sparse (real-shaped: ≈4 events per user, short sessions, long tail)', SPARSE_STREAM, true, true),
  () => measureStream('dense (long sessions of returning users)', DEFAULT_STREAM),
  () => measureStream('harsher sparse (robustness: 10 % heavy-tail sessions, ordinary sessions of 4 events, 5× the categories as paths)', HARSH_SPARSE_STREAM, false, true),
  () => measureBatching(SPARSE_STREAM),
  () => measureBatching(HARSH_SPARSE_STREAM),
] as const;
type Measured = Awaited<ReturnType<typeof measureStream>>;
type BatchingMeasured = Awaited<ReturnType<typeof measureBatching>>;

/** Runs each part in a child process of its own (the parts are independent; a loaded machine gives each a share), in the order of PARTS. */
function inWorkers(): Promise<unknown[]> {
  return Promise.all(
    PARTS.map(
      (_, part) =>
        new Promise<unknown>((resolve, reject) => {
          const child = fork(__filename, [...process.argv.slice(2), '--part', String(part)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
          let result: unknown;
          child.on('message', (message) => (result = message));
          child.on('error', reject);
          child.on('exit', (code) => (code === 0 && result !== undefined ? resolve(result) : reject(new Error(`cost part ${part} exited with ${String(code)}`))));
        }),
    ),
  );
}

async function main() {
  if (args.part !== undefined) {
    const part = PARTS[args.part];
    if (!part) throw new Error(`no part ${args.part}`);
    const result = await part();
    await new Promise<void>((resolve, reject) => process.send!(result, (error: Error | null) => (error ? reject(error) : resolve())));
    return;
  }
  const results = await inWorkers();
  const measured = results.slice(0, 3) as Measured[];
  const batching = results.slice(3) as BatchingMeasured[];
  const m = machine();
  const lines = [
    '## Profiles: what a million events cost in AWS (DynamoDB, Lambda, Kinesis)',
    '',
    `Generated by \`npx tsx bench/profiles/cost.ts\` on ${new Date().toISOString()} (${m.cpu}, Node ${m.node}).`,
    '',
    `- Streams (\`bench/profiles/stream.ts\`): **sparse** — ${fmt(measured[0]!.stream.records)} records, ${fmt(measured[0]!.stream.distinctUsers)} users, ` +
      `${fmt(measured[0]!.eventsPerSecond)} events/s, sessions of 1 + geometric(mean 2.5) events with 3 % of 20–60 (most users 1–10 events, a long tail of heavy users); ` +
      `**dense** — ${fmt(measured[1]!.stream.records)} records, ${fmt(measured[1]!.stream.distinctUsers)} users, sessions of 6–34 events; ` +
      `**harsher sparse** (robustness) — ${fmt(measured[2]!.stream.records)} records, ${fmt(measured[2]!.stream.distinctUsers)} users, ${fmt(measured[2]!.eventsPerSecond)} events/s, sessions of 1 + geometric(mean 4) events with 10 % of 20–60, 200 categories written as paths (\`phones > accessories\`). ` +
      `All carry 5 % resends, double clicks and bots. Batches of ${BATCH} records.`,
    `- Item sizes follow DynamoDB's billing rules (\`bench/profiles/item-size.ts\`) on the very items the adapter writes; a write costs one unit per started KB, a strongly consistent read one unit per started 4 KB (one for a missing item).`,
    `- Prices: us-east-1 on-demand list prices — DynamoDB $${PRICES.dynamoPerMillionWriteUnits} per million write units and $${PRICES.dynamoPerMillionReadUnits} per million read units; ` +
      `Lambda (arm64) $${PRICES.lambdaArmPerGbSecond} per GB-second and $${PRICES.lambdaPerMillionRequests} per million requests at ${LAMBDA_GB} GB; ` +
      `Kinesis on-demand $${PRICES.kinesisOnDemandPerGbIn}/GB in, $${PRICES.kinesisOnDemandPerGbOut}/GB out (records rounded up to 1 KB), $${PRICES.kinesisOnDemandPerStreamHour} per stream-hour at the stream's rate.`,
    `- Lambda duration is a model: the measured CPU time of the use case on this machine (fold, cleaning, and the codec where it runs) plus ${DYNAMO_CALL_MS} ms per DynamoDB call (BatchGetItem per 100 users, writes ${WRITE_CONCURRENCY} at a time). API Gateway and the ingest function are left out (they do not depend on the design).`,
    '',
  ];
  for (const entry of measured) {
    lines.push(
      `### ${entry.name}`,
      '',
      `${fmt(entry.userBatches / entry.batches, 1)} distinct users per batch of ${BATCH} (the floor: one write per distinct user per batch).`,
      '',
      '| design | writes / applied event | write units / applied event | read units / applied event | item bytes p50 / p90 / p99 / max | $ DynamoDB | $ Lambda | $ Kinesis | **$ per million events** |',
      '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    );
    for (const r of entry.runs) {
      const d = dollarsPerMillion(r, entry.stream, entry.eventsPerSecond);
      lines.push(
        `| ${r.design} | ${fmt(r.writes / r.applied, 3)} | ${fmt(r.writeUnits / r.applied, 3)} | ${fmt(r.readUnits / r.applied, 3)} | ${sizePercentiles(r.sizes)} | ` +
          `${fmt(d.dynamo, 2)} | ${fmt(d.lambda, 2)} | ${fmt(d.kinesis, 2)} | **${fmt(d.total, 2)}** |`,
      );
    }
    const perEvent = (r: RunSummary) => fmt(r.writeUnits / r.applied, 3);
    const perWrite = (r: RunSummary) => fmt(r.writeUnits / r.writes, 3);
    const overOneKb = (r: RunSummary) => fmt((100 * r.sizes.filter((bytes) => bytes > 1024).length) / Math.max(1, r.writes), 1);
    const [v2, v3, v4, now] = entry.runs.slice(-4) as [RunSummary, RunSummary, RunSummary, RunSummary];
    const target = entry === measured[1] ? '' : ` (target ≤ 1.0 on a sparse stream: **${now.writeUnits / now.applied <= 1 ? 'met' : 'missed'}**; margin aimed at: ≤ 0.95, **${now.writeUnits / now.applied <= 0.95 ? 'met' : 'missed'}**)`;
    const views = entry.views;
    const history = entry.full
      ? (([, plain, v1, v2Drops]) => `plain ${perEvent(plain!)} → codec v1 ${perEvent(v1!)} → codec v2 ${perEvent(v2Drops!)} → `)(entry.runs)
      : '';
    lines.push(
      '',
      `Write units per applied event: ${history}codec v2 without drop-only writes ${perEvent(v2)} → codec v3 ${perEvent(v3)} → codec v4 ${perEvent(v4)} → **codec v5 ${perEvent(now)}**${target}; ` +
        `write units per write ${perWrite(v2)} → ${perWrite(v3)} → ${perWrite(v4)} → **${perWrite(now)}** (1.000 = every item ≤ 1 KB), items over 1 KB ${overOneKb(v2)} % → ${overOneKb(v3)} % → ${overOneKb(v4)} % → **${overOneKb(now)} %**.`,
      '',
    );
    if (entry.full) {
      const v2Drops = entry.runs[3]!;
      lines.push(
        `Writes per applied event: ${fmt(v2Drops.writes / v2Drops.applied, 3)} when every user of a batch is written, of which ${fmt((100 * v2Drops.dropOnlyWrites) / v2Drops.writes, 1)} % applied no event at all ` +
          `(they recorded a crawler's, a resend's, a burst's or a double click's drops in \`lineage.dropped\`); **${fmt(now.writes / now.applied, 3)}** now, ` +
          `of which ${fmt((100 * now.dropOnlyWrites) / Math.max(1, now.writes), 1)} % still apply no event: rate and double-click drops change the cleaning memory, so they are written. ` +
          `The floor at this batch size is one write per user with an applied event.`,
        '',
      );
    }
    lines.push(
      `Codecs v3 to v5 round stored interest scores to 9 significant digits (v4's packing is lossless; v5 also rounds the running sums of logged prices and of weekly activity to 12 digits, and keeps 32-bit event-id fingerprints), and every batch here folds what the previous item decodes to, as in DynamoDB: the profile API (\`profileView\`, 50 interests per ranking, an hour after the last event) under v5 ` +
        `answers identically to the exact v2 fold for **${fmt(views.identical)} of ${fmt(views.users)}** users, ranks every interest list the same for ${fmt(views.sameRanking)}, and its 4-decimal scores differ by at most ${views.maxScoreDifference.toFixed(4)}.`,
      '',
    );
    if (entry.sections) {
      const { before, now: after } = entry.sections;
      lines.push(
        `Where the bytes of the items over 1 KB go (\`bench/profiles/item-sections.ts\`: what the stored body shrinks by when the section is emptied, mean over up to ${fmt(SECTION_SAMPLE)} such items of each codec; ` +
          'fingerprints sit outside DEFLATE, so theirs are exact; the rest compress against each other, so the shares do not add up to the body):',
        '',
        `| section | codec v4 (${fmt(before.items)} items over 1 KB) | codec v5 (${fmt(after.items)} items over 1 KB) |`,
        '| --- | ---: | ---: |',
        ...SECTIONS.map((section) => `| ${section} | ${fmt(before.sections[section])} | ${fmt(after.sections[section])} |`),
        `| **body (mean)** | **${fmt(before.body)}** | **${fmt(after.body)}** |`,
        '',
      );
    }
  }

  // The batching trade-off on the sparse streams: seconds of freshness against writes.
  const sparseStreams = [measured[0]!, measured[2]!];
  /** A stream's row for an invocation size: measured by the batching part, or (the bench's own batch size at the stream's rate) by the stream's part. */
  const rowOf = (stream: number, records: number): BatchingRow => {
    const entry = sparseStreams[stream]!;
    const own = batching[stream]!.rows.find((row) => row.records === records);
    if (own) return own;
    if (records !== BATCH || entry.eventsPerSecond !== RATE) throw new Error(`no batching row for ${records} records`);
    return batchingRow(records, entry.userBatches / entry.batches, entry.runs.at(-1)!, entry.stream, RATE);
  };
  const defaultBatching = BATCHING.find((setting) => setting.batchSize === DEFAULT_BATCH_SIZE && setting.windowSeconds === DEFAULT_WINDOW_SECONDS);
  lines.push(
    `### Batching: seconds of freshness against write units (sparse streams, compact codec ${CODEC_NOW})`,
    '',
    `How Lambda forms a batch from a shard: it invokes when the batch is full (\`profileBatchSize\`), when the batching window (\`profileBatchingWindowSeconds\`) has passed, or when the payload reaches 6 MB, whichever comes first. ` +
      `Modelled here at a steady ${fmt(RATE)} events/s on one shard (\`--rate\`; the streams arrive at that rate): a window of w seconds gathers about ${fmt(RATE)} × w records, up to the batch size ` +
      `(6 MB would be about ${fmt(Math.floor(LAMBDA_PAYLOAD_BYTES / batching[0]!.recordBytes))} records of ${fmt(batching[0]!.recordBytes)} bytes: never the limit here). ` +
      `The first record of a batch waits for the batch to close: at this rate the time to fill it, at any lower rate up to the window; then up to about a second until Lambda next polls the shard, and the invocation itself. ` +
      `Set both with the CDK context (README, Configuration); the default is ${fmt(DEFAULT_BATCH_SIZE)} records and ${fmt(DEFAULT_WINDOW_SECONDS)} s${defaultBatching ? ' (**bold** below)' : ''}.`,
    '',
    '| batch size | window (s) | records per invocation at this rate | seconds the first record waits at this rate | sparse: distinct users per batch | sparse: writes / applied event (the floor) | sparse: write units / applied event | sparse: $ per million events | harsher sparse: write units / applied event | harsher sparse: $ per million events |',
    '| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  );
  for (const setting of BATCHING) {
    const records = recordsPerInvocation(setting, RATE, batching[0]!.recordBytes);
    const [sparse, harsh] = [rowOf(0, records), rowOf(1, recordsPerInvocation(setting, RATE, batching[1]!.recordBytes))];
    const bold = (text: string) => (setting === defaultBatching ? `**${text}**` : text);
    lines.push(
      `| ${bold(fmt(setting.batchSize))} | ${bold(fmt(setting.windowSeconds))} | ${fmt(records)} | ${fmt(Math.min(setting.windowSeconds, records / RATE), 1)} | ${fmt(sparse.usersPerBatch, 1)} | ${fmt(sparse.writes, 3)} | ` +
        `${bold(fmt(sparse.writeUnits, 3))} | ${fmt(sparse.dollars, 2)} | ${bold(fmt(harsh.writeUnits, 3))} | ${fmt(harsh.dollars, 2)} |`,
    );
  }
  lines.push('');
  writeSection('cost', lines.join('\n'));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
