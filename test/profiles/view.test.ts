import { readProfile, eraseProfile } from '../../shared/profiles/profile-queries';
import type { Decayed } from '../../shared/profiles/decay';
import { DEFAULT_PIPELINE_SETTINGS } from '../../shared/profiles/settings';
import type { ProfileState } from '../../shared/profiles/state';
import { profileView, segmentsOf, spendingTier, topK } from '../../shared/profiles/view';
import { DAY, HOUR, MINUTE, SHARD, T0, UID, event, foldBatches, foldOnce, iso, item, profileOf, seq, userRecords } from './fixtures';
import { HttpError } from '../../shared/http/errors';

const settings = DEFAULT_PIPELINE_SETTINGS;
const SHORT = 6 * HOUR;
/** Interest scores as a profile holds them in memory. */
const scores = (record: Record<string, Decayed>): Map<string, Decayed> => new Map(Object.entries(record));

const view = (minute: number, category: string, price?: number) =>
  event({ type: 'product_view', item: item(`p${minute}`, category, price === undefined ? {} : { price }), timestamp: iso(T0 + minute * MINUTE) });

describe('profile view: ranked interests', () => {
  it('ranks by the score decayed to now, not by the stored value', () => {
    // Prepare: "bags" was stronger but 12 h (two short half-lives) ago.
    const map = scores({ bags: { v: 3, t: T0 - 12 * HOUR }, shoes: { v: 1, t: T0 }, hats: { v: 1.5, t: T0 - 6 * HOUR } });
    // Act
    const ranked = topK(map, 3, T0, SHORT);
    // Assess
    expect(ranked).toEqual([
      { key: 'shoes', score: 1 },
      { key: 'hats', score: 0.75 },
      { key: 'bags', score: 0.75 },
    ]);
  });

  it('breaks an exact tie by recency: the interest scored more recently ranks first', () => {
    // bags 3 · 2^-2 and hats 1.5 · 2^-1 are both exactly 0.75 now; hats was scored later.
    const ranked = topK(scores({ bags: { v: 3, t: T0 - 12 * HOUR }, hats: { v: 1.5, t: T0 - 6 * HOUR } }), 2, T0, SHORT);
    expect(ranked.map((entry) => entry.key)).toEqual(['hats', 'bags']);
  });

  it('ranks on exact scores: events minutes apart under a 30-day half-life do not tie on rounding', () => {
    // Prepare: one view each, "zebra" five minutes after "apple". Rounded to 4 decimals both read 1.0.
    const LONG = 30 * DAY;
    const map = scores({ apple: { v: 1, t: T0 - 5 * MINUTE }, zebra: { v: 1, t: T0 } });
    // Act
    const ranked = topK(map, 2, T0 + HOUR, LONG);
    // Assess: the more recent interest wins although the alphabet says otherwise; display is rounded.
    expect(ranked.map((entry) => entry.key)).toEqual(['zebra', 'apple']);
    expect(ranked[0]!.score).toBe(Number(ranked[0]!.score.toFixed(4)));
  });

  it.each([1, 2, 5])('returns at most k = %i entries', (k) => {
    const map = new Map(['a', 'b', 'c', 'd'].map((key, index) => [key, { v: index + 1, t: T0 }]));
    expect(topK(map, k, T0, SHORT).map((entry) => entry.key)).toEqual(['d', 'c', 'b', 'a'].slice(0, k));
  });

  it('omits interests that have decayed to nothing', () => {
    expect(topK(scores({ old: { v: 1, t: T0 - 30 * DAY }, now: { v: 1, t: T0 } }), 5, T0, SHORT)).toEqual([{ key: 'now', score: 1 }]);
  });

  it('reads short- and long-term interests at the moment of the read', () => {
    // Prepare: a strong interest in bags yesterday, a weaker one in shoes now.
    const bodies = [event({ type: 'add_to_cart', item: item('b1', 'Bags'), timestamp: iso(T0 - DAY) }), view(0, 'Shoes')];
    const state = foldOnce(bodies);
    // Act
    const result = profileView(state, T0, 5, settings);
    // Assess
    expect(result.interests.shortTerm.categories.map((entry) => entry.key)).toEqual(['shoes', 'bags']);
    expect(result.interests.longTerm.categories.map((entry) => entry.key)).toEqual(['bags', 'shoes']);
    expect(result.interests.shortTerm.categories[1]!.score).toBeCloseTo(3 / 16, 4);
    expect(result.interests.shortTerm.halfLifeHours).toBe(6);
    expect(result.interests.longTerm.halfLifeDays).toBe(30);
  });
});

describe('profile view: events without a category', () => {
  it.each(['unknown', 'N/A', 'none', '未分类', 'other'])('a placeholder category "%s" never becomes an interest', (placeholder) => {
    // Prepare: many views under the placeholder, one under a real category.
    const bodies = [...Array.from({ length: 5 }, (_, index) => view(index, placeholder)), view(10, 'Shoes')];
    // Act
    const result = profileView(foldOnce(bodies), T0 + HOUR, 5, settings);
    // Assess
    expect(result.interests.shortTerm.categories.map((entry) => entry.key)).toEqual(['shoes']);
    expect(result.interests.longTerm.categories.map((entry) => entry.key)).toEqual(['shoes']);
  });

  it('an item without a category still feeds brand, spending and engagement', () => {
    // Prepare
    const body = event({ type: 'product_view', item: { itemId: 'p1', brand: 'Stride', price: 120 }, dwellMs: 30_000, timestamp: iso(T0) });
    // Act
    const result = profileView(foldOnce([body]), T0, 5, settings);
    // Assess
    expect(result.interests.shortTerm.categories).toEqual([]);
    expect(result.interests.shortTerm.brands.map((entry) => entry.key)).toEqual(['stride']);
    expect(result.spending.tier).toBe('mid');
    expect(result.engagement.averageDwellMs).toBe(30_000);
  });
});

describe('profile view: spending tier', () => {
  it.each([
    { prices: [], tier: 'unknown' },
    { prices: [9, 15, 20], tier: 'budget' },
    { prices: [60, 80, 120], tier: 'mid' },
    { prices: [250, 300, 400], tier: 'upper' },
    { prices: [900, 1_500, 2_000], tier: 'premium' },
  ])('viewed prices $prices put the user in the $tier tier', ({ prices, tier }) => {
    const state = foldOnce(prices.length ? prices.map((price, index) => view(index, 'x', price)) : [view(0, 'x')]);
    expect(spendingTier(state).tier).toBe(tier);
  });

  it('one luxury view does not make a budget shopper premium (geometric mean)', () => {
    const state = foldOnce([...[10, 12, 15, 9, 11].map((price, index) => view(index, 'x', price)), view(9, 'x', 20_000)]);
    expect(spendingTier(state).tier).toBe('budget');
  });

  it('purchases weigh three times a view', () => {
    // Prepare: four cheap views, one premium purchase.
    const bodies = [...[20, 20, 20, 20].map((price, index) => view(index, 'x', price)), event({ type: 'purchase', orderId: 'o1', items: [item('w', 'watches', { price: 5_000 })], timestamp: iso(T0 + HOUR) })];
    // Act
    const { tier, typicalPrice } = spendingTier(foldOnce(bodies));
    // Assess: exp((4·ln21 + 3·ln5001)/7) − 1 ≈ 218, where the views alone say 20
    expect(tier).toBe('upper');
    expect(typicalPrice).toBeCloseTo(Math.expm1((4 * Math.log1p(20) + 3 * Math.log1p(5000)) / 7), 1);
  });
});

describe('profile view: segments', () => {
  const now = T0 + HOUR;
  const cases: { name: string; bodies: () => ReturnType<typeof event>[]; at: number; includes: string[]; excludes: string[] }[] = [
    { name: 'new-user', bodies: () => [view(0, 'x')], at: now, includes: ['new-user'], excludes: ['lapsed'] },
    {
      name: 'lapsed',
      bodies: () => [event({ type: 'page_view', timestamp: iso(T0 - 40 * DAY) })],
      at: now,
      includes: ['lapsed'],
      excludes: ['new-user', 'highly-active'],
    },
    {
      name: 'cart-abandoner',
      bodies: () => [event({ type: 'add_to_cart', item: item('p1', 'shoes', { price: 90 }) })],
      at: now,
      includes: ['cart-abandoner'],
      excludes: [],
    },
    {
      name: 'not a cart-abandoner after buying',
      bodies: () => [event({ type: 'add_to_cart', item: item('p1', 'shoes') }), event({ type: 'purchase', orderId: 'o', items: [item('p1', 'shoes', { price: 90 })], timestamp: iso(T0 + MINUTE) })],
      at: now,
      includes: [],
      excludes: ['cart-abandoner'],
    },
    {
      name: 'video-engaged',
      bodies: () => ['v1', 'v2', 'v3'].flatMap((videoId, index) => [0.96, 0.2].slice(index === 2 ? 1 : 0).map((progress) => event({ type: 'video_progress', videoId, progress, timestamp: iso(T0 + index * MINUTE) }))),
      at: now,
      includes: ['video-engaged'],
      excludes: [],
    },
    {
      name: 'not video-engaged when most videos are abandoned',
      bodies: () => ['v1', 'v2', 'v3'].map((videoId, index) => event({ type: 'video_progress', videoId, progress: index ? 0.1 : 1, timestamp: iso(T0 + index * MINUTE) })),
      at: now,
      includes: [],
      excludes: ['video-engaged'],
    },
    {
      name: 'loyal-buyer',
      bodies: () => [0, 1, 2].map((index) => event({ type: 'purchase', orderId: `o${index}`, items: [item(`p${index}`, 'x', { price: 30 })], timestamp: iso(T0 + index * DAY) })),
      at: T0 + 2 * DAY + HOUR,
      includes: ['loyal-buyer', 'price-sensitive'],
      excludes: ['high-spender'],
    },
    {
      name: 'highly-active and social-engager',
      bodies: () => Array.from({ length: 25 }, (_, index) => event({ type: index % 2 ? 'like' : 'share', item: item(`p${index}`, 'x'), timestamp: iso(T0 + index * MINUTE) })),
      at: now,
      includes: ['highly-active', 'social-engager'],
      excludes: [],
    },
    {
      name: 'ad-responsive',
      bodies: () => [0, 1, 2].map((index) => event({ type: 'ad_click', adId: `a${index}`, channel: 'wechat', campaign: 'c', timestamp: iso(T0 + index * MINUTE) })),
      at: now,
      includes: ['ad-responsive'],
      excludes: [],
    },
    { name: 'high-spender', bodies: () => [view(0, 'x', 1_000), view(1, 'x', 900)], at: now, includes: ['high-spender'], excludes: ['price-sensitive'] },
  ];

  it.each(cases)('$name', ({ bodies, at, includes, excludes }) => {
    const segments = segmentsOf(foldOnce(bodies()), at, settings);
    for (const segment of includes) expect(segments).toContain(segment);
    for (const segment of excludes) expect(segments).not.toContain(segment);
  });

  it('a new user stops being new after a week, and becomes lapsed after 30 days without events', () => {
    const state = foldOnce([view(0, 'x')]);
    expect(segmentsOf(state, T0 + 8 * DAY, settings)).not.toContain('new-user');
    expect(segmentsOf(state, T0 + 29 * DAY, settings)).not.toContain('lapsed');
    expect(segmentsOf(state, T0 + 31 * DAY, settings)).toContain('lapsed');
  });

  it('a cart abandoned more than a week ago no longer counts', () => {
    const state = foldOnce([event({ type: 'add_to_cart', item: item('p1', 'shoes') })]);
    expect(segmentsOf(state, T0 + 8 * DAY, settings)).not.toContain('cart-abandoner');
  });
});

describe('profile view: shape', () => {
  const state = (): ProfileState => profileOf(foldBatches([userRecords([view(0, 'Shoes', 120), event({ type: 'search', query: 'Boots', timestamp: iso(T0 + MINUTE) })])]));

  it('prints lineage watermarks without zero padding and hides cleaning memory', () => {
    // Act
    const result = profileView(state(), T0 + HOUR, 5, settings);
    // Assess
    expect(result.lineage.watermarks).toEqual({ [SHARD]: seq(2) });
    expect(seq(2)).toMatch(/^1\d{55}$/);
    expect(result).not.toHaveProperty('cleaning');
    expect(JSON.stringify(result)).not.toMatch(/seenEvents|recentClicks|recentEventTimes/);
  });

  it('a watermark of zero prints as "0", not as an empty string', () => {
    const stored = state();
    stored.lineage.watermarks = { [SHARD]: '0'.repeat(128) };
    expect(profileView(stored, T0, 5, settings).lineage.watermarks[SHARD]).toBe('0');
  });

  it('reports engagement, activity and spending as a user reads them', () => {
    const result = profileView(state(), T0 + 2 * DAY, 5, settings);
    expect(result).toMatchObject({
      userId: UID,
      asOf: iso(T0 + 2 * DAY),
      spending: { tier: 'mid', averageViewedPrice: 120, orders: 0 },
      engagement: { searches: 1, recentSearches: [{ q: 'boots', at: iso(T0 + MINUTE) }] },
      activity: { firstSeenAt: iso(T0), lastSeenAt: iso(T0 + MINUTE), activeDaysLast30: 1, eventCounts: { product_view: 1, search: 1 } },
    });
    expect(result.activity.daysSinceLastSeen).toBeCloseTo(2, 2);
    expect(result.activity.weeklyFrequency).toBeCloseTo(2 * Math.pow(2, -2 / 7), 2);
  });
});

describe('profile queries', () => {
  it('reads a stored profile and 404s for none or a tombstone', async () => {
    const stored = { value: state0(), version: 1 };
    const reader = (value: typeof stored | undefined) => ({ get: async () => value });
    await expect(readProfile(reader(stored), UID, { k: 3, settings, now: T0 })).resolves.toMatchObject({ userId: UID });
    await expect(readProfile(reader(undefined), UID, { k: 3, settings, now: T0 })).rejects.toMatchObject({ statusCode: 404 });
    await expect(readProfile(reader({ value: { uid: UID, erasedAt: iso(T0) } as never, version: 0 }), UID, { k: 3, settings, now: T0 })).rejects.toBeInstanceOf(HttpError);
  });

  it('erasure 404s when there was no profile, after writing the tombstone all the same', async () => {
    const erased: string[] = [];
    const eraser = (existed: boolean) => ({ get: async () => undefined, erase: async (uid: string) => (erased.push(uid), { existed }) });
    await expect(eraseProfile(eraser(true), UID, new Date(T0))).resolves.toBeUndefined();
    await expect(eraseProfile(eraser(false), UID, new Date(T0))).rejects.toMatchObject({ statusCode: 404 });
    expect(erased).toEqual([UID, UID]);
  });
});

function state0(): ProfileState {
  return foldOnce([view(0, 'x')]);
}
