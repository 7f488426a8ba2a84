/**
 * An experiment's learning state: per-cohort, per-arm reward statistics (what results and the
 * context-free bandit read) and the contextual model (per-arm Bayesian linear regression over the
 * hashed features), folded once per batch by the stream consumer and stored as one versioned item.
 *
 * Everything stored is a sufficient statistic that folds by addition, so a batch's events fold in any
 * order, a reward that arrives after its exposure is an exact correction (b += δ·x, Σr² += (r+δ)² − r²),
 * and the posterior is computed on read (`prepareLearning`), once per cached version.
 */
import { FEATURE_DIMENSION, vectorFromLogged } from './features';
import type { Cohort, LearningEvent } from './types';
import { cohortOf } from './types';

/** Additive statistics of one arm in one cohort. `w` is the inverse propensity 1/p of a decision. */
export interface ArmStats {
  decisions: number;
  /** Decisions whose reward became non-zero (at least one rewarding outcome in the window). */
  outcomes: number;
  late: number;
  rewardSum: number;
  rewardSumSq: number;
  sumW: number;
  sumWR: number;
  sumW2: number;
  sumW2R: number;
  sumW2R2: number;
}

/** Per-arm sufficient statistics of the ridge regression r ≈ θ·x: A = Σ x xᵀ (packed upper triangle), b = Σ r x. */
export interface ArmModel {
  n: number;
  sumR2: number;
  a: Float64Array;
  b: Float64Array;
}

export interface LearningState {
  readonly experimentId: string;
  /** 0 = nothing folded yet (the prior). Every fold adds one. */
  version: number;
  readonly dimension: number;
  /** Per cohort, per arm; the key '' in `holdout` counts holdout users who were shown nothing. */
  readonly cohorts: Record<Cohort, Map<string, ArmStats>>;
  readonly model: Map<string, ArmModel>;
}

export const NO_ARM = '';
const PACKED = (FEATURE_DIMENSION * (FEATURE_DIMENSION + 1)) / 2;

export const emptyArmStats = (): ArmStats => ({ decisions: 0, outcomes: 0, late: 0, rewardSum: 0, rewardSumSq: 0, sumW: 0, sumWR: 0, sumW2: 0, sumW2R: 0, sumW2R2: 0 });
const emptyArmModel = (): ArmModel => ({ n: 0, sumR2: 0, a: new Float64Array(PACKED), b: new Float64Array(FEATURE_DIMENSION) });

export function emptyLearningState(experimentId: string): LearningState {
  return {
    experimentId,
    version: 0,
    dimension: FEATURE_DIMENSION,
    cohorts: { personalised: new Map(), nonPersonalised: new Map(), holdout: new Map() },
    model: new Map(),
  };
}

/** Index of (i, j), i ≤ j, in the packed upper triangle. */
export const packedIndex = (i: number, j: number): number => (i <= j ? i * FEATURE_DIMENSION - (i * (i - 1)) / 2 + (j - i) : packedIndex(j, i));

function statsOf(state: LearningState, cohort: Cohort, armId: string | null): ArmStats {
  const key = armId ?? NO_ARM;
  const map = state.cohorts[cohort];
  let stats = map.get(key);
  if (!stats) {
    stats = emptyArmStats();
    map.set(key, stats);
  }
  return stats;
}

function modelOf(state: LearningState, armId: string): ArmModel {
  let model = state.model.get(armId);
  if (!model) {
    model = emptyArmModel();
    state.model.set(armId, model);
  }
  return model;
}

const safeInverse = (p: number) => (p > 0 && p <= 1 ? 1 / p : 1);

/**
 * Folds one batch of events into a copy of `state` and returns it with the next version. Only
 * personalised, non-holdout decisions train the contextual model (they carry features); every
 * decision counts in its cohort's statistics. Pure: `state` is not modified.
 */
export function foldLearningState(state: LearningState, events: readonly LearningEvent[]): LearningState {
  const next = cloneLearningState(state);
  for (const event of events) {
    const cohort = cohortOf(event);
    const stats = statsOf(next, cohort, event.armId);
    if (event.kind === 'late') {
      stats.late += 1;
      continue;
    }
    const w = safeInverse(event.propensity);
    if (event.kind === 'decision') {
      stats.decisions += 1;
      stats.sumW += w;
      stats.sumW2 += w * w;
      if (cohort === 'personalised' && event.armId !== null) {
        const model = modelOf(next, event.armId);
        const { indices, values } = vectorFromLogged(event.features);
        model.n += 1;
        for (let p = 0; p < indices.length; p += 1) {
          const i = indices[p] as number;
          const xi = values[p] as number;
          for (let q = p; q < indices.length; q += 1) {
            const j = indices[q] as number;
            const k = packedIndex(i, j);
            model.a[k] = (model.a[k] as number) + xi * (values[q] as number);
          }
        }
      }
      continue;
    }
    const before = event.previousReward;
    const after = before + event.delta;
    const squareDelta = after * after - before * before;
    if (before === 0 && after !== 0) stats.outcomes += 1;
    else if (before !== 0 && after === 0) stats.outcomes -= 1;
    stats.rewardSum += event.delta;
    stats.rewardSumSq += squareDelta;
    stats.sumWR += w * event.delta;
    stats.sumW2R += w * w * event.delta;
    stats.sumW2R2 += w * w * squareDelta;
    if (cohort === 'personalised' && event.armId !== null) {
      const model = modelOf(next, event.armId);
      const { indices, values } = vectorFromLogged(event.features);
      for (let p = 0; p < indices.length; p += 1) {
        const i = indices[p] as number;
        model.b[i] = (model.b[i] as number) + event.delta * (values[p] as number);
      }
      model.sumR2 += squareDelta;
    }
  }
  next.version = state.version + 1;
  return next;
}

export function cloneLearningState(state: LearningState): LearningState {
  const cloneCohort = (map: Map<string, ArmStats>) => new Map([...map].map(([key, stats]) => [key, { ...stats }]));
  return {
    experimentId: state.experimentId,
    version: state.version,
    dimension: state.dimension,
    cohorts: { personalised: cloneCohort(state.cohorts.personalised), nonPersonalised: cloneCohort(state.cohorts.nonPersonalised), holdout: cloneCohort(state.cohorts.holdout) },
    model: new Map([...state.model].map(([armId, model]) => [armId, { n: model.n, sumR2: model.sumR2, a: Float64Array.from(model.a), b: Float64Array.from(model.b) }])),
  };
}

/** The stored form: JSON with the model packed as base64 little-endian float64 (≈ 2.6 KB per arm). */
export interface SerialisedLearningState {
  readonly v: 1;
  readonly experimentId: string;
  readonly version: number;
  readonly dimension: number;
  readonly cohorts: Record<Cohort, readonly ({ armId: string } & ArmStats)[]>;
  readonly model: { readonly armIds: readonly string[]; readonly data: string };
}

export function serialiseLearningState(state: LearningState): SerialisedLearningState {
  const cohort = (map: Map<string, ArmStats>) => [...map].map(([armId, stats]) => ({ armId, ...stats }));
  const armIds = [...state.model.keys()];
  const per = 2 + PACKED + FEATURE_DIMENSION;
  const buffer = new Float64Array(armIds.length * per);
  armIds.forEach((armId, index) => {
    const model = state.model.get(armId) as ArmModel;
    const offset = index * per;
    buffer[offset] = model.n;
    buffer[offset + 1] = model.sumR2;
    buffer.set(model.a, offset + 2);
    buffer.set(model.b, offset + 2 + PACKED);
  });
  return {
    v: 1,
    experimentId: state.experimentId,
    version: state.version,
    dimension: state.dimension,
    cohorts: { personalised: cohort(state.cohorts.personalised), nonPersonalised: cohort(state.cohorts.nonPersonalised), holdout: cohort(state.cohorts.holdout) },
    model: { armIds, data: Buffer.from(buffer.buffer, buffer.byteOffset, buffer.byteLength).toString('base64') },
  };
}

const STAT_FIELDS = ['decisions', 'outcomes', 'late', 'rewardSum', 'rewardSumSq', 'sumW', 'sumWR', 'sumW2', 'sumW2R', 'sumW2R2'] as const;

/** The inverse of `serialiseLearningState`; throws on a malformed or foreign-dimension item. */
export function deserialiseLearningState(stored: SerialisedLearningState): LearningState {
  if (stored.v !== 1) throw new Error(`unknown learning state version ${String(stored.v)}`);
  if (stored.dimension !== FEATURE_DIMENSION) throw new Error(`learning state has dimension ${stored.dimension}, this code uses ${FEATURE_DIMENSION}`);
  const state = emptyLearningState(stored.experimentId);
  state.version = stored.version;
  for (const cohort of ['personalised', 'nonPersonalised', 'holdout'] as const) {
    for (const entry of stored.cohorts[cohort] ?? []) {
      const stats = emptyArmStats();
      for (const field of STAT_FIELDS) {
        const value = entry[field];
        if (typeof value !== 'number' || !Number.isFinite(value)) throw new Error(`learning state ${cohort}/${entry.armId}.${field} is not a finite number`);
        stats[field] = value;
      }
      state.cohorts[cohort].set(entry.armId, stats);
    }
  }
  const bytes = Buffer.from(stored.model.data, 'base64');
  const per = 2 + PACKED + FEATURE_DIMENSION;
  if (bytes.byteLength !== stored.model.armIds.length * per * 8) throw new Error('learning state model data has the wrong length');
  const copy = new Uint8Array(bytes.byteLength);
  copy.set(bytes);
  const values = new Float64Array(copy.buffer);
  stored.model.armIds.forEach((armId, index) => {
    const offset = index * per;
    state.model.set(armId, {
      n: values[offset] as number,
      sumR2: values[offset + 1] as number,
      a: values.slice(offset + 2, offset + 2 + PACKED),
      b: values.slice(offset + 2 + PACKED, offset + per),
    });
  });
  return state;
}

/** Sum of several arm statistics (e.g. an arm over the personalised and non-personalised cohorts). */
export function addArmStats(...all: readonly (ArmStats | undefined)[]): ArmStats {
  const total = emptyArmStats();
  for (const stats of all) if (stats) for (const field of STAT_FIELDS) total[field] += stats[field];
  return total;
}
