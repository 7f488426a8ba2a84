import { z } from 'zod';
import { changesNothing, experimentConfigProblems, newExperiment, revisedExperiment, testPlanFor } from '../decisions/experiment';
import { ExperimentConfigSchema, ExperimentIdSchema, type Experiment } from '../decisions/schemas';
import type { TestPlan } from '../decisions/types';
import { badRequest, conflict, describeIssues, notFound, unprocessable } from '../http/errors';
import { assertIfMatch, assertIfNoneMatch, type IfMatch } from '../http/preconditions';
import type { Clock, ExperimentStore } from './ports';

export const ExperimentPathSchema = z.object({ experimentId: ExperimentIdSchema });

/** What PUT and GET return: the stored experiment and, when the config asks for one, its test plan. */
export interface ExperimentView {
  experiment: Experiment;
  testPlan: TestPlan | null;
}

const MAX_SAVE_ATTEMPTS = 3;

export const experimentView = (experiment: Experiment): ExperimentView => ({ experiment, testPlan: testPlanFor(experiment) ?? null });

const sameObjective = (a: Experiment['objective'], b: Experiment['objective']) => JSON.stringify(a) === JSON.stringify(b);

/**
 * PUT /v1/experiments/{id}: creates the experiment or replaces its configuration.
 * 1. validate: malformed fields are a 400; settings that cannot work together a 422 naming every reason;
 * 2. merge with the stored one (arms added from copy review survive), refusing an objective change
 *    (the logged rewards were computed with the old one);
 * 3. write conditional on the version read (re-read and retry on a concurrent change); with If-Match,
 *    the version read must be one it names, else 412 (shared/http/preconditions.ts). A PUT that changes
 *    nothing (a resend) writes nothing and answers the experiment at its version, If-Match or not.
 */
export async function putExperiment(
  experimentId: string,
  body: unknown,
  deps: { experiments: ExperimentStore; clock: Clock },
  options: { ifMatch?: IfMatch; ifNoneMatch?: IfMatch } = {},
): Promise<{ created: boolean; view: ExperimentView }> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw badRequest('the experiment must be a JSON object');
  const parsed = ExperimentConfigSchema.safeParse(body);
  if (!parsed.success) throw badRequest('invalid experiment', describeIssues(parsed.error.issues));
  const config = parsed.data;
  for (let attempt = 1; attempt <= MAX_SAVE_ATTEMPTS; attempt++) {
    const existing = await deps.experiments.get(experimentId);
    const now = deps.clock.now().toISOString();
    // Already what was asked (a resend): answered as it stands, even past If-Match, whose change then already holds (RFC 9110 §13.1.1).
    if (existing && sameObjective(existing.objective, config.objective) && changesNothing(existing, revisedExperiment(existing, config, now))) {
      return { created: false, view: experimentView(existing) };
    }
    assertIfMatch(options.ifMatch, existing?.version, `experiment ${experimentId}`);
    assertIfNoneMatch(options.ifNoneMatch, existing?.version, `experiment ${experimentId}`);
    if (existing && !sameObjective(existing.objective, config.objective)) {
      throw conflict(`the objective cannot change once an experiment exists (its decisions were rewarded by ${JSON.stringify(existing.objective)}); create a new experiment instead`);
    }
    const next = existing ? revisedExperiment(existing, config, now) : newExperiment(experimentId, config, now);
    const problems = experimentConfigProblems(next);
    if (problems.length > 0) throw unprocessable(`impossible experiment: ${problems[0]!.path}: ${problems[0]!.message}`, problems);
    if ((await deps.experiments.save(next, existing?.version)) === 'saved') return { created: existing === undefined, view: experimentView(next) };
  }
  throw conflict(`experiment ${experimentId} is being changed concurrently; read it and retry`);
}

export async function getExperiment(experimentId: string, deps: { experiments: ExperimentStore }): Promise<ExperimentView> {
  const experiment = await deps.experiments.get(experimentId);
  if (!experiment) throw notFound(`no experiment ${experimentId}`);
  return experimentView(experiment);
}
