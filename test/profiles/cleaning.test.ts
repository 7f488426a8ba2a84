import { FingerprintSet } from '../../shared/profiles/fingerprints';
import { clickKey, isBotUserAgent, screenEvent, type CleaningMemory } from '../../shared/profiles/cleaning';
import { DEFAULT_PIPELINE_SETTINGS } from '../../shared/profiles/settings';
import { DAY, HOUR, MINUTE, SECOND, T0, event, foldBatches, iso, item, profileOf, userRecords } from './fixtures';

const BOTS = [
  ['Googlebot', 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)'],
  ['Bingbot', 'Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)'],
  ['Baiduspider', 'Mozilla/5.0 (compatible; Baiduspider/2.0; +http://www.baidu.com/search/spider.html)'],
  ['headless Chrome (Puppeteer)', 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/120.0.6099.71 Safari/537.36'],
  ['curl', 'curl/8.4.0'],
  ['python-requests', 'python-requests/2.31.0'],
  ['Scrapy', 'Scrapy/2.11.0 (+https://scrapy.org)'],
  ['Go HTTP client', 'Go-http-client/1.1'],
  ['Facebook link preview', 'facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)'],
] as const;

const BROWSERS = [
  ['Chrome on Windows', 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36'],
  ['Safari on iPhone', 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1'],
  ['Safari on macOS', 'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_4) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15'],
  ['WeChat in-app on iOS', 'Mozilla/5.0 (iPhone; CPU iPhone OS 16_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 MicroMessenger/8.0.47(0x18002f2c) NetType/WIFI Language/zh_CN'],
  ['WeChat in-app on Android', 'Mozilla/5.0 (Linux; Android 13; V2227A Build/TP1A.220624.014; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/111.0.5563.116 Mobile Safari/537.36 XWEB/5235 MMWEBSDK/20230701 MicroMessenger/8.0.40.2420(0x28002837) WeChat/arm64 Weixin NetType/WIFI Language/zh_CN ABI/arm64'],
  ['Samsung Internet', 'Mozilla/5.0 (Linux; Android 13; SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/23.0 Chrome/115.0.0.0 Mobile Safari/537.36'],
  ['Huawei Browser', 'Mozilla/5.0 (Linux; Android 12; ALN-AL80; HMSCore 6.11.0.302) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/99.0.4844.88 HuaweiBrowser/14.0.0.320 Mobile Safari/537.36'],
  ['Instagram in-app', 'Mozilla/5.0 (Linux; Android 11; Redmi Note 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/96.0.4664.104 Mobile Safari/537.36 Instagram 216.1.0.21.137 Android'],
  // Regression test for a fixed bug (shared/profiles/cleaning.ts:15): the pattern `bot\b` also matches the Android phone brand
  // CUBOT ("CUBOT X30"), so every event from a real Chrome user on such a phone is dropped as a bot.
  ['Chrome on a CUBOT phone', 'Mozilla/5.0 (Linux; Android 10; CUBOT X30) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.6099.144 Mobile Safari/537.36'],
] as const;

const freshMemory = (): CleaningMemory => ({ fingerprints: new FingerprintSet(undefined), cleaning: { seenEvents: new Uint8Array(), recentClicks: new Map(), recentEventTimes: [] } });
const settings = DEFAULT_PIPELINE_SETTINGS;
const view = (itemId: string, at = T0) => event({ type: 'product_view', timestamp: iso(at), item: item(itemId, 'shoes') });

describe('cleaning: bot user agents', () => {
  it.each(BOTS)('%s is recognised as a bot', (_name, userAgent) => {
    expect(isBotUserAgent(userAgent)).toBe(true);
  });

  it.each(BROWSERS)('%s is a real browser and passes', (_name, userAgent) => {
    expect(isBotUserAgent(userAgent)).toBe(false);
  });

  it('an event without a user agent passes', () => {
    expect(isBotUserAgent(undefined)).toBe(false);
  });

  it('drops a bot event under the bot-user-agent rule and counts it in lineage', () => {
    // Prepare
    const bodies = [
      event({ type: 'product_view', item: item('p1', 'shoes'), device: { type: 'desktop', userAgent: BOTS[0][1] } }),
      event({ type: 'product_view', item: item('p2', 'shoes'), device: { type: 'mobile', userAgent: BROWSERS[3][1] } }),
    ];
    // Act
    const run = foldBatches([userRecords(bodies)]);
    // Assess
    const state = profileOf(run);
    expect(run.results[0]).toMatchObject({ applied: 1, dropped: { 'bot-user-agent': 1 } });
    expect(state.lineage.dropped).toEqual({ 'bot-user-agent': 1 });
    expect(Object.fromEntries(state.context.devices)).toEqual({ mobile: 1 });
  });
});

describe('cleaning: duplicate events', () => {
  it('drops a second event with the same id in the same batch', () => {
    const original = view('p1');
    const run = foldBatches([userRecords([original, { ...original }])]);
    expect(run.results[0]).toMatchObject({ applied: 1, dropped: { 'duplicate-event': 1 } });
    expect(Object.fromEntries(profileOf(run).activity.eventCounts)).toEqual({ product_view: 1 });
  });

  it('drops an event resent in a later batch with new sequence numbers', () => {
    // Prepare: the client did not get our response and resends the same events an hour later.
    const bodies = [view('p1'), event({ type: 'search', query: 'running shoes' })];
    // Act
    const run = foldBatches([userRecords(bodies, 1), userRecords(bodies, 10, { receivedAt: iso(T0 + HOUR) })]);
    // Assess
    const state = profileOf(run);
    expect(run.results[1]).toMatchObject({ applied: 0, replayed: 0, dropped: { 'duplicate-event': 2 } });
    expect(state.lineage.eventsApplied).toBe(2);
    expect(state.lineage.dropped).toEqual({ 'duplicate-event': 2 });
    expect(state.engagement.searches).toBe(1);
  });

  it('still drops a resent offline-buffered event whose own timestamp is older than the dedup horizon', () => {
    // Regression test for a fixed bug (shared/profiles/cleaning.ts:44 with fingerprints.ts:44 and fold.ts:168): the fingerprint is
    // dated with the event's own time and pruned against the newest event of the batch, so an event a
    // phone buffered offline for two days, uploaded next to fresh activity, is forgotten in the very
    // batch that applied it; when the client resends the upload (response lost) it is applied twice.
    // The horizon should run from when the event was seen (received), as settings.ts documents
    // ("a batch resent later is still dropped").
    // Prepare: the user is active now; the app also uploads a cart event it buffered two days ago.
    const now = event({ type: 'page_view', timestamp: iso(T0) });
    const buffered = event({ type: 'add_to_cart', timestamp: iso(T0 - 2 * DAY), item: item('p9', 'bags', { price: 300 }) });
    const upload = { receivedAt: iso(T0 + SECOND) };
    // Act: the upload is resent a minute later with new sequence numbers.
    const run = foldBatches([userRecords([now, buffered], 1, upload), userRecords([buffered], 3, { receivedAt: iso(T0 + MINUTE) })]);
    // Assess
    const state = profileOf(run);
    expect(Object.fromEntries(state.activity.eventCounts)).toEqual({ page_view: 1, add_to_cart: 1 });
    expect(state.spending.carted.n).toBe(1);
    expect(state.lineage.dropped).toEqual({ 'duplicate-event': 1 });
  });
});

describe('cleaning: duplicate clicks', () => {
  it.each([
    { gapMs: 0, dropped: true },
    { gapMs: 500, dropped: true },
    { gapMs: 1_999, dropped: true },
    { gapMs: 2_000, dropped: false },
    { gapMs: 5_000, dropped: false },
  ])('a second click on the same item $gapMs ms later is dropped: $dropped', ({ gapMs, dropped }) => {
    // Prepare
    const memory = freshMemory();
    screenEvent(view('p1'), T0, T0, memory, settings);
    // Act
    const rule = screenEvent(view('p1', T0 + gapMs), T0 + gapMs, T0 + gapMs, memory, settings);
    // Assess
    expect(rule).toBe(dropped ? 'duplicate-click' : undefined);
  });

  it.each([
    ['a different item', view('p2')],
    ['a different event type on the same item', event({ type: 'add_to_cart', item: item('p1', 'shoes') })],
    ['a search (not click-like)', event({ type: 'search', query: 'shoes' })],
  ])('%s inside the window is kept', (_name, second) => {
    const memory = freshMemory();
    screenEvent(view('p1'), T0, T0, memory, settings);
    expect(screenEvent(second, T0 + 100, T0 + 100, memory, settings)).toBeUndefined();
  });

  it("judges each user's clicks by their own memory when users are judged in turn", () => {
    const alice = freshMemory();
    const bob = freshMemory();
    screenEvent(view('p1'), T0, T0, alice, settings);
    expect(screenEvent(view('p1', T0 + 100), T0 + 100, T0 + 100, bob, settings)).toBeUndefined();
    expect(screenEvent(view('p1', T0 + 200), T0 + 200, T0 + 200, alice, settings)).toBe('duplicate-click');
    expect(screenEvent(view('p1', T0 + 300), T0 + 300, T0 + 300, bob, settings)).toBe('duplicate-click');
  });

  it('catches a double click among a heavy clicker\'s many, and tells types apart there too', () => {
    const memory = freshMemory();
    const human = { ...settings, botMaxEventsPerWindow: 100 };
    for (let index = 0; index < 40; index++) expect(screenEvent(view(`p${index}`, T0 + index), T0 + index, T0 + index, memory, human)).toBeUndefined();
    const cart = event({ type: 'add_to_cart', timestamp: iso(T0 + 50), item: item('p3', 'shoes') });
    expect(screenEvent(cart, T0 + 50, T0 + 50, memory, human)).toBeUndefined();
    expect(screenEvent(view('p3', T0 + 60), T0 + 60, T0 + 60, memory, human)).toBe('duplicate-click');
    expect(screenEvent(view('p39', T0 + 3 * SECOND), T0 + 3 * SECOND, T0 + 3 * SECOND, memory, human)).toBeUndefined();
  });

  it('keeps only the clicks that can still be doubled in the stored profile, under their type:id keys', () => {
    const ad = event({ type: 'ad_click', adId: 'ad-1', channel: 'wechat', campaign: 'spring', timestamp: iso(T0 + 5 * SECOND) });
    const run = foldBatches([userRecords([view('p1', T0), view('p2', T0 + 4 * SECOND), ad], 1)]);
    expect([...profileOf(run).cleaning.recentClicks]).toEqual([['product_view:p2', T0 + 4 * SECOND], ['ad_click:ad-1', T0 + 5 * SECOND]]);
  });

  it('catches a double click split across two batches and counts it in lineage', () => {
    const run = foldBatches([userRecords([view('p1', T0)], 1), userRecords([view('p1', T0 + 800)], 2)]);
    expect(run.results[1]).toMatchObject({ applied: 0, dropped: { 'duplicate-click': 1 } });
    expect(profileOf(run).lineage.dropped).toEqual({ 'duplicate-click': 1 });
  });

  it('knows the click key of ads and items, and none for other types', () => {
    expect(clickKey(event({ type: 'ad_click', adId: 'ad-1', channel: 'wechat', campaign: 'spring' }))).toBe('ad_click:ad-1');
    expect(clickKey(view('p1'))).toBe('product_view:p1');
    expect(clickKey(event({ type: 'page_view' }))).toBeUndefined();
  });
});

describe('cleaning: inhuman event rate', () => {
  const burst = (count: number, start: number, spacingMs: number) =>
    Array.from({ length: count }, (_, index) => event({ type: 'page_view', timestamp: iso(start + index * spacingMs) }));

  it.each([
    { count: 30, dropped: 0 },
    { count: 31, dropped: 1 },
    { count: 40, dropped: 10 },
  ])('$count events within 10 s: $dropped dropped under bot-rate', ({ count, dropped }) => {
    const run = foldBatches([userRecords(burst(count, T0, 100))]);
    expect(run.results[0]!.dropped['bot-rate'] ?? 0).toBe(dropped);
    expect(profileOf(run).lineage.dropped['bot-rate'] ?? 0).toBe(dropped);
  });

  it('a burst still trips the rule when network jitter reorders its events by a fraction of a second', () => {
    // Regression test for a fixed bug (shared/profiles/cleaning.ts:51): the window is filtered with `time <= at`, so an event that
    // arrives after a newer one erases the newer times from the rate memory. With arrival order
    // swapped pairwise (100 ms of jitter), 40 events in 4 s never reach the limit and nothing is dropped.
    // Prepare: 40 events 100 ms apart, arriving as 1, 0, 3, 2, 5, 4, …
    const events = burst(40, T0, 100);
    const arrival = events.map((_, index) => events[index % 2 ? index - 1 : index + 1]!);
    // Act
    const run = foldBatches([userRecords(arrival, 1, { receivedAt: iso(T0 + 5 * SECOND) })]);
    // Assess: at most 30 of them count.
    expect(run.results[0]!.dropped['bot-rate'] ?? 0).toBeGreaterThanOrEqual(10);
    expect(run.results[0]!.applied).toBeLessThanOrEqual(30);
  });

  it('30 events spread over a minute are human', () => {
    const run = foldBatches([userRecords(burst(60, T0, 2 * SECOND))]);
    expect(run.results[0]).toMatchObject({ applied: 60, dropped: {} });
  });

  it('once tripped, the user is muted for the cool-down and counted again afterwards', () => {
    // Prepare: a burst trips the rule; one event 30 minutes later (inside the 1 h cool-down), one 2 h later.
    const bodies = [
      ...burst(31, T0, 100),
      event({ type: 'page_view', timestamp: iso(T0 + 30 * MINUTE) }),
      event({ type: 'page_view', timestamp: iso(T0 + 2 * HOUR) }),
    ];
    // Act: two batches, so the cool-down must survive a write.
    const run = foldBatches([userRecords(bodies.slice(0, 32), 1), userRecords(bodies.slice(32), 100)]);
    // Assess
    const state = profileOf(run);
    expect(run.results[0]).toMatchObject({ applied: 30, dropped: { 'bot-rate': 2 } });
    expect(run.results[1]).toMatchObject({ applied: 1, dropped: {} });
    expect(state.lineage.dropped).toEqual({ 'bot-rate': 2 });
    expect(state.cleaning.botUntil).toBeUndefined();
  });
});
