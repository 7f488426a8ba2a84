import { coreLearner } from '../../shared/decisions-service/learner';
import { consumeDecisionStream } from '../../shared/decisions-service/consume';
import { mintDecisionId } from '../../shared/decisions-service/decision-ids';
import { reportOutcome } from '../../shared/decisions-service/outcomes';
import { FakeDeadLetters, FakeDecisionStores, FakeDecisionStream, StreamBuilder, T0, UID_A, at, experimentFixture, logRecord } from './fakes';

/**
 * POST …/outcomes within the two minutes a decision may still be on its way into the log: 503
 * ("resend") only while resending can help; a decision of an erased user is a 404 at once.
 */
describe('reportOutcome for a decision served moments ago', () => {
  let stores: FakeDecisionStores;
  const now = new Date(T0 + 30_000);
  const deps = () => ({ log: stores.log, stream: new FakeDecisionStream(), clock: { now: () => now } });
  const outcome = { outcomeId: 'o-1', event: 'click' };

  beforeEach(() => {
    stores = new FakeDecisionStores();
    stores.experimentsById.set('exp-1', experimentFixture('exp-1'));
  });

  it('answers 503 while the decision is not logged yet and nothing says it never will be', async () => {
    await expect(reportOutcome(mintDecisionId(T0), outcome, deps())).rejects.toMatchObject({ statusCode: 503 });
  });

  it('answers 404 when the decision was logged and its user erased since', async () => {
    const decisionId = mintDecisionId(T0);
    await stores.log.put([logRecord(decisionId, { at: at(0) })]);
    await stores.log.eraseUser(UID_A, new Date(at(20)));
    await expect(reportOutcome(decisionId, outcome, deps())).rejects.toMatchObject({ statusCode: 404 });
  });

  it('answers 404 when the decision was still on the stream at the erasure and the consumer kept it out of the log', async () => {
    const decisionId = mintDecisionId(T0);
    await stores.log.eraseUser(UID_A, new Date(at(20)));
    const stream = new StreamBuilder();
    stream.served(logRecord(decisionId, { at: at(0) }));
    const consumed = await consumeDecisionStream(stream.records, {
      log: stores.log,
      experiments: stores.experiments,
      learning: stores.learning,
      learner: coreLearner,
      deadLetters: new FakeDeadLetters(),
      clock: { now: () => new Date(at(25)) },
    });
    expect(consumed.stats).toMatchObject({ decisionsOfErasedUsers: 1 });
    await expect(reportOutcome(decisionId, outcome, deps())).rejects.toMatchObject({ statusCode: 404 });
  });
});
