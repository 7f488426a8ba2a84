import { deserialiseLearningState, emptyLearningState, foldLearningState, serialiseLearningState, type LearningState, type SerialisedLearningState } from '../decisions/learning';
import type { Experiment } from '../decisions/schemas';
import type { Learner } from './consume';

/** The stored (serialised) learning state as the core reads it; undefined = nothing learnt yet. */
export const learningStateOf = (experimentId: string, stored: unknown): LearningState =>
  stored === undefined ? emptyLearningState(experimentId) : deserialiseLearningState(stored as SerialisedLearningState);

/** The core's fold (statistics and model refit) behind the consumer's port. */
export const coreLearner: Learner = {
  fold: (experiment: Experiment, stored: unknown, events) => serialiseLearningState(foldLearningState(learningStateOf(experiment.experimentId, stored), events)),
};
