import { addDecayed, decayFactor, pruneDecayedMap, valueAt, type Decayed } from '../../shared/profiles/decay';
import { HOUR } from './fixtures';

const H = 6 * HOUR;

describe('time-decayed scores', () => {
  it.each([
    { elapsed: 0, expected: 1 },
    { elapsed: H, expected: 0.5 },
    { elapsed: 2 * H, expected: 0.25 },
    { elapsed: 3 * H, expected: 0.125 },
    { elapsed: H / 2, expected: Math.SQRT1_2 },
  ])('a score read $elapsed ms after it was set keeps $expected of its value (half-life 6 h)', ({ elapsed, expected }) => {
    // Prepare
    const score: Decayed = { v: 8, t: 1_000_000 };
    // Act
    const value = valueAt(score, 1_000_000 + elapsed, H);
    // Assess
    expect(value).toBeCloseTo(8 * expected, 12);
  });

  it('adding a later event decays the old score to the new time, then adds the weight', () => {
    const first = addDecayed(undefined, 4, 0, H);
    const second = addDecayed(first, 1, H, H);
    expect(second).toEqual({ v: 3, t: H });
  });

  it('an out-of-order (older) event is discounted to the score time instead of moving it back', () => {
    // Prepare: the newest event is at 2H, an older one at 1H arrives afterwards.
    const newest = addDecayed(undefined, 1, 2 * H, H);
    // Act
    const withOlder = addDecayed(newest, 4, H, H);
    // Assess
    expect(withOlder.t).toBe(2 * H);
    expect(withOlder.v).toBeCloseTo(1 + 4 * 0.5, 12);
  });

  it.each([
    { order: 'in order', events: [[1, 0], [2, 3 * HOUR], [4, 9 * HOUR]] },
    { order: 'reversed', events: [[4, 9 * HOUR], [2, 3 * HOUR], [1, 0]] },
    { order: 'shuffled', events: [[2, 3 * HOUR], [4, 9 * HOUR], [1, 0]] },
  ])('the read at "now" is exact and does not depend on arrival order ($order)', ({ events }) => {
    // Prepare
    const now = 30 * HOUR;
    const exact = events.reduce((sum, [weight, at]) => sum + weight! * Math.pow(2, -(now - at!) / H), 0);
    // Act
    const score = events.reduce<Decayed | undefined>((acc, [weight, at]) => addDecayed(acc, weight!, at!, H), undefined);
    // Assess
    expect(valueAt(score!, now, H)).toBeCloseTo(exact, 12);
  });

  it('a read at the score time returns the stored value exactly', () => {
    expect(valueAt({ v: 3.25, t: 42 }, 42, H)).toBe(3.25);
    expect(decayFactor(0, H)).toBe(1);
  });

  it('stays finite over years of inactivity (no overflow, no NaN)', () => {
    const score = addDecayed({ v: 1e6, t: 0 }, 1, 5 * 365 * 24 * HOUR, H);
    expect(Number.isFinite(score.v)).toBe(true);
    expect(score.v).toBeCloseTo(1, 9);
  });

  it('pruning keeps the strongest keys as of now, not the largest stored values', () => {
    // Prepare: "old" has the largest stored value but was set three half-lives ago.
    const now = 3 * H;
    const map = new Map<string, Decayed>(Object.entries({ old: { v: 10, t: 0 }, fresh: { v: 2, t: now }, mid: { v: 3, t: 2 * H } }));
    // Act
    const kept = pruneDecayedMap(map, 2, now, H);
    // Assess: old = 1.25, fresh = 2, mid = 1.5
    expect([...kept.keys()]).toEqual(['fresh', 'mid']);
  });

  it('pruning leaves a map within the limit untouched', () => {
    const map = new Map([['a', { v: 1, t: 0 }]]);
    expect(pruneDecayedMap(map, 1, 0, H)).toBe(map);
  });
});
