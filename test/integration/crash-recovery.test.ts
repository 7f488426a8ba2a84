import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as readline from 'node:readline';

/**
 * Durability of `npm start` with DATA_DIR: the suite runs as its own process (as a user runs it), takes
 * 1,000 events with 202, and is killed with SIGKILL while the stream consumer is still working. Started
 * again on the same DATA_DIR, it must apply every accepted event exactly once: none lost with the stream,
 * none applied twice when the batches in flight at the kill are delivered again.
 */
const PROJECT_ROOT = path.resolve(__dirname, '..', '..');
const USERS = 100;
const EVENTS_PER_USER = 10;
const PER_REQUEST = 500;

let dataDir: string;
let stateDir: string;
const children = new Set<ChildProcess>();

beforeAll(() => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'crash-data-'));
  stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'crash-state-'));
});

afterAll(() => {
  for (const child of children) child.kill('SIGKILL');
  fs.rmSync(dataDir, { recursive: true, force: true });
  fs.rmSync(stateDir, { recursive: true, force: true });
});

/** Starts `bin/local.ts` in one Node process (tsx as a loader, so SIGKILL reaches the suite itself). */
async function startSuiteProcess(): Promise<{ child: ChildProcess; apiUrl: string; token: string; output: string[] }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bin/local.ts'], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, PORT: '0', DATA_DIR: dataDir, STATE_DIR: stateDir, LOG_LEVEL: 'ERROR', SCHEDULE_SPEEDUP: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  child.once('exit', () => children.delete(child));
  const output: string[] = [];
  readline.createInterface({ input: child.stderr! }).on('line', (line) => output.push(line));
  const lines = readline.createInterface({ input: child.stdout! });
  return new Promise((resolve, reject) => {
    let apiUrl: string | undefined;
    child.once('exit', (code, signal) => reject(new Error(`the suite exited (${code ?? signal}) before it was ready:\n${output.join('\n')}`)));
    lines.on('line', (line) => {
      output.push(line);
      if (line.startsWith('API_URL=')) apiUrl = line.slice('API_URL='.length);
      if (line.startsWith('TOKEN=') && apiUrl) resolve({ child, apiUrl, token: line.slice('TOKEN='.length), output });
    });
  });
}

function killHard(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}

/** Records the consumer has finished, from its checkpoint file (undefined before the first batch). */
function checkpointedRecords(): number | undefined {
  const folder = path.join(dataDir, 'checkpoints');
  // The feature updater's checkpoint only: other consumers of the same stream (decisions) keep their own.
  const files = fs.existsSync(folder) ? fs.readdirSync(folder).filter((name) => name.endsWith('.json') && name.includes('FeatureUpdater')) : [];
  if (files.length === 0) return undefined;
  let total = 0;
  for (const file of files) {
    const saved = JSON.parse(fs.readFileSync(path.join(folder, file), 'utf8')) as { shards: Record<string, { records: number }> };
    for (const shard of Object.values(saved.shards)) total += shard.records;
  }
  return total;
}

const userId = (index: number) => `crash-user-${index}`;

it('applies every event accepted before a kill -9 exactly once after a restart on the same DATA_DIR', async () => {
  const first = await startSuiteProcess();
  const headers = { authorization: `Bearer ${first.token}`, 'content-type': 'application/json' };

  // 10 views per user, a minute apart (no double clicks, no bot rate), users interleaved across requests.
  const base = Date.now() - 3 * 60 * 60_000;
  const events = Array.from({ length: USERS * EVENTS_PER_USER }, (_, index) => {
    const user = index % USERS;
    const nth = Math.floor(index / USERS);
    return {
      eventId: `crash-${user}-${nth}`,
      userId: userId(user),
      type: 'product_view',
      timestamp: new Date(base + nth * 60_000).toISOString(),
      item: { itemId: `sku-${nth}`, category: 'Running Shoes', brand: 'Acme', price: 99 },
      dwellMs: 5_000,
      device: { type: 'mobile' },
    };
  });
  let accepted = 0;
  for (let start = 0; start < events.length; start += PER_REQUEST) {
    const response = await fetch(`${first.apiUrl}/v1/events`, { method: 'POST', headers, body: JSON.stringify({ events: events.slice(start, start + PER_REQUEST) }) });
    const body = (await response.json()) as { accepted: number; rejected: unknown[]; failed: unknown[] };
    expect({ status: response.status, rejected: body.rejected, failed: body.failed }).toEqual({ status: 202, rejected: [], failed: [] });
    accepted += body.accepted;
  }
  expect(accepted).toBe(USERS * EVENTS_PER_USER);

  // Kill as soon as the consumer has finished its first batch: it is then in the middle of the stream.
  const startedWaiting = Date.now();
  while (checkpointedRecords() === undefined) {
    if (Date.now() - startedWaiting > 60_000) throw new Error(`the consumer never checkpointed:\n${first.output.join('\n')}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  await killHard(first.child);
  const finishedAtKill = checkpointedRecords()!;
  expect(finishedAtKill).toBeGreaterThan(0);
  expect(finishedAtKill).toBeLessThan(accepted);

  const second = await startSuiteProcess();
  try {
    const read = async (index: number) => {
      const response = await fetch(`${second.apiUrl}/v1/profiles/${userId(index)}`, { headers: { authorization: `Bearer ${second.token}` } });
      return response.status === 200 ? ((await response.json()) as { lineage: { eventsApplied: number; dropped: Record<string, number> } }) : undefined;
    };
    // Wait until the consumer has caught up with everything in the stream.
    const deadline = Date.now() + 120_000;
    while ((checkpointedRecords() ?? 0) < accepted && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
    expect(checkpointedRecords()).toBeGreaterThanOrEqual(accepted);

    const applied = new Map<number, number>();
    const dropped = new Map<number, Record<string, number>>();
    for (let index = 0; index < USERS; index++) {
      const profile = await read(index);
      applied.set(index, profile?.lineage.eventsApplied ?? 0);
      if (profile && Object.values(profile.lineage.dropped).some((count) => count > 0)) dropped.set(index, profile.lineage.dropped);
    }
    const wrong = [...applied].filter(([, count]) => count !== EVENTS_PER_USER);
    expect(wrong).toEqual([]);
    expect([...dropped]).toEqual([]);
  } finally {
    await killHard(second.child);
  }
}, 300_000);
