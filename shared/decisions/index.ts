/**
 * The decisions capability's pure core: what handlers and the service import. No AWS here.
 *
 * The loop, and which function serves each step:
 * 1. PUT an experiment: parse with `ExperimentConfigSchema` (400 on failure), then
 *    `experimentConfigProblems(config)` (422 with every reason), then `newExperiment` /
 *    `revisedExperiment`; the response carries `testPlanFor(config)`.
 * 2. POST a decision: `featuresOf(profileView, context)` (or `coldStartFeatures()` for an unknown
 *    user / refused consent), then `choose({...})` → a `Choice` with the exact propensity; the service
 *    mints the decision id and writes `decisionLogRecord(...)` to the stream.
 * 3. Outcomes: `rewardDelta(objective, state, outcome)` says what an outcome adds to its decision;
 *    the consumer folds `LearningEvent`s once per batch with `foldLearningState`, stores
 *    `serialiseLearningState(state)` (versioned, compact) and the decision function caches
 *    `loadLearningState(...)`.
 * 4. GET results: `computeResults(experiment, state)`.
 * 5. POST evaluate: `evaluateCandidate(experiment, state, loggedDecisions, request)`.
 */
export * from './schemas';
export * from './types';
export {
  csRadius,
  experimentConfigProblems,
  isBinaryObjective,
  newExperiment,
  revisedExperiment,
  testPlan,
  testPlanFor,
  withAddedArms,
  type Problem,
} from './experiment';
export { INITIAL_REWARD_STATE, MAX_DECISION_REWARD, rewardDelta, rewardingEvents } from './rewards';
export { FEATURE_DIMENSION, coldStartFeatures, featuresOf, slotOf, vectorFromLogged, vectorOf } from './features';
export {
  addArmStats,
  cloneLearningState,
  deserialiseLearningState,
  emptyArmStats,
  emptyLearningState,
  foldLearningState,
  serialiseLearningState,
  NO_ARM,
  type ArmModel,
  type ArmStats,
  type LearningState,
  type SerialisedLearningState,
} from './learning';
export {
  abShares,
  banditProbabilities,
  choose,
  contextualProbabilities,
  contextualScores,
  decisionLogRecord,
  drawIndex,
  hashUniform,
  isHeldOut,
  prepareLearning,
  withFloor,
  BIAS_RIDGE,
  EXPLORATION_SCALE,
  FEATURE_RIDGE,
  type ChooseInput,
  type DecidingExperiment,
  type PreparedLearning,
} from './policy';
export { chiSquareSurvival, normalCdf, normalQuantile, probabilityOfBest } from './math';
export { MIN_DECISIONS_PER_ARM, SRM_P_VALUE, computeResults, meanSequence, weightedArmValue } from './results';
export { BOOTSTRAP_WORK_BUDGET, EVALUATION_WORK_BUDGET_MICROS, READ_MICROS_PER_DECISION, bootstrapResamplesWithin, candidateMicrosPerDecision, decisionsWithinBudget, evaluateCandidate, offPolicyEstimates, quantileOfSorted, type MaturedDecision, type OpeOptions, type OpeResult, type OpeTerms } from './ope';
export { empiricalPolicy, evaluateOnObd, fixedItemPolicy, itemsOf, obdTerms, onPolicyValue, parseObdCsv, uniformPolicy, type ObdRow, type PositionPolicy } from './obd';
export { SERVED_SHARE_MAX_DECISIONS, SERVED_SHARE_MAX_POINTS, servedShare, type ServedShare, type ServedSharePoint, type ShareBucket } from './served-share';
