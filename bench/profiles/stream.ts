/**
 * A realistic, reproducible clickstream for the profile benchmarks, as the feature updater receives
 * it from Kinesis: base64 JSON stream records (already pseudonymous), in arrival order, with 56-digit
 * sequence numbers. Shoppers' sessions interleave (about sixty at a time); sessions mix page and
 * product views with dwell, searches, carts, purchases, video progress, social actions and ads.
 * Noise a real stream has: ~5 % client resends (same event id, new record), double clicks, a few
 * crawlers (bot user agents) and scripted bursts (inhuman rate), and some offline-buffered uploads.
 */
import { createHash } from 'node:crypto';
import { seededRandom } from '../../local/clickstream';
import type { EventBody, StreamRecord } from '../../shared/profiles/events';
import type { RawStreamRecord } from '../../shared/profiles/update-profiles';

export interface StreamOptions {
  events: number;
  users: number;
  seed: number;
  /** Share of events the client sends twice (a resend after a lost response). */
  resendRate: number;
  /**
   * `dense`: long sessions (6–34 events) of a few thousand returning users, ~3 events/s.
   * `sparse`: real e-commerce traffic, where most sessions are short — 1 + geometric (mean 2.5), so
   * most between 1 and 10 — with a long tail (3 % of sessions of 20–60 events): ≈ 3.6 events per
   * session and, with `users` a quarter of `events`, about 4 per user; many users at once (`eventsPerSecond`).
   */
  shape: 'dense' | 'sparse';
  /** Arrival rate: with batches of 200 it sets how many users a batch holds. @default 3 (dense), 50 (sparse) */
  eventsPerSecond?: number;
  /** Sparse only: share of sessions from the heavy tail (20–60 events). @default 0.03 */
  heavyShare?: number;
  /** Sparse only: mean length of an ordinary session (1 + geometric). @default 2.5 */
  meanSessionLength?: number;
  /**
   * Category cardinality as a multiple of the 40 base categories: above 1, each base category splits
   * into sub-categories written as paths (`phones > accessories`), as real catalogues name them. @default 1
   */
  categoryMultiplier?: number;
}

export const DEFAULT_STREAM: StreamOptions = { events: 200_000, users: 2_000, seed: 20240501, resendRate: 0.05, shape: 'dense' };
/** The sparse shape: as many users as a quarter of the events. */
export const SPARSE_STREAM: StreamOptions = { events: 200_000, users: 50_000, seed: 20240502, resendRate: 0.05, shape: 'sparse', eventsPerSecond: 50 };
/**
 * A harsher sparse shape, for robustness: a tenth of the sessions from the heavy tail (not 3 %),
 * ordinary sessions of 4 events on average (not 2.5), and five times the categories, as paths.
 */
export const HARSH_SPARSE_STREAM: StreamOptions = { ...SPARSE_STREAM, seed: 20240503, heavyShare: 0.1, meanSessionLength: 4, categoryMultiplier: 5 };

export interface GeneratedStream {
  records: RawStreamRecord[];
  options: StreamOptions;
  counts: { sessions: number; resends: number; doubleClicks: number; botEvents: number; burstEvents: number; offline: number; distinctUsers: number };
}

/** The demo's seeded mulberry32 (local/clickstream.ts), under the name the benchmarks use. */
export const prng = seededRandom;

const CATEGORIES = [
  'dresses', 'running shoes', 'sneakers', 'handbags', 'skincare', 'makeup', 'perfume', 'watches', 'phones', 'earphones',
  'laptops', 'tablets', 'cameras', 'smart home', 'kitchen', 'cookware', 'coffee', 'tea', 'snacks', 'baby care',
  'toys', 'books', 'stationery', 'outdoor', 'camping', 'cycling', 'fitness', 'yoga', 'pet food', 'pet toys',
  'furniture', 'bedding', 'lighting', 'jewellery', 'sunglasses', 'luggage', 'car accessories', 'gaming', 'tv', 'audio',
];
/** What sub-categories are called when `categoryMultiplier` splits the base ones. */
const SUBCATEGORIES = ['accessories', 'premium', 'for kids', 'refurbished', 'gift sets', 'limited edition', 'outlet', 'bundles', 'spare parts', 'travel size'];
const BRANDS = ['Li-Ning', 'Anta', 'Nike', 'Adidas', 'Xiaomi', 'Huawei', 'Apple', 'Oppo', 'Vivo', 'Haier', 'Midea', 'Gree', 'Perfect Diary', 'Florasis', 'Estee Lauder', 'Lancome', 'Uniqlo', 'Zara', 'Bosideng', 'Pop Mart'];
const BROWSERS = [
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1',
  'Mozilla/5.0 (iPhone; CPU iPhone OS 16_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 MicroMessenger/8.0.47(0x18002f2c) NetType/WIFI Language/zh_CN',
  'Mozilla/5.0 (Linux; Android 13; V2227A; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/111.0.5563.116 Mobile Safari/537.36 MicroMessenger/8.0.40.2420 WeChat/arm64 Weixin NetType/5G',
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36',
  'Mozilla/5.0 (Linux; Android 13; SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/23.0 Chrome/115.0.0.0 Mobile Safari/537.36',
];
const BOTS = ['Mozilla/5.0 (compatible; Baiduspider/2.0; +http://www.baidu.com/search/spider.html)', 'python-requests/2.31.0', 'Mozilla/5.0 (X11; Linux x86_64) HeadlessChrome/120.0.6099.71 Safari/537.36'];
const QUERIES = ['new arrivals', 'sale', 'gift for mom', 'waterproof', 'wireless', 'summer', 'discount', 'best seller', '2024 new', 'cheap'];
const NETWORKS = ['wifi', '5g', '4g', 'wifi', 'wifi', 'ethernet'] as const;

const SEQUENCE_BASE = 49_545_115_243_490_985_018_280_067_714_973_144_582_180_062_593_244n * 1000n;
const START = Date.parse('2024-05-01T00:00:00+08:00');
/** Dense default: 200k events arrive over 18 hours (≈ 3 events/s, ~60 sessions at a time); smaller streams keep that density. */
const DENSE_EVENTS_PER_SECOND = 200_000 / (18 * 3_600);

/** ISO time in China Standard Time, as most of these clients would send it. */
const cst = (ms: number) => new Date(ms + 8 * 3_600_000).toISOString().replace('Z', '+08:00');

interface Pending {
  at: number;
  receivedAt: number;
  uid: string;
  event: EventBody;
}

export function generateStream(partial: Partial<StreamOptions> = {}): GeneratedStream {
  const options = { ...DEFAULT_STREAM, ...partial };
  const random = prng(options.seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const between = (min: number, max: number) => min + Math.floor(random() * (max - min + 1));
  const uids = Array.from({ length: options.users }, (_, index) => createHash('sha256').update(`bench-user-${index}`).digest('base64url'));
  const sparse = options.shape === 'sparse';
  const SPAN_PER_EVENT_MS = 1000 / (options.eventsPerSecond ?? (sparse ? 50 : DENSE_EVENTS_PER_SECOND));
  // A few heavy users, a long tail: Zipf-like popularity (flatter when traffic is sparse).
  const userOf = () => uids[Math.min(options.users - 1, Math.floor(options.users * Math.pow(random(), sparse ? 1.2 : 1.6)))]!;
  /** Sparse session length: 1 + geometric (mean 2.5), or 20–60 events for 3 % of sessions. */
  const heavyShare = options.heavyShare ?? 0.03;
  // 1 + geometric with success p has mean 1 + (1 − p) / p.
  const continueProbability = 1 - 1 / (options.meanSessionLength ?? 2.5);
  const sparseLength = () => (random() < heavyShare ? between(20, 60) : 1 + Math.floor(Math.log(1 - random()) / Math.log(continueProbability)));
  const multiplier = Math.max(1, Math.min(SUBCATEGORIES.length, Math.round(options.categoryMultiplier ?? 1)));
  const categories = multiplier === 1 ? CATEGORIES : CATEGORIES.flatMap((base) => SUBCATEGORIES.slice(0, multiplier).map((sub) => `${base} > ${sub}`));
  const items = Array.from({ length: 5_000 }, (_, index) => {
    const category = pick(categories);
    const price = Math.round(Math.exp(2.5 + random() * 5.5)) + 0.9;
    return { itemId: `sku-${index}`, category, brand: pick(BRANDS), price };
  });
  const counts = { sessions: 0, resends: 0, doubleClicks: 0, botEvents: 0, burstEvents: 0, offline: 0, distinctUsers: 0 };
  const pending: Pending[] = [];
  let eventNo = 0;
  const nextId = () => `e-${options.seed}-${++eventNo}`;

  while (pending.length < options.events) {
    counts.sessions++;
    const uid = userOf();
    const roll = random();
    const bot = roll < 0.01;
    const burst = !bot && roll < 0.015;
    const offline = !bot && !burst && roll < 0.025;
    const device = { type: pick(['mobile', 'mobile', 'mobile', 'desktop', 'tablet'] as const), userAgent: bot ? pick(BOTS) : pick(BROWSERS) };
    const network = pick(NETWORKS);
    const sessionId = `s-${counts.sessions}`;
    let clock = START + Math.floor(random() * SPAN_PER_EVENT_MS * options.events);
    const emit = (fields: Record<string, unknown>, gapMs: number) => {
      clock += gapMs;
      const lag = offline ? between(60_000, 7_200_000) : between(80, 3_000);
      const event = { eventId: nextId(), timestamp: cst(clock), sessionId, device, network, ...fields } as EventBody;
      pending.push({ at: clock, receivedAt: clock + lag, uid, event });
      if (bot) counts.botEvents++;
      if (burst) counts.burstEvents++;
      if (offline) counts.offline++;
      if (random() < options.resendRate) {
        counts.resends++;
        pending.push({ at: clock, receivedAt: clock + lag + between(1_000, 60_000), uid, event });
      }
      return event;
    };
    if (burst) {
      for (let index = 0; index < 60; index++) emit({ type: 'product_view', item: pick(items) }, between(20, 120));
      continue;
    }
    const length = bot ? between(10, 40) : sparse ? sparseLength() : between(6, 34);
    const interest = pick(categories);
    const favourites = items.filter((entry) => entry.category === interest);
    let cart: (typeof items)[number][] = [];
    for (let step = 0; step < length; step++) {
      const product = random() < 0.7 && favourites.length ? pick(favourites) : pick(items);
      const r = random();
      if (r < 0.14) emit({ type: 'page_view', category: product.category, dwellMs: between(1_000, 60_000) }, between(2_000, 30_000));
      else if (r < 0.45) {
        emit({ type: 'product_view', item: product, dwellMs: between(2_000, 120_000) }, between(3_000, 60_000));
        if (random() < 0.02) {
          counts.doubleClicks++;
          emit({ type: 'product_view', item: product }, between(100, 900));
        }
      } else if (r < 0.55) emit({ type: 'search', query: `${product.category} ${pick(QUERIES)}`, category: product.category }, between(2_000, 20_000));
      else if (r < 0.63) {
        emit({ type: 'add_to_cart', item: product, quantity: between(1, 3) }, between(2_000, 20_000));
        cart.push(product);
      } else if (r < 0.66 && cart.length) {
        emit({ type: 'purchase', orderId: `o-${eventNo}`, currency: 'CNY', items: cart.map((entry) => ({ ...entry, quantity: 1 })) }, between(10_000, 90_000));
        cart = [];
      } else if (r < 0.78) {
        const videoId = `vid-${between(1, 3_000)}`;
        for (const progress of [0.1, 0.25, 0.5, 0.75, 1].slice(0, between(1, 5))) emit({ type: 'video_progress', videoId, category: product.category, progress }, between(5_000, 20_000));
      } else if (r < 0.84) emit({ type: pick(['like', 'comment', 'share'] as const), item: product }, between(1_000, 10_000));
      else {
        const adId = `ad-${between(1, 400)}`;
        const channel = pick(['wechat', 'douyin', 'weibo', 'baidu']);
        emit({ type: 'ad_impression', adId, channel, campaign: `spring-${channel}`, category: product.category }, between(500, 5_000));
        if (random() < 0.06) emit({ type: 'ad_click', adId, channel, campaign: `spring-${channel}`, category: product.category }, between(500, 4_000));
      }
    }
  }

  pending.length = options.events;
  // The stream's order is arrival order; ties keep generation order.
  pending.sort((a, b) => a.receivedAt - b.receivedAt);
  counts.distinctUsers = new Set(pending.map((entry) => entry.uid)).size;
  const records = pending.map((entry, index): RawStreamRecord => {
    const record: StreamRecord = { v: 1, uid: entry.uid, receivedAt: new Date(entry.receivedAt).toISOString(), event: entry.event };
    return { shardId: 'shardId-000000000000', sequenceNumber: (SEQUENCE_BASE + BigInt(index)).toString(), partitionKey: entry.uid, data: Buffer.from(JSON.stringify(record)).toString('base64') };
  });
  return { records, options, counts };
}

export function batchesOf<T>(items: readonly T[], size: number): T[][] {
  const batches: T[][] = [];
  for (let start = 0; start < items.length; start += size) batches.push(items.slice(start, start + size));
  return batches;
}

/** Distinct partition keys per batch, summed: the floor for "one write per user per batch". */
export const distinctUsersPerBatch = (batches: readonly (readonly RawStreamRecord[])[]) => batches.reduce((sum, batch) => sum + new Set(batch.map((record) => record.partitionKey)).size, 0);

export function parseArgs(argv: readonly string[]): Record<string, number> {
  const args: Record<string, number> = {};
  for (let index = 0; index < argv.length; index++) {
    const match = /^--([a-z-]+)(?:=(.*))?$/.exec(argv[index]!);
    if (!match) continue;
    const value = match[2] ?? argv[++index];
    if (value !== undefined && Number.isFinite(Number(value))) args[match[1]!] = Number(value);
  }
  return args;
}
