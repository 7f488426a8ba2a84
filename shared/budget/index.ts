/** The budget capability's pure core: what handlers import. */
export {
  CampaignConfigSchema,
  CampaignIdSchema,
  ChannelIdSchema,
  EffectReportSchema,
  KNOWN_CHANNELS,
  MetricsSchema,
  PeriodAggregateSchema,
  cadenceMinutes,
  periodKey,
  shiftPeriod,
  type Cadence,
  type CampaignConfig,
  type CampaignConfigInput,
  type ChannelConfig,
  type EffectReport,
  type EffectReportInput,
  type Metrics,
  type Objective,
  type PeriodAggregate,
} from './schemas';
export { mergeEffectReport, type MergeContext, type MergeOutcome, type MergeResult } from './effects';
export {
  allocateBudget,
  lookbackPeriods,
  type AllocationExplanation,
  type AllocationRequest,
  type AllocationResult,
  type BindingConstraint,
  type ChannelExplanation,
  type FlaggedPoint,
} from './allocator';
export { DEFAULT_ANOMALY_OPTIONS, NAB_VOTE_MEMBERS, anomalyOptionsForPeriods, isAnomalous, pValueOfScore, scoreLatest, scoreSeries, voteAlertScores, type AnomalyOptions, type PointScore, type SeriesPoint } from './anomaly';
export { allocationSeed, createRng, seedFromKey, type Rng } from './random';
