import { SERVED_SHARE_MAX_POINTS, servedShare } from '../../shared/decisions/served-share';

const T0 = Date.parse('2026-03-02T10:00:00Z');
const minutes = (m: number) => new Date(T0 + m * 60_000).toISOString();
const decision = (m: number, chosenArmId: string | null, holdout = false) => ({ at: minutes(m), chosenArmId, holdout });

describe('servedShare', () => {
  it('gives each arm its share of every hour, the holdout apart, oldest hour first', () => {
    const records = [decision(5, 'a'), decision(10, 'a'), decision(20, 'b'), decision(30, null, true), decision(70, 'b'), decision(80, 'b')];
    const series = servedShare(records, ['a', 'b'], false);
    expect(series).toEqual({
      bucket: 'hour',
      arms: ['a', 'b'],
      decisions: 6,
      complete: true,
      points: [
        { start: '2026-03-02T10:00:00.000Z', decisions: 4, shares: [0.5, 0.25], holdoutShare: 0.25, retiredShare: 0 },
        { start: '2026-03-02T11:00:00.000Z', decisions: 2, shares: [0, 1], holdoutShare: 0, retiredShare: 0 },
      ],
    });
  });

  it('moves to days, then weeks, when hours would make the series too long, and leaves empty buckets out', () => {
    const days = servedShare([decision(0, 'a'), decision(60 * 24 * 20, 'b')], ['a', 'b'], false);
    expect(days.bucket).toBe('day');
    expect(days.points.map((p) => p.start)).toEqual(['2026-03-02T00:00:00.000Z', '2026-03-22T00:00:00.000Z']);
    const weeks = servedShare([decision(0, 'a'), decision(60 * 24 * 365, 'b')], ['a', 'b'], false);
    expect(weeks.bucket).toBe('week');
    // 2026-03-02 is a Monday: weeks start on Mondays.
    expect(weeks.points[0]?.start).toBe('2026-03-02T00:00:00.000Z');
  });

  it('says the series is incomplete when the log held more decisions, or when even weeks are too many', () => {
    expect(servedShare([decision(0, 'a')], ['a', 'b'], true).complete).toBe(false);
    const years = servedShare([decision(0, 'a'), decision(60 * 24 * 7 * (SERVED_SHARE_MAX_POINTS + 10), 'b')], ['a', 'b'], false);
    expect(years).toMatchObject({ bucket: 'week', complete: false, decisions: 1 });
    expect(years.points.length).toBeLessThanOrEqual(SERVED_SHARE_MAX_POINTS);
  });

  it('counts arms a revision dropped as retired, keeps every share within [0, 1] and summing to 1', () => {
    const series = servedShare([decision(1, 'a'), decision(2, 'gone'), decision(3, 'b'), decision(4, 'constructor')], ['a', 'b'], false);
    expect(series.arms).toEqual(['a', 'b']);
    const [point] = series.points;
    expect(point).toMatchObject({ decisions: 4, shares: [0.25, 0.25], holdoutShare: 0, retiredShare: 0.5 });
    for (const p of series.points) expect(p.shares.reduce((s, v) => s + v, 0) + p.holdoutShare + p.retiredShare).toBeCloseTo(1, 12);
  });

  it('is an empty, complete series without decisions', () => {
    expect(servedShare([], ['a', 'b'], false)).toEqual({ bucket: 'hour', arms: ['a', 'b'], decisions: 0, complete: true, points: [] });
  });
});
