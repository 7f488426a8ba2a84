/**
 * From a live profile and the request's context to a small hashed sparse vector (the hashing trick,
 * as Vowpal Wabbit does it): each named feature (`seg=loyal-buyer`, `si=shoes`, `dev=mobile`) is
 * hashed to one of FEATURE_DIMENSION − 1 slots; slot 0 is the bias. Names sharing a slot add up.
 * An unknown user, or one who refused personalised marketing, gets the bias alone.
 */
import { seedFromKey } from '../budget/random';
import { MIN_MAGNITUDE } from '../validation/numbers';
import type { DecisionContext } from './schemas';
import type { FeatureSource, FeatureVector } from './types';

/** Slots of the model, bias included: 24 keeps 50 arms' full posteriors in one DynamoDB item. */
export const FEATURE_DIMENSION = 24;

const MAX_SEGMENTS = 8;
const TOP_INTERESTS = 3;
const BIAS_HASH = seedFromKey('bias');

/** The slot a feature name lands in (1…FEATURE_DIMENSION − 1) and its 32-bit hash. */
export function slotOf(name: string): { slot: number; hash: number } {
  const hash = seedFromKey(name);
  return { slot: 1 + (hash % (FEATURE_DIMENSION - 1)), hash };
}

/** The bias alone: what an unknown user or a non-personalised decision is served with. */
export function coldStartFeatures(): FeatureVector {
  return { indices: [0], values: [1], logged: [{ i: 0, h: BIAS_HASH, v: 1 }] };
}

const argmaxKey = (counter: Readonly<Record<string, number>> | undefined): string | undefined => {
  if (!counter) return undefined;
  let best: string | undefined;
  let bestValue = 0;
  for (const [key, value] of Object.entries(counter)) {
    if (Number.isFinite(value) && (value > bestValue || (value === bestValue && best !== undefined && key < best))) {
      best = key;
      bestValue = value;
    }
  }
  return best;
};

const peakHour = (hours: readonly number[] | undefined): number | undefined => {
  if (!hours || hours.length !== 24) return undefined;
  let best = -1;
  let bestValue = 0;
  hours.forEach((value, hour) => {
    if (Number.isFinite(value) && value > bestValue) {
      best = hour;
      bestValue = value;
    }
  });
  return best < 0 ? undefined : best;
};

/** Six-hour part of the day: night (0-5), morning (6-11), afternoon (12-17), evening (18-23). */
const dayPart = (hour: number) => ['night', 'morning', 'afternoon', 'evening'][Math.min(3, Math.max(0, Math.floor(hour / 6)))];

const squash = (value: number) => Math.sign(value) * Math.log1p(Math.abs(value));

/**
 * The feature vector of one decision: bias; segments; spending tier; the top three short- and
 * long-term interest categories weighted by score relative to the first; the most used device; the
 * part of day (the context's `hour`, else the profile's peak hour); and each context field
 * (`ctx.page=home`; numbers as sign·log(1+|x|); true booleans as 1). `profile` undefined = unknown user.
 */
export function featuresOf(profile: FeatureSource | undefined, context?: DecisionContext): FeatureVector {
  const named: { name: string; value: number }[] = [];
  if (profile) {
    for (const segment of (profile.segments ?? []).slice(0, MAX_SEGMENTS)) named.push({ name: `seg=${segment}`, value: 1 });
    const tier = profile.spending?.tier;
    if (tier && tier !== 'unknown') named.push({ name: `tier=${tier}`, value: 1 });
    const interests = (prefix: string, ranked: readonly { key: string; score: number }[] | undefined) => {
      const top = (ranked ?? []).filter((entry) => Number.isFinite(entry.score) && entry.score > 0).slice(0, TOP_INTERESTS);
      const first = top[0]?.score ?? 0;
      for (const entry of top) named.push({ name: `${prefix}=${entry.key}`, value: entry.score / first });
    };
    interests('si', profile.interests?.shortTerm?.categories);
    interests('li', profile.interests?.longTerm?.categories);
  }
  const contextDevice = typeof context?.device === 'string' ? context.device : undefined;
  const device = contextDevice ?? (profile ? argmaxKey(profile.context?.devices) : undefined);
  if (device) named.push({ name: `dev=${device}`, value: 1 });
  const contextHour = typeof context?.hour === 'number' && Number.isInteger(context.hour) && context.hour >= 0 && context.hour <= 23 ? context.hour : undefined;
  const hour = contextHour ?? (profile ? peakHour(profile.context?.hourOfDay) : undefined);
  if (hour !== undefined) named.push({ name: `part=${dayPart(hour)}`, value: 1 });
  if (context) {
    for (const [key, value] of Object.entries(context)) {
      if (key === 'device' || key === 'hour') continue;
      if (typeof value === 'string') named.push({ name: `ctx.${key}=${value}`, value: 1 });
      else if (typeof value === 'number') named.push({ name: `ctx.${key}`, value: squash(value) });
      else if (value) named.push({ name: `ctx.${key}`, value: 1 });
    }
  }
  return vectorOf(named);
}

/** Hashes named features into a sorted sparse vector with the bias in slot 0. */
export function vectorOf(named: readonly { name: string; value: number }[]): FeatureVector {
  const slots = new Map<number, number>([[0, 1]]);
  const logged = [{ i: 0, h: BIAS_HASH, v: 1 }];
  for (const { name, value } of named) {
    // Below MIN_MAGNITUDE a feature weighs nothing, and the log could not store it (DynamoDB: 1e-130).
    if (!Number.isFinite(value) || Math.abs(value) < MIN_MAGNITUDE) continue;
    const { slot, hash } = slotOf(name);
    slots.set(slot, (slots.get(slot) ?? 0) + value);
    logged.push({ i: slot, h: hash, v: value });
  }
  const indices = [...slots.keys()].sort((a, b) => a - b);
  return { indices, values: indices.map((i) => slots.get(i) ?? 0), logged };
}

/** The sparse vector back from a log record's features (slots add up, as when it was built). */
export function vectorFromLogged(features: readonly { i: number; v: number }[]): { indices: number[]; values: number[] } {
  const slots = new Map<number, number>();
  for (const { i, v } of features) if (i >= 0 && i < FEATURE_DIMENSION && Number.isFinite(v)) slots.set(i, (slots.get(i) ?? 0) + v);
  if (slots.size === 0) slots.set(0, 1);
  const indices = [...slots.keys()].sort((a, b) => a - b);
  return { indices, values: indices.map((i) => slots.get(i) ?? 0) };
}
