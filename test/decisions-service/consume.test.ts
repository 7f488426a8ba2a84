import { consumeDecisionStream, type ConsumeDeps } from '../../shared/decisions-service/consume';
import { coreLearner, learningStateOf } from '../../shared/decisions-service/learner';
import type { RawStreamRecord } from '../../shared/decisions-service/ports';
import { FakeDeadLetters, FakeDecisionStores, StreamBuilder, UID_A, UID_B, at, experimentFixture, logRecord } from './fakes';

/** The decisions consumer: log, outcome join and per-experiment fold, exactly once under redelivery. */
describe('consumeDecisionStream', () => {
  let stores: FakeDecisionStores;
  let deadLetters: FakeDeadLetters;
  let deps: ConsumeDeps;

  beforeEach(() => {
    stores = new FakeDecisionStores();
    stores.experimentsById.set('exp-1', experimentFixture('exp-1'));
    deadLetters = new FakeDeadLetters();
    deps = { log: stores.log, experiments: stores.experiments, learning: stores.learning, learner: coreLearner, deadLetters, clock: { now: () => new Date(at(10)) } };
  });

  /** The folded statistics of an arm in the personalised cohort. */
  const armStats = (armId: string, experimentId = 'exp-1') => {
    const stored = stores.learningById.get(experimentId);
    return learningStateOf(experimentId, stored?.state).cohorts.personalised.get(armId);
  };
  const snapshot = () => structuredClone({ learning: [...stores.learningById], rewards: [...stores.rewards], records: [...stores.records] });

  /** Two decisions, a click on one of them (clickstream, with decisionId) and an unrelated page view. */
  function scenario() {
    const stream = new StreamBuilder();
    stream.served(logRecord('dec-00001', { chosenArmId: 'a' }));
    stream.served(logRecord('dec-00002', { chosenArmId: 'b', uid: UID_B }));
    stream.event(UID_A, { eventId: 'click-1', type: 'ad_click', adId: 'ad', channel: 'web', campaign: 'spring', decisionId: 'dec-00001' }, at(30));
    stream.event(UID_B, { eventId: 'view-1', type: 'page_view' }, at(31));
    return stream;
  }

  it('logs decisions, joins a clickstream outcome as a reward of its arm and skips events without a decision', async () => {
    const { batchItemFailures, stats } = await consumeDecisionStream(scenario().records, deps);

    expect(batchItemFailures).toEqual([]);
    expect([...stores.records.keys()].sort()).toEqual(['dec-00001', 'dec-00002']);
    expect(armStats('a')).toMatchObject({ decisions: 1, outcomes: 1, rewardSum: 1 });
    expect(armStats('b')).toMatchObject({ decisions: 1, outcomes: 0, rewardSum: 0 });
    expect(stores.rewards.get('dec-00001')).toMatchObject({ reward: 1, applied: [expect.objectContaining({ id: 'click-1', delta: 1, late: false })] });
    expect(stats).toMatchObject({ records: 4, decisionsLogged: 2, outcomesJoined: 1, skipped: 1, experimentsWritten: 1, failedRecords: 0 });
    // Once per batch per experiment: one learning write for four records.
    expect(stores.calls.saveLearning).toBe(1);
    expect(stores.learningById.get('exp-1')!.watermarks['shardId-000000000000']).toBeDefined();
  });

  it('leaves everything as it was when the whole batch is delivered again', async () => {
    const { records } = scenario();
    await consumeDecisionStream(records, deps);
    const before = snapshot();

    const { batchItemFailures, stats } = await consumeDecisionStream(records, deps);

    expect(batchItemFailures).toEqual([]);
    expect(snapshot()).toEqual(before);
    expect(stats).toMatchObject({ outcomesJoined: 0, experimentsWritten: 0, replayed: 3 });
  });

  it('is exactly once when only the tail of a batch is delivered again, together with new records', async () => {
    const stream = scenario();
    await consumeDecisionStream(stream.records, deps);
    const tail = stream.records.slice(2);
    const fresh = stream.event(UID_B, { eventId: 'click-2', type: 'ad_click', adId: 'ad', channel: 'web', campaign: 'spring', decisionId: 'dec-00002' }, at(40));

    await consumeDecisionStream([...tail, fresh], deps);

    expect(armStats('a')).toMatchObject({ decisions: 1, rewardSum: 1 });
    expect(armStats('b')).toMatchObject({ decisions: 1, rewardSum: 1 });
  });

  it('counts a resent outcome (same outcome id, new record) once, and a second click adds no reward', async () => {
    const stream = new StreamBuilder();
    stream.served(logRecord('dec-00001'));
    stream.apiOutcome(UID_A, 'dec-00001', { outcomeId: 'o-1', event: 'click' }, at(20));
    stream.apiOutcome(UID_A, 'dec-00001', { outcomeId: 'o-1', event: 'click' }, at(21));
    stream.apiOutcome(UID_A, 'dec-00001', { outcomeId: 'o-2', event: 'ad_click' }, at(22));

    const { stats } = await consumeDecisionStream(stream.records, deps);

    expect(stats).toMatchObject({ duplicateOutcomes: 1, outcomesJoined: 2 });
    expect(armStats('a')).toMatchObject({ decisions: 1, outcomes: 1, rewardSum: 1 });
    expect(stores.rewards.get('dec-00001')!.reward).toBe(1);
  });

  it('counts an outcome after the reward window as late, never as reward', async () => {
    const stream = new StreamBuilder();
    stream.served(logRecord('dec-00001'));
    await consumeDecisionStream(stream.records, deps);
    const late = stream.event(UID_A, { eventId: 'click-late', type: 'ad_click', adId: 'ad', channel: 'web', campaign: 'spring', decisionId: 'dec-00001' }, at(3601));

    const { stats } = await consumeDecisionStream([late], deps);

    expect(stats).toMatchObject({ lateOutcomes: 1, outcomesJoined: 0 });
    expect(armStats('a')).toMatchObject({ decisions: 1, outcomes: 0, late: 1, rewardSum: 0 });
    // Redelivered: still one late outcome.
    await consumeDecisionStream([late], deps);
    expect(armStats('a')).toMatchObject({ late: 1 });
  });

  it('joins an outcome to a decision logged by an earlier batch, and counts unknown decision ids apart', async () => {
    const stream = new StreamBuilder();
    stream.served(logRecord('dec-00001', { objective: 'revenue' }));
    await consumeDecisionStream(stream.records, deps);
    stores.experimentsById.set('exp-1', experimentFixture('exp-1', { objective: 'revenue' }));
    const purchase = stream.event(
      UID_A,
      { eventId: 'order-1', type: 'purchase', orderId: 'o1', currency: 'CNY', items: [{ itemId: 'i1', category: 'shoes', price: 12.5, quantity: 2 }], decisionId: 'dec-00001' },
      at(50),
    );
    const stray = stream.event(UID_A, { eventId: 'click-x', type: 'ad_click', adId: 'ad', channel: 'web', campaign: 'spring', decisionId: 'dec-unknown' }, at(51));

    const { stats, batchItemFailures } = await consumeDecisionStream([purchase, stray], deps);

    expect(batchItemFailures).toEqual([]);
    expect(stats).toMatchObject({ outcomesJoined: 1, unmatchedOutcomes: 1 });
    expect(stores.rewards.get('dec-00001')!.reward).toBe(25);
    expect(armStats('a')).toMatchObject({ rewardSum: 25 });
  });

  it('never logs a decision its user was erased after: one still on the stream at the erasure stays out of the log, and so do its outcomes', async () => {
    // The erasure deleted the user's logged decisions at at(20); dec-00001 (served at at(0)) was in flight.
    await stores.log.eraseUser(UID_A, new Date(at(20)));
    const stream = new StreamBuilder();
    stream.served(logRecord('dec-00001', { chosenArmId: 'a' }));
    stream.served(logRecord('dec-00002', { chosenArmId: 'b', uid: UID_B }));
    stream.served(logRecord('dec-00003', { chosenArmId: 'a', at: at(25) }));
    stream.event(UID_A, { eventId: 'click-1', type: 'ad_click', adId: 'ad', channel: 'web', campaign: 'spring', decisionId: 'dec-00001' }, at(30));

    const { batchItemFailures, stats } = await consumeDecisionStream(stream.records, deps);

    expect(batchItemFailures).toEqual([]);
    // A decision served after the erasure is the returning user's own, and is logged.
    expect([...stores.records.keys()].sort()).toEqual(['dec-00002', 'dec-00003']);
    expect(stores.rewards.has('dec-00001')).toBe(false);
    expect(armStats('a')).toMatchObject({ decisions: 1, outcomes: 0 });
    expect(stats).toMatchObject({ decisionsLogged: 2, decisionsOfErasedUsers: 1, unmatchedOutcomes: 1 });
  });

  it('ignores outcome events the objective does not reward', async () => {
    const stream = new StreamBuilder();
    stream.served(logRecord('dec-00001'));
    stream.event(UID_A, { eventId: 'view-9', type: 'page_view', decisionId: 'dec-00001' }, at(5));
    const { stats } = await consumeDecisionStream(stream.records, deps);
    expect(stats).toMatchObject({ ignoredOutcomes: 1, outcomesJoined: 0 });
    expect(stores.rewards.has('dec-00001')).toBe(false);
  });

  describe('poison records', () => {
    const poison = (stream: StreamBuilder) => [
      stream.raw(UID_A, 'not an object'),
      stream.raw(UID_A, { v: 1, kind: 'decision', uid: UID_A, receivedAt: at(0), decision: { type: 'served', log: { decisionId: 'x' } } }),
      stream.served(logRecord('dec-00009', { uid: UID_B })), // valid: it is logged
      stream.raw(UID_A, { v: 1, kind: 'decision', uid: UID_A, receivedAt: at(0), decision: { type: 'served', log: logRecord('dec-00010', { uid: UID_B }) } }),
      stream.raw(UID_A, { v: 1, kind: 'telepathy', uid: UID_A, receivedAt: at(0) }),
    ];

    it('sends each to the dead-letter queue with its reason and processes the rest', async () => {
      const stream = new StreamBuilder();
      const records = poison(stream);

      const { batchItemFailures, stats } = await consumeDecisionStream(records, deps);

      expect(batchItemFailures).toEqual([]);
      expect(stats).toMatchObject({ deadLettered: 4, decisionsLogged: 1 });
      expect(deadLetters.letters.map((letter) => letter.reason)).toEqual([
        expect.stringMatching(/schema/),
        expect.stringMatching(/decision payload does not match its schema: log\./),
        'decision log uid does not match the record uid',
        expect.stringMatching(/unknown record kind "telepathy"/),
      ]);
      expect(deadLetters.letters[0]).toMatchObject({ shardId: 'shardId-000000000000', sequenceNumber: records[0]!.sequenceNumber, data: records[0]!.data });
    });

    it('keeps them in the stream (batch item failures) when the dead-letter queue is down, folding nothing after the first', async () => {
      deadLetters.failNext = 1;
      const stream = new StreamBuilder();
      stream.served(logRecord('dec-00001'));
      const bad = stream.raw(UID_A, { v: 1, kind: 'decision', uid: UID_A, receivedAt: at(0), decision: {} });
      stream.served(logRecord('dec-00002'));

      const { batchItemFailures } = await consumeDecisionStream(stream.records, deps);

      expect(batchItemFailures).toEqual([{ itemIdentifier: bad.sequenceNumber }]);
      // Only the decision before the failure is folded; Lambda redelivers from the failure on.
      expect(armStats('a')).toMatchObject({ decisions: 1 });
      await consumeDecisionStream(stream.records.slice(1), deps);
      expect(armStats('a')).toMatchObject({ decisions: 2 });
      expect(deadLetters.letters).toHaveLength(1);
    });
  });

  describe('transient failures', () => {
    /** Runs a batch the way Lambda does: retry from the lowest failed record until none fails. */
    async function deliverUntilDone(records: readonly RawStreamRecord[]) {
      let remaining = [...records];
      for (let attempt = 0; attempt < 10 && remaining.length > 0; attempt++) {
        const { batchItemFailures } = await consumeDecisionStream(remaining, deps);
        if (batchItemFailures.length === 0) return attempt + 1;
        const lowest = batchItemFailures.map((failure) => BigInt(failure.itemIdentifier)).reduce((a, b) => (a < b ? a : b));
        remaining = remaining.filter((record) => BigInt(record.sequenceNumber) >= lowest);
      }
      throw new Error('batch never succeeded');
    }

    it.each([
      ['the log write', 'putLog'],
      ['the decision lookup', 'loadLog'],
      ['the reward write', 'saveReward'],
      ['the learning read', 'loadLearning'],
      ['the learning write', 'saveLearning'],
    ] as const)('reports %s failing as batch item failures, and the retry from there counts everything once', async (_label, operation) => {
      stores.failNext[operation] = 1;
      const attempts = await deliverUntilDone(scenario().records);

      expect(attempts).toBe(2);
      expect(armStats('a')).toMatchObject({ decisions: 1, outcomes: 1, rewardSum: 1 });
      expect(armStats('b')).toMatchObject({ decisions: 1, rewardSum: 0 });
      expect(stores.rewards.get('dec-00001')!.applied).toHaveLength(1);
    });

    it('re-folds on a concurrent learning write instead of losing either', async () => {
      // Another shard's consumer folds a decision of arm b between our read and our write.
      stores.conflictNextLearningSaves = 1;
      stores.beforeConflict = () => {
        const other = new StreamBuilder('shardId-000000000001');
        const record = logRecord('dec-other', { chosenArmId: 'b', uid: UID_B });
        other.served(record);
        const state = coreLearner.fold(experimentFixture(), undefined, [{ kind: 'decision', armId: 'b', propensity: 0.5, holdout: false, personalised: true, features: [] }]);
        stores.learningById.set('exp-1', { state, version: 1, watermarks: { 'shardId-000000000001': '1' }, updatedAt: at(0) });
      };

      const { batchItemFailures } = await consumeDecisionStream(scenario().records, deps);

      expect(batchItemFailures).toEqual([]);
      expect(armStats('b')).toMatchObject({ decisions: 2 });
      expect(armStats('a')).toMatchObject({ decisions: 1, rewardSum: 1 });
      expect(stores.learningById.get('exp-1')!.watermarks).toEqual(expect.objectContaining({ 'shardId-000000000001': '1', 'shardId-000000000000': expect.any(String) }));
    });
  });
});
