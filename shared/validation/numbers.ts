/**
 * Bounded numbers for everything a client sends. A value that passes one of these schemas can be
 * stored (DynamoDB numbers carry 38 significant digits between 1e-130 and 1e126; the document
 * client refuses anything above Number.MAX_SAFE_INTEGER) and computed with (no denormals that
 * underflow to 0 or overflow to Infinity when divided, no integer beyond 2^53 − 1 where sums
 * silently lose cents). Every schema in the API takes its numbers from here, so the limits are
 * written once and the README can quote them.
 */
import { z } from 'zod';

/** Smallest non-zero magnitude a client number may have: far above denormals, far below any real rate or price. */
export const MIN_MAGNITUDE = 1e-9;

/** Largest amount of money in one field: 10^13 cents (100 billion currency units). */
export const MAX_CENTS = 10_000_000_000_000;
/** Largest count (impressions, clicks, conversions) in one field. */
export const MAX_COUNT = 1_000_000_000_000;
/** Largest price in major currency units (events and copy jobs). */
export const MAX_PRICE = 10_000_000;

export interface BoundedNumberOptions {
  /** Inclusive bounds. */
  min: number;
  max: number;
  /** Whole numbers only. */
  int?: boolean;
  /** Non-zero values must have at least this magnitude. @default MIN_MAGNITUDE */
  minMagnitude?: number;
  /** Allow exactly 0 even if `min` > 0 or below `minMagnitude`. @default true when min ≤ 0 */
  allowZero?: boolean;
  /** Unit named in messages, e.g. `cents`. */
  unit?: string;
}

/**
 * A finite number within [min, max] (integers stay safe integers), and either 0 or at least
 * `minMagnitude` in absolute value. Messages name the field and the range.
 */
export function boundedNumber(field: string, options: BoundedNumberOptions): z.ZodNumber {
  const minMagnitude = options.minMagnitude ?? MIN_MAGNITUDE;
  const allowZero = options.allowZero ?? options.min <= 0;
  const unit = options.unit ? ` of ${options.unit}` : '';
  let schema = z.number({ error: `${field} must be a number${unit}` });
  if (options.int) schema = schema.int(`${field} must be an integer number${unit}`);
  schema = schema
    .min(options.min, options.min === 0 ? `${field} must not be negative` : `${field} must be at least ${options.min}`)
    .max(options.max, `${field} must be at most ${options.max}`);
  return schema.refine((value) => (value === 0 ? allowZero : Math.abs(value) >= minMagnitude || Number.isInteger(value)), {
    message: `${field} must be 0 or at least ${minMagnitude} in magnitude (smaller values cannot be stored or computed with)`,
  });
}

/** Whole cents, 0 … MAX_CENTS. */
export const cents = (field: string, options: { positive?: boolean; max?: number } = {}) =>
  boundedNumber(field, { min: options.positive ? 1 : 0, max: options.max ?? MAX_CENTS, int: true, unit: 'cents' });

/** A whole count, 0 … MAX_COUNT. */
export const count = (field: string, max = MAX_COUNT) => boundedNumber(field, { min: 0, max, int: true });

/** A non-negative amount that may be fractional (attributed conversions), 0 or MIN_MAGNITUDE … max. */
export const amount = (field: string, max = MAX_COUNT) => boundedNumber(field, { min: 0, max });

/** A fraction in [min, max] ⊆ [0, 1]; non-zero values at least `minMagnitude`. */
export const fraction = (field: string, options: { min?: number; max?: number; allowZero?: boolean; minMagnitude?: number } = {}) =>
  boundedNumber(field, { min: options.min ?? 0, max: options.max ?? 1, allowZero: options.allowZero ?? (options.min ?? 0) <= 0, minMagnitude: options.minMagnitude ?? 1e-6 });

/** A strictly positive real in [min, max]. */
export const positive = (field: string, min: number, max: number) => boundedNumber(field, { min, max, allowZero: false, minMagnitude: min });

/** A price in major currency units, 0 or 10^-6 … MAX_PRICE. */
export const price = (field: string, options: { positive?: boolean } = {}) =>
  boundedNumber(field, { min: options.positive ? 1e-6 : 0, max: MAX_PRICE, minMagnitude: 1e-6, allowZero: !options.positive });

/** Whether a running total (of cents, counts or fractional conversions) is still exact: |sum| ≤ 2^53 − 1. */
export const withinSafeRange = (sum: number) => Number.isFinite(sum) && Math.abs(sum) <= Number.MAX_SAFE_INTEGER;

/**
 * The paths of the numbers inside a client's free-form JSON (an experiment arm's payload) that could
 * not be stored: DynamoDB refuses magnitudes below 1e-130 and its document client any beyond
 * Number.MAX_SAFE_INTEGER, so those values are held to the same rule as every bounded field.
 */
export function unstorableNumberPaths(value: unknown, path: (string | number)[] = []): (string | number)[][] {
  if (typeof value === 'number') {
    const storable = Number.isFinite(value) && Math.abs(value) <= Number.MAX_SAFE_INTEGER && (value === 0 || Math.abs(value) >= MIN_MAGNITUDE);
    return storable ? [] : [path];
  }
  if (Array.isArray(value)) return value.flatMap((item, index) => unstorableNumberPaths(item, [...path, index]));
  if (value !== null && typeof value === 'object') return Object.entries(value).flatMap(([key, item]) => unstorableNumberPaths(item, [...path, key]));
  return [];
}
