import { CopyExperimentSettingsSchema } from '../../shared/copy/schema';
import { copyExperimentView, syncCopyExperiment, type LinkedVariant } from '../../shared/decisions-service/copy-experiments';
import { coreLearner } from '../../shared/decisions-service/learner';
import { FakeDecisionStores, at } from './fakes';

/** Copy jobs that ask for an experiment: accepted variants become arms, approved ones join later. */
describe('copy experiment linkage', () => {
  const JOB = '5f0c7f55-2d7e-4a4b-9a3c-0a6a7c0b1e21';
  const variant = (audience: string, index: number, status: string): LinkedVariant => ({ variantId: `${JOB}.${audience}.zh-CN.${index}`, audienceId: audience, locale: 'zh-CN', status, text: `${audience} copy ${index}` });
  const settings = CopyExperimentSettingsSchema.parse({ policy: 'bandit', objective: 'click' });
  let stores: FakeDecisionStores;
  const deps = () => ({ experiments: stores.experiments, clock: { now: () => new Date(at(0)) } });
  beforeEach(() => {
    stores = new FakeDecisionStores();
  });

  it('waits for two servable variants, then creates copy-<jobId> with the accepted ones as arms', async () => {
    expect(await syncCopyExperiment(JOB, settings, [variant('runners', 1, 'accepted'), variant('runners', 2, 'pending-review')], deps())).toMatchObject({ status: 'waiting' });
    expect(stores.experimentsById.size).toBe(0);

    const created = await syncCopyExperiment(JOB, settings, [variant('runners', 1, 'accepted'), variant('runners', 2, 'pending-review'), variant('commuters', 1, 'accepted')], deps());

    expect(created).toEqual({ experimentId: `copy-${JOB}`, status: 'created', added: ['runners.zh-CN.1', 'commuters.zh-CN.1'] });
    const experiment = stores.experimentsById.get(`copy-${JOB}`)!;
    expect(experiment).toMatchObject({ copyJobId: JOB, policy: { type: 'bandit' }, version: 1 });
    expect(experiment.arms).toEqual([
      expect.objectContaining({ armId: 'runners.zh-CN.1', copyVariantId: `${JOB}.runners.zh-CN.1`, source: 'copy', payload: { text: 'runners copy 1', audienceId: 'runners', locale: 'zh-CN' } }),
      expect.objectContaining({ armId: 'commuters.zh-CN.1', source: 'copy' }),
    ]);
  });

  it('adds a variant approved later as a new arm, once, and never drops a rejected one', async () => {
    const published = [variant('runners', 1, 'accepted'), variant('runners', 2, 'pending-review'), variant('commuters', 1, 'accepted')];
    await syncCopyExperiment(JOB, settings, published, deps());
    const approved = [published[0]!, { ...published[1]!, status: 'approved' }, published[2]!];

    expect(await syncCopyExperiment(JOB, settings, approved, deps())).toEqual({ experimentId: `copy-${JOB}`, status: 'extended', added: ['runners.zh-CN.2'] });
    expect(await syncCopyExperiment(JOB, settings, approved, deps())).toEqual({ experimentId: `copy-${JOB}`, status: 'unchanged' });
    expect(stores.experimentsById.get(`copy-${JOB}`)!.arms.map((arm) => arm.armId)).toEqual(['runners.zh-CN.1', 'commuters.zh-CN.1', 'runners.zh-CN.2']);
  });

  it('refuses settings the variants cannot satisfy, with the reason', async () => {
    const floor = CopyExperimentSettingsSchema.parse({ minExplorationProbability: 0.5 });
    const three = [variant('a', 1, 'accepted'), variant('a', 2, 'accepted'), variant('a', 3, 'accepted')];
    expect(await syncCopyExperiment(JOB, floor, three, deps())).toMatchObject({ status: 'refused', reason: expect.stringMatching(/minExplorationProbability/) });
  });

  it("shows each variant's live results and names the winning variant", async () => {
    const variants = [variant('runners', 1, 'accepted'), variant('commuters', 1, 'accepted')];
    await syncCopyExperiment(JOB, settings, variants, deps());
    const experiment = stores.experimentsById.get(`copy-${JOB}`)!;
    // 400 decisions per arm; the runners variant is clicked 30% of the time, the other 5%.
    const events = [];
    for (let i = 0; i < 400; i++) {
      for (const [armId, rate] of [['runners.zh-CN.1', 0.3], ['commuters.zh-CN.1', 0.05]] as const) {
        const features = [{ i: 0, v: 1 }];
        events.push({ kind: 'decision' as const, armId, propensity: 0.5, holdout: false, personalised: true, features });
        if (i < 400 * rate) events.push({ kind: 'reward' as const, armId, propensity: 0.5, holdout: false, personalised: true, features, previousReward: 0, delta: 1 });
      }
    }
    stores.learningById.set(experiment.experimentId, { state: coreLearner.fold(experiment, undefined, events), version: 1, watermarks: {}, updatedAt: at(0) });

    const view = await copyExperimentView(JOB, settings, variants, { ...deps(), experiments: stores.experiments });

    expect(view).toMatchObject({ experimentId: `copy-${JOB}`, status: 'winner', winner: { variantId: `${JOB}.runners.zh-CN.1`, armId: 'runners.zh-CN.1' } });
    expect(view.variants).toEqual([
      expect.objectContaining({ variantId: `${JOB}.runners.zh-CN.1`, decisions: 400, outcomes: 120 }),
      expect.objectContaining({ variantId: `${JOB}.commuters.zh-CN.1`, decisions: 400, outcomes: 20 }),
    ]);
  });
});
