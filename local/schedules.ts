import type { LocalSchedule } from './topology';

export interface ScheduleRunner {
  /** Fires a schedule now, as the timer would; resolves with the function's result. */
  fire(name: string): Promise<unknown>;
  stop(): void;
}

const UNIT_MS: Record<string, number> = { minute: 60_000, minutes: 60_000, hour: 3_600_000, hours: 3_600_000, day: 86_400_000, days: 86_400_000 };

/** Period of an EventBridge Scheduler `rate(...)` expression in milliseconds; cron expressions fire hourly locally. */
function schedulePeriodMs(expression: string): number {
  const rate = /^rate\((\d+)\s+(minutes?|hours?|days?)\)$/.exec(expression.trim());
  if (rate) return Number(rate[1]) * UNIT_MS[rate[2]!]!;
  if (expression.startsWith('cron(')) return UNIT_MS.hour!;
  throw new Error(`unsupported schedule expression: ${expression}`);
}

/**
 * EventBridge Scheduler, locally: each schedule invokes its target function with the schedule's input
 * on a timer, `speedup` times faster than the expression. Runs never overlap for one schedule.
 */
export function startSchedules(
  schedules: readonly LocalSchedule[],
  options: { speedup: number; invoke: (functionName: string, event: unknown) => Promise<unknown>; log: (line: string) => void },
): ScheduleRunner {
  const timers: NodeJS.Timeout[] = [];
  const running = new Map<string, Promise<unknown>>();
  const fire = (schedule: LocalSchedule): Promise<unknown> => {
    const inFlight = running.get(schedule.name);
    if (inFlight) return inFlight;
    const event = schedule.input === undefined ? {} : JSON.parse(schedule.input);
    const run = options
      .invoke(schedule.functionName, event)
      .catch((error: Error) => {
        options.log(`schedule ${schedule.name} failed: ${error.message}`);
        throw error;
      })
      .finally(() => running.delete(schedule.name));
    running.set(schedule.name, run);
    return run;
  };
  for (const schedule of schedules) {
    const period = Math.max(1000, schedulePeriodMs(schedule.expression) / options.speedup);
    options.log(`schedule ${schedule.name}: ${schedule.expression}, every ${Math.round(period / 1000)} s locally`);
    timers.push(setInterval(() => void fire(schedule).catch(() => undefined), period));
  }
  return {
    fire: (name) => {
      const schedule = schedules.find((candidate) => candidate.name === name);
      if (!schedule) return Promise.reject(new Error(`no schedule named ${name}`));
      return fire(schedule);
    },
    stop: () => timers.forEach(clearInterval),
  };
}
