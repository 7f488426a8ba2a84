import { decisionsWithinBudget } from '../../shared/decisions/ope';
import { SERVED_SHARE_MAX_DECISIONS } from '../../shared/decisions/served-share';
import { evaluatePolicy, getResults } from '../../shared/decisions-service/results';
import { at, experimentFixture, FakeDecisionStores, logRecord, T0 } from './fakes';

describe('getResults: served share over time', () => {
  it('charts the logged decisions of the experiment per hour, and no other experiment\'s', async () => {
    const stores = new FakeDecisionStores();
    stores.experimentsById.set('exp-1', experimentFixture('exp-1'));
    await stores.log.put([
      logRecord('dec-00000001', { at: at(0), chosenArmId: 'a' }),
      logRecord('dec-00000002', { at: at(60), chosenArmId: 'b' }),
      logRecord('dec-00000003', { at: at(3_600), chosenArmId: 'b' }),
      logRecord('dec-other-1', { experimentId: 'exp-2', at: at(0), chosenArmId: 'a' }),
    ]);
    const results = await getResults('exp-1', stores);
    expect(results.servedShare).toEqual({
      bucket: 'hour',
      arms: ['a', 'b'],
      decisions: 3,
      complete: true,
      points: [
        { start: '2026-03-02T10:00:00.000Z', decisions: 2, shares: [0.5, 0.5], holdoutShare: 0, retiredShare: 0 },
        { start: '2026-03-02T11:00:00.000Z', decisions: 1, shares: [0, 1], holdoutShare: 0, retiredShare: 0 },
      ],
    });
  });

  it(`reads only the latest ${SERVED_SHARE_MAX_DECISIONS} decisions and then says the series is not complete`, async () => {
    const stores = new FakeDecisionStores();
    stores.experimentsById.set('exp-1', experimentFixture('exp-1'));
    const total = SERVED_SHARE_MAX_DECISIONS + 3;
    // The three oldest went to arm a, every later one to arm b: the series must not see arm a at all.
    await stores.log.put(Array.from({ length: total }, (_unused, i) => logRecord(`dec-${String(i).padStart(5, '0')}`, { at: at(i), chosenArmId: i < 3 ? 'a' : 'b' })));
    const { servedShare } = await getResults('exp-1', stores);
    expect(servedShare).toMatchObject({ decisions: SERVED_SHARE_MAX_DECISIONS, complete: false });
    expect(servedShare.points.every((point) => point.shares[0] === 0)).toBe(true);
    expect(servedShare.points.reduce((sum, point) => sum + point.decisions, 0)).toBe(SERVED_SHARE_MAX_DECISIONS);
  });

  it('answers 404 for an unknown experiment without reading the log', async () => {
    const stores = new FakeDecisionStores();
    const read = jest.spyOn(stores.log, 'listByExperiment');
    await expect(getResults('nope', stores)).rejects.toMatchObject({ statusCode: 404 });
    expect(read).not.toHaveBeenCalled();
  });
});

describe('evaluatePolicy: since', () => {
  it('counts a decision made exactly at `since`, however the instant is written', async () => {
    const stores = new FakeDecisionStores();
    stores.experimentsById.set('exp-1', experimentFixture('exp-1'));
    // at(-1) = 09:59:59.000Z, at(0) = 10:00:00.000Z, at(0.5) = 10:00:00.500Z.
    await stores.log.put([logRecord('dec-00000001', { at: at(-1) }), logRecord('dec-00000002', { at: at(0) }), logRecord('dec-00000003', { at: at(0.5) })]);
    const clock = { now: () => new Date(T0 + 86_400_000) };
    for (const since of ['2026-03-02T10:00:00Z', '2026-03-02T10:00:00.000Z', '2026-03-02T10:00:00.000000Z']) {
      const response = await evaluatePolicy('exp-1', { policy: { type: 'uniform' }, bootstrapResamples: 0, since }, { ...stores, clock });
      expect({ since, decisions: response.decisions + response.immatureDecisions }).toEqual({ since, decisions: 2 });
    }
    const half = await evaluatePolicy('exp-1', { policy: { type: 'uniform' }, bootstrapResamples: 0, since: '2026-03-02T10:00:00.5Z' }, { ...stores, clock });
    expect(half.decisions + half.immatureDecisions).toBe(1);
  });
});

describe('evaluatePolicy: the candidate\'s own cost', () => {
  const arms = Array.from({ length: 50 }, (_unused, i) => ({ armId: `arm-${i}` }));

  it('reads only as many decisions as can be read and scored in time (fewer for a frozen contextual candidate over 50 arms), and says so', async () => {
    const stores = new FakeDecisionStores();
    stores.experimentsById.set('exp-1', experimentFixture('exp-1', { arms, policy: 'contextual', minExplorationProbability: 0.001 }));
    const limits: number[] = [];
    const log = { listByExperiment: async (experimentId: string, options: { limit: number; since?: string }) => (limits.push(options.limit), stores.log.listByExperiment(experimentId, options)) };
    const clock = { now: () => new Date(T0) };
    const response = await evaluatePolicy('exp-1', { policy: { type: 'contextual-frozen' }, maxDecisions: 200_000 }, { experiments: stores.experiments, log, clock });
    const capped = decisionsWithinBudget({ type: 'contextual-frozen', mode: 'thompson' }, 50, 200_000);
    expect(capped).toBeLessThan(50_000);
    expect(response.maxDecisions).toBe(capped);
    expect(limits).toEqual([capped]);
    expect(response.notes.join(' ')).toMatch(new RegExp(`maxDecisions 200000 requested, ${capped} used`));

    const fixed = await evaluatePolicy('exp-1', { policy: { type: 'fixed', armId: 'arm-3' }, maxDecisions: 50_000 }, { experiments: stores.experiments, log, clock });
    expect(fixed.maxDecisions).toBe(50_000);
    expect(fixed.notes.join(' ')).not.toMatch(/maxDecisions/);
    // Reading alone (unmarshalling and parsing ~1.5 KB items) does not fit 200,000 decisions in one request.
    const most = await evaluatePolicy('exp-1', { policy: { type: 'fixed', armId: 'arm-3' }, maxDecisions: 200_000 }, { experiments: stores.experiments, log, clock });
    expect(most.maxDecisions).toBeGreaterThan(100_000);
    expect(most.maxDecisions).toBeLessThan(200_000);
    expect(most.notes.join(' ')).toMatch(/maxDecisions 200000 requested/);
  });

  it('budgets the Thompson candidate by arms squared and the greedy one by arms, on top of the read', () => {
    const thompson = (k: number) => decisionsWithinBudget({ type: 'contextual-frozen', mode: 'thompson' }, k, 1e9);
    const greedy = (k: number) => decisionsWithinBudget({ type: 'contextual-frozen', mode: 'greedy' }, k, 1e9);
    expect(thompson(50)).toBeLessThan(thompson(10) / 3);
    expect(greedy(50)).toBeGreaterThan(thompson(50));
    expect(decisionsWithinBudget({ type: 'uniform' }, 50, 50_000)).toBe(50_000);
  });
});
