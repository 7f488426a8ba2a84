import { getExperiment, putExperiment } from '../../shared/decisions-service/experiments';
import { etagOf, parseIfMatch } from '../../shared/http/preconditions';
import { FakeDecisionStores, T0 } from './fakes';

const clock = { now: () => new Date(T0) };
const config = (overrides: Record<string, unknown> = {}) => ({ arms: [{ armId: 'a' }, { armId: 'b' }], objective: 'click', policy: 'bandit', ...overrides });

describe('putExperiment with If-Match: two edits from the same read', () => {
  it('applies the first and refuses the second with 412 and the current version, instead of undoing the first', async () => {
    const stores = new FakeDecisionStores();
    const deps = { experiments: stores.experiments, clock };
    await putExperiment('exp-1', config(), deps);
    const read = parseIfMatch(etagOf((await getExperiment('exp-1', deps)).experiment.version));
    // One operator pauses the experiment; another, from the same read, changes the exploration floor.
    await putExperiment('exp-1', config({ status: 'paused' }), deps, { ifMatch: read });
    await expect(putExperiment('exp-1', config({ minExplorationProbability: 0.1 }), deps, { ifMatch: read })).rejects.toMatchObject({
      statusCode: 412,
      details: { currentVersion: 2 },
    });
    expect((await getExperiment('exp-1', deps)).experiment.status).toBe('paused');
  });

  it('If-Match needs the experiment to exist; without it the last writer wins as before', async () => {
    const stores = new FakeDecisionStores();
    const deps = { experiments: stores.experiments, clock };
    await expect(putExperiment('exp-1', config(), deps, { ifMatch: parseIfMatch('*') })).rejects.toMatchObject({ statusCode: 412 });
    expect((await putExperiment('exp-1', config(), deps)).created).toBe(true);
    expect((await putExperiment('exp-1', config({ status: 'paused' }), deps)).view.experiment.version).toBe(2);
  });
});
