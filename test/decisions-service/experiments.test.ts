import { getExperiment, putExperiment } from '../../shared/decisions-service/experiments';
import { etagOf, parseIfMatch, parseIfNoneMatch } from '../../shared/http/preconditions';
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

describe('putExperiment resent (a lost answer, a retried click)', () => {
  it('leaves the experiment at its version when the configuration is the one stored: no new version, no write', async () => {
    const stores = new FakeDecisionStores();
    const deps = { experiments: stores.experiments, clock: { now: () => new Date(T0) } };
    await putExperiment('exp-1', config({ holdoutFraction: 0.1 }), deps);
    const later = { experiments: stores.experiments, clock: { now: () => new Date(new Date(T0).getTime() + 60_000) } };
    const again = await putExperiment('exp-1', config({ holdoutFraction: 0.1 }), later);
    expect(again.created).toBe(false);
    expect(again.view.experiment).toMatchObject({ version: 1, updatedAt: new Date(T0).toISOString() });
    expect((await getExperiment('exp-1', deps)).experiment.version).toBe(1);
  });

  it('answers a resent conditional PUT whose change already holds with the experiment, not 412 (RFC 9110 §13.1.1)', async () => {
    const stores = new FakeDecisionStores();
    const deps = { experiments: stores.experiments, clock };
    await putExperiment('exp-1', config(), deps);
    const read = parseIfMatch(etagOf(1));
    const first = await putExperiment('exp-1', config({ status: 'paused' }), deps, { ifMatch: read });
    const resent = await putExperiment('exp-1', config({ status: 'paused' }), deps, { ifMatch: read });
    expect(resent.view.experiment).toEqual(first.view.experiment);
    expect(resent.view.experiment.version).toBe(2);
    // A different change from the same stale read is still refused.
    await expect(putExperiment('exp-1', config({ status: 'stopped' }), deps, { ifMatch: read })).rejects.toMatchObject({ statusCode: 412 });
  });
});

describe('putExperiment with If-None-Match: * (create, never replace)', () => {
  it('creates an absent experiment and refuses with 412 to replace an existing one with another configuration', async () => {
    const stores = new FakeDecisionStores();
    const deps = { experiments: stores.experiments, clock };
    const createOnly = { ifNoneMatch: parseIfNoneMatch('*') };
    expect((await putExperiment('exp-1', config(), deps, createOnly)).created).toBe(true);
    await expect(putExperiment('exp-1', config({ status: 'paused' }), deps, createOnly)).rejects.toMatchObject({ statusCode: 412, details: { currentVersion: 1 } });
    expect((await getExperiment('exp-1', deps)).experiment).toMatchObject({ status: 'running', version: 1 });
  });
});
