import { z } from 'zod';

/**
 * Instants a client sends (report periods, reallocation periods) are bounded to years 2000–2099:
 * date arithmetic on them (periods, lookback windows of up to 1,000 periods) then stays inside the
 * four-digit years whose ISO strings sort in time order, which the storage keys rely on.
 */
export const EARLIEST_INSTANT_MS = Date.UTC(2000, 0, 1);
export const LATEST_INSTANT_MS = Date.UTC(2100, 0, 1);

export const boundedInstant = (field: string, message = `${field} must be an ISO 8601 date-time with an offset, e.g. 2025-06-02T00:00:00Z`) =>
  z.iso.datetime({ offset: true, error: message }).refine((value) => {
    const ms = Date.parse(value);
    return ms >= EARLIEST_INSTANT_MS && ms < LATEST_INSTANT_MS;
  }, `${field} must lie in the years 2000 to 2099`);
