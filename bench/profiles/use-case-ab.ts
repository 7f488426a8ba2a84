/**
 * A/B harness for changes to the feature updater's use case (`updateProfiles`) as a whole: how the
 * paired figures of rounds p17 and p18 in bench/profiles/HISTORY.md were taken. Not part of `npm run bench`
 * (it writes no results section). One process runs one tree: the use case and the bare loop
 * (decode + validate + count, as in updater-compute.ts) interleaved by slices of ten batches, and
 * prints the median paired ratio of the two over the passes after the first, then the digest of the
 * profiles (digest.ts) so a change that alters a profile shows. Compare two trees in alternating
 * processes, each bundled so that tsx's loader is out of the measurement, e.g.:
 *
 *   cp -r shared bench local package.json tsconfig.json /tmp/a    # before the change
 *   (cd /tmp/a && npx esbuild bench/profiles/use-case-ab.ts --bundle --platform=node --outfile=/tmp/a.js)
 *   npx esbuild bench/profiles/use-case-ab.ts --bundle --platform=node --outfile=/tmp/b.js
 *   for i in 1 2 3 4; do node /tmp/a.js; node /tmp/b.js; done     # RUNS=6 EVENTS=100000 by default
 *
 * NOBARE=1 skips the bare loop (for a CPU profile, `node --cpu-prof`, or callgrind of the use case alone).
 */
import { statesDigest } from './digest';
import { MemoryProfileStore } from './memory-store';
import { median } from './report';
import { DEFAULT_STREAM, batchesOf, generateStream } from './stream';
import { DEFAULT_PIPELINE_SETTINGS } from '../../shared/profiles/settings';
import { updateProfiles } from '../../shared/profiles/update-profiles';
import { decodeStreamRecord, isEventRecord } from '../../shared/stream/records';

const events = Number(process.env.EVENTS ?? 100_000);
const runs = Number(process.env.RUNS ?? 6);
const withBare = !process.env.NOBARE;
const context = { pipelineVersion: 'bench', streamName: 'events', settings: DEFAULT_PIPELINE_SETTINGS };
const deadLetters = { async send() {} };
const batches = batchesOf(generateStream({ ...DEFAULT_STREAM, events }).records, 200);

const cpuMs = () => {
  const used = process.cpuUsage();
  return (used.user + used.system) / 1000;
};

async function main() {
  const useCaseMs: number[] = [];
  const bareMs: number[] = [];
  let digest = '';
  for (let run = 0; run < runs; run++) {
    const store = new MemoryProfileStore(false);
    const counts = new Map<string, number>();
    let subject = 0;
    let floor = 0;
    for (let start = 0; start < batches.length; start += 10) {
      const slice = batches.slice(start, start + 10);
      let started = cpuMs();
      for (const batch of slice) await updateProfiles(batch, { store, deadLetters, context });
      subject += cpuMs() - started;
      if (!withBare) continue;
      started = cpuMs();
      for (const batch of slice) {
        for (const raw of batch) {
          const decoded = decodeStreamRecord(raw.data, raw.partitionKey);
          if (decoded.ok && isEventRecord(decoded.record)) counts.set(decoded.record.uid, (counts.get(decoded.record.uid) ?? 0) + 1);
        }
      }
      floor += cpuMs() - started;
    }
    useCaseMs.push(subject);
    bareMs.push(floor);
    if (run === runs - 1) digest = statesDigest(store.items);
  }
  const us = (ms: number) => ((ms * 1000) / events).toFixed(2);
  const warm = (values: readonly number[]) => values.slice(1);
  const ratios = warm(bareMs).map((ms, index) => ms / warm(useCaseMs)[index]!);
  process.stdout.write(
    `median ratio ${withBare ? median(ratios).toFixed(3) : '-'} (${ratios.map((ratio) => ratio.toFixed(3)).join(' ')}), use case ${us(median(warm(useCaseMs)))} µs/event, bare loop ${us(median(warm(bareMs)))}, digest ${digest}\n`,
  );
}

void main();
