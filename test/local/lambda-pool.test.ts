import { FunctionError, LambdaPool } from '../../local/lambda-pool';
import type { LocalFunction } from '../../local/topology';

/**
 * The local Lambda sandbox: as in Lambda, the init phase (loading the handler module) has its own budget
 * and does not eat into the function timeout; invocations still time out; a failed init fails the
 * invocation and the next one starts a fresh sandbox.
 */
const fn = (name: string, timeoutSeconds: number, environment: Record<string, string> = {}): LocalFunction => ({
  logicalId: name,
  name,
  arn: `arn:aws:lambda:us-east-1:000000000000:function:${name}`,
  entry: 'test/local/fixtures/slow-init-handler.ts',
  environment,
  timeoutSeconds,
});

const logs: string[] = [];
let pool: LambdaPool;

beforeAll(() => {
  pool = new LambdaPool(
    [fn('slow-init', 1, { INIT_MS: '1500' }), fn('broken-init', 1, { INIT_MS: '0', INIT_FAILS: 'true' }), fn('quick', 1, { INIT_MS: '0' })],
    { PATH: process.env.PATH ?? '' },
    (name, line) => logs.push(`[${name}] ${line}`),
  );
});
afterAll(() => pool.close());

describe('cold start budget', () => {
  it('does not count a 1.5 s init against a 1 s function timeout', async () => {
    const result = (await pool.invoke('slow-init', {})) as { initDurationMs: number; remainingAtStart: number };
    expect(result.initDurationMs).toBeGreaterThanOrEqual(1400);
    // The handler starts with (nearly) its whole second left.
    expect(result.remainingAtStart).toBeGreaterThan(800);
    expect(logs.some((line) => /\[slow-init\] init \d+ ms/.test(line))).toBe(true);
  }, 20_000);

  it('still times out an invocation that itself outlasts the timeout, and recycles the sandbox', async () => {
    await expect(pool.invoke('quick', { sleepMs: 1_500 })).rejects.toMatchObject({ name: 'Sandbox.Timedout' });
    await expect(pool.invoke('quick', {})).resolves.toMatchObject({ initDurationMs: expect.any(Number) });
  }, 20_000);

  it('fails the invocation with the init error, and tries a fresh init next time', async () => {
    const first = pool.invoke('broken-init', {});
    await expect(first).rejects.toBeInstanceOf(FunctionError);
    await expect(first).rejects.toMatchObject({ name: 'TypeError', message: expect.stringMatching(/init failed: config is missing/) });
    await expect(pool.invoke('broken-init', {})).rejects.toMatchObject({ name: 'TypeError' });
  }, 20_000);
});

describe('an init that outlasts its budget', () => {
  let tight: LambdaPool;
  afterAll(() => tight?.close());

  it('goes on within the first invocation, whose timeout then runs', async () => {
    tight = new LambdaPool([fn('slow-init', 1, { INIT_MS: '1500' })], { PATH: process.env.PATH ?? '' }, (name, line) => logs.push(`[${name}] ${line}`), { initBudgetMs: 200 });
    // 200 ms of budget, then the 1 s timeout starts while the init still has ~1.3 s to go.
    await expect(tight.invoke('slow-init', {})).rejects.toMatchObject({ name: 'Sandbox.Timedout' });
    expect(logs.some((line) => /did not finish within its 200 ms budget/.test(line))).toBe(true);
  }, 20_000);
});
