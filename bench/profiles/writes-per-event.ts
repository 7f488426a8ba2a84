/**
 * DynamoDB writes the feature updater makes, counted through an in-memory ProfileStore, on two
 * streams: the demo's own clickstream (local/clickstream.ts, through the real ingest use case) and
 * the compute benchmark's interleaved sessions (stream.ts).
 *
 *   npx tsx bench/profiles/writes-per-event.ts [--demo-users 2000] [--demo-sessions 4] [--demo-seed 7]
 *       [--events 200000] [--users 2000] [--seed N] [--batch 200] [--redeliver 0.02]
 *
 * Subject: the real `updateProfiles`, batch by batch; a share of batches is delivered twice, as the
 * event source mapping does after a timeout, to show that a redelivery costs no write.
 * Baseline, in the same run: a per-event-write design (each record folded and saved on its own).
 * Target: exactly 1.0 write per distinct user per batch. Writes bench/results/profiles-writes-per-event.md.
 */
import { MemoryProfileStore } from './memory-store';
import { generateClickstream } from '../../local/clickstream';
import { pseudonymousId } from '../../shared/privacy/pseudonymize';
import { MAX_EVENTS_PER_REQUEST } from '../../shared/profiles/events';
import { ingestEvents, type OutgoingRecord, type PublishOutcome } from '../../shared/profiles/ingest';
import { DEFAULT_PIPELINE_SETTINGS } from '../../shared/profiles/settings';
import { updateProfiles, type DeadLetter, type RawStreamRecord } from '../../shared/profiles/update-profiles';
import { fmt, machine, writeSection } from './report';
import { DEFAULT_STREAM, batchesOf, distinctUsersPerBatch, generateStream, parseArgs, prng } from './stream';

const args = parseArgs(process.argv.slice(2));
const BATCH = args.batch ?? 200;
const REDELIVER = args.redeliver ?? 0.02;
const context = { pipelineVersion: 'bench', streamName: 'events', settings: DEFAULT_PIPELINE_SETTINGS };

/** Approximate DynamoDB item size: its JSON, with the fingerprint bytes counted as bytes. */

const deadLetters = { count: 0, async send(letters: readonly DeadLetter[]) { this.count += letters.length; } };

interface Measured {
  name: string;
  records: number;
  users: number;
  batches: number;
  userBatches: number;
  batchedWrites: number;
  batchedUnits: number;
  applied: number;
  perEventWrites: number;
  perEventUnits: number;
  perEventApplied: number;
  redelivered: number;
  replayedRecords: number;
  writesOnRedelivery: number;
  byRule: Record<string, number>;
}

async function measure(name: string, records: readonly RawStreamRecord[], seed: number): Promise<Measured> {
  const batches = batchesOf(records, BATCH);
  const random = prng(seed ^ 0x5eed);

  // Subject: one write per user per batch, with some batches delivered twice.
  const store = new MemoryProfileStore();
  let applied = 0;
  let redelivered = 0;
  let writesOnRedelivery = 0;
  let replayedRecords = 0;
  for (const batch of batches) {
    const first = await updateProfiles(batch, { store, deadLetters, context });
    applied += first.stats.applied;
    if (first.batchItemFailures.length) throw new Error('unexpected batch item failures');
    if (random() < REDELIVER) {
      redelivered++;
      const before = store.writes;
      const again = await updateProfiles(batch, { store, deadLetters, context });
      writesOnRedelivery += store.writes - before;
      replayedRecords += again.stats.replayed;
    }
  }

  // Baseline: a write per event.
  const perEvent = new MemoryProfileStore();
  let perEventApplied = 0;
  for (const record of records) perEventApplied += (await updateProfiles([record], { store: perEvent, deadLetters, context })).stats.applied;

  const byRule: Record<string, number> = {};
  for (const { value } of store.items.values()) if (!('erasedAt' in value)) for (const [rule, count] of Object.entries(value.lineage.dropped)) byRule[rule] = (byRule[rule] ?? 0) + (count ?? 0);
  return {
    name,
    records: records.length,
    users: new Set(records.map((record) => record.partitionKey)).size,
    batches: batches.length,
    userBatches: distinctUsersPerBatch(batches),
    batchedWrites: store.writes - writesOnRedelivery,
    batchedUnits: store.writeUnits,
    applied,
    perEventWrites: perEvent.writes,
    perEventUnits: perEvent.writeUnits,
    perEventApplied,
    redelivered,
    replayedRecords,
    writesOnRedelivery,
    byRule,
  };
}

const DEMO_SECRET = 'bench-only-pseudonymisation-key-0123456789';
const DEMO_END = Date.parse('2024-05-15T12:00:00Z');

/**
 * The demo's own clickstream (local/clickstream.ts, as `npm run demo` posts it: 500 events per request,
 * all received when posted), through the real edge use case (validation, HMAC pseudonym, redaction),
 * into stream records with consecutive sequence numbers.
 */
async function demoStream(users: number, sessionsPerUser: number, seed: number): Promise<{ records: RawStreamRecord[]; truth: ReturnType<typeof generateClickstream>['truth'] }> {
  const { events, truth } = generateClickstream({ seed, users, sessionsPerUser, end: DEMO_END });
  const records: RawStreamRecord[] = [];
  const publisher = {
    async publish(outgoing: readonly OutgoingRecord[]): Promise<PublishOutcome[]> {
      return outgoing.map((record) => {
        const sequenceNumber = (DEMO_SEQUENCE_BASE + BigInt(records.length)).toString();
        records.push({ shardId: 'shardId-000000000000', sequenceNumber, partitionKey: record.partitionKey, data: Buffer.from(record.data).toString('base64') });
        return { ok: true, sequenceNumber, shardId: 'shardId-000000000000' };
      });
    },
  };
  for (let start = 0; start < events.length; start += MAX_EVENTS_PER_REQUEST) {
    const result = await ingestEvents(events.slice(start, start + MAX_EVENTS_PER_REQUEST), { publisher, pseudonymize: (userId) => pseudonymousId(DEMO_SECRET, userId), now: () => new Date(DEMO_END + start) });
    if (result.rejected.length) throw new Error(`demo events rejected: ${JSON.stringify(result.rejected[0])}`);
  }
  return { records, truth };
}
const DEMO_SEQUENCE_BASE = 49_545_115_243_490_985_018_280_067_714_973_144_582_180_062_593_244n * 1000n;

async function main() {
  const demoUsers = args['demo-users'] ?? 2_000;
  const demoSessions = args['demo-sessions'] ?? 4;
  const demoSeed = args['demo-seed'] ?? 7;
  const demo = await demoStream(demoUsers, demoSessions, demoSeed);
  const stream = generateStream({ ...DEFAULT_STREAM, ...(args.events ? { events: args.events } : {}), ...(args.users ? { users: args.users } : {}), ...(args.seed ? { seed: args.seed } : {}) });
  const results = [await measure('demo clickstream (`local/clickstream.ts`)', demo.records, demoSeed), await measure('interleaved sessions (`bench/profiles/stream.ts`)', stream.records, stream.options.seed)];

  const m = machine();
  const rule = (byRule: Record<string, number>) => ['duplicate-event', 'duplicate-click', 'bot-user-agent', 'bot-rate'].map((name) => `${name} ${fmt(byRule[name] ?? 0)}`).join(', ');
  const lines = [
    '## Profiles: DynamoDB writes per event (feature updater)',
    '',
    `Generated by \`npx tsx bench/profiles/writes-per-event.ts\` on ${new Date().toISOString()}.`,
    '',
    `- Machine: ${m.cpu} (${m.cores} cores, ${m.platform}), Node ${m.node}.`,
    `- Datasets: (1) the demo's generator with ${fmt(demoUsers)} users × ${demoSessions} sessions (seed ${demoSeed}: ${fmt(demo.truth.bots.length)} bots, ${fmt(demo.truth.duplicates)} resent events, ${fmt(demo.truth.doubleClicks)} double clicks), ` +
      `posted 500 events per request through the real \`ingestEvents\`; (2) the compute benchmark's stream (seed ${stream.options.seed}: ${fmt(stream.counts.resends)} resends, ` +
      `${fmt(stream.counts.doubleClicks)} double clicks, ${fmt(stream.counts.botEvents + stream.counts.burstEvents)} bot events). Batches of ${BATCH} records in stream order.`,
    `- Writes are counted by an in-memory ProfileStore behind the real \`updateProfiles\`; write units are approximate (item size ≈ its JSON, 1 WCU per started KB).`,
    `- Redelivery: each batch has a ${fmt(100 * REDELIVER, 1)} % chance of being delivered a second time right after, as the event source mapping does after a timeout.`,
    '',
    '| dataset | design | records | writes | writes / record | writes / applied event | writes / distinct user per batch | ≈ write units |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const r of results) {
    lines.push(
      `| ${r.name} | **one write per user per batch** (\`updateProfiles\`) | ${fmt(r.records)} | **${fmt(r.batchedWrites)}** | ${fmt(r.batchedWrites / r.records, 3)} | ${fmt(r.batchedWrites / r.applied, 3)} | **${fmt(r.batchedWrites / r.userBatches, 3)}** | ${fmt(r.batchedUnits)} |`,
      `| ${r.name} | baseline: a write per event | ${fmt(r.records)} | ${fmt(r.perEventWrites)} | ${fmt(r.perEventWrites / r.records, 3)} | ${fmt(r.perEventWrites / r.perEventApplied, 3)} | ${fmt(r.perEventWrites / r.userBatches, 3)} | ${fmt(r.perEventUnits)} |`,
    );
  }
  lines.push('');
  for (const r of results) {
    const perUserBatch = r.batchedWrites / r.userBatches;
    lines.push(
      `- **${r.name}**: ${fmt(r.users)} users, ${fmt(r.batches)} batches, ${fmt(r.userBatches)} distinct (user, batch) pairs (${fmt(r.records / r.userBatches, 2)} records per user per batch). ` +
        `Writes saved: **${fmt(100 * (1 - r.batchedWrites / r.perEventWrites), 1)} %** (${fmt(r.perEventWrites / r.batchedWrites, 2)}× fewer). ` +
        `Exactly 1.0 write per distinct user per batch: **${perUserBatch === 1 ? 'met' : `missed (${perUserBatch})`}**. ` +
        `${fmt(r.redelivered)} redelivered batches replayed ${fmt(r.replayedRecords)} records and caused **${fmt(r.writesOnRedelivery)}** writes. ` +
        `Applied ${fmt(r.applied)} events (per-event design: ${fmt(r.perEventApplied)}); dropped by cleaning: ${rule(r.byRule)}.`,
    );
  }
  lines.push('');
  writeSection('writes-per-event', lines.join('\n'));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
