import type { ClientEvent } from '../shared/profiles/events';

/**
 * A seeded generator of realistic clickstream sessions for the demo and the benchmarks: shoppers with
 * a taste for one or two categories and a price level browse, search, watch, like, add to cart and
 * buy; a few bots crawl or fire bursts; clients resend some events and users double-click ads.
 */

export interface ClickstreamOptions {
  seed: number;
  users: number;
  sessionsPerUser: number;
  /** Share of events a client sends twice (same event id). @default 0.03 */
  duplicateRate?: number;
  /** Share of users that are bots. @default 0.02 */
  botRate?: number;
  /** Timestamps end here. @default now */
  end?: number;
}

export interface GeneratedStream {
  events: ClientEvent[];
  /** Ground truth, for tests and reports. */
  truth: { users: string[]; bots: string[]; duplicates: number; doubleClicks: number };
}

/** mulberry32: tiny, fast and good enough for synthetic data. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const CATEGORIES: Record<string, { brands: string[]; price: [number, number]; queries: string[] }> = {
  'running shoes': { brands: ['Stride', 'Aero', 'Trailhead'], price: [60, 220], queries: ['trail running shoes', 'marathon trainers', '跑鞋 轻便'] },
  skincare: { brands: ['Lumi', 'Dew', 'Botanica'], price: [15, 180], queries: ['vitamin c serum', '保湿面霜', 'spf 50 sunscreen'] },
  electronics: { brands: ['Voltix', 'Nimbus', 'Pixel&Co'], price: [30, 1800], queries: ['noise cancelling headphones', '4k monitor', '蓝牙耳机'] },
  coffee: { brands: ['Roastery', 'Bean Street'], price: [8, 60], queries: ['single origin beans', '挂耳咖啡', 'espresso grinder'] },
  apparel: { brands: ['North Loom', 'Basics'], price: [12, 300], queries: ['linen shirt', '羽绒服 女', 'merino socks'] },
  'home & kitchen': { brands: ['Hearth', 'Casa'], price: [10, 900], queries: ['air fryer', '收纳盒', 'cast iron pan'] },
};
const CATEGORY_NAMES = Object.keys(CATEGORIES);
const BROWSERS = [
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1',
  'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/125.0 Mobile Safari/537.36',
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/125.0 Safari/537.36',
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_2 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148 MicroMessenger/8.0.47',
];
const BOT_AGENTS = ['Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)', 'python-requests/2.31.0', 'Mozilla/5.0 HeadlessChrome/120.0'];

export function generateClickstream(options: ClickstreamOptions): GeneratedStream {
  const random = seededRandom(options.seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const between = (low: number, high: number) => low + random() * (high - low);
  const end = options.end ?? Date.now();
  const events: ClientEvent[] = [];
  const truth: GeneratedStream['truth'] = { users: [], bots: [], duplicates: 0, doubleClicks: 0 };
  let sequence = 0;
  const nextId = () => `evt-${options.seed}-${(sequence++).toString(36)}`;

  for (let userIndex = 0; userIndex < options.users; userIndex++) {
    const userId = `shopper-${options.seed}-${userIndex}`;
    const isBot = random() < (options.botRate ?? 0.02);
    truth.users.push(userId);
    if (isBot) truth.bots.push(userId);
    const tastes = [pick(CATEGORY_NAMES), pick(CATEGORY_NAMES)];
    const priceLevel = random();
    const device = { type: pick(['mobile', 'mobile', 'desktop', 'tablet'] as const), userAgent: isBot ? pick(BOT_AGENTS) : pick(BROWSERS) };
    const network = pick(['wifi', '5g', '4g'] as const);
    // Sessions spread over the last two weeks.
    let clock = end - between(1, 14) * 86_400_000;

    for (let session = 0; session < options.sessionsPerUser; session++) {
      const sessionId = `${userId}-s${session}`;
      const category = random() < 0.8 ? tastes[0]! : tastes[1]!;
      const info = CATEGORIES[category]!;
      const itemOf = () => {
        const brand = pick(info.brands);
        const price = Math.round(info.price[0] + (info.price[1] - info.price[0]) * Math.min(1, Math.max(0, priceLevel + between(-0.2, 0.2))));
        return { itemId: `${category.replace(/\W+/g, '-')}-${Math.floor(random() * 40)}`, category, brand, price };
      };
      const base = () => ({ eventId: nextId(), userId, timestamp: new Date((clock += isBot ? between(50, 400) : between(4_000, 90_000))).toISOString(), sessionId, device, network });
      const push = (event: ClientEvent) => {
        events.push(event);
        if (random() < (options.duplicateRate ?? 0.03)) {
          events.push({ ...event });
          truth.duplicates++;
        }
      };

      if (random() < 0.4) push({ ...base(), type: 'search', query: pick(info.queries), category } as ClientEvent);
      const views = isBot ? 25 : 1 + Math.floor(random() * 6);
      let lastItem = itemOf();
      for (let view = 0; view < views; view++) {
        lastItem = itemOf();
        push({ ...base(), type: 'product_view', item: lastItem, dwellMs: Math.floor(between(2_000, 60_000)) } as ClientEvent);
      }
      if (!isBot && random() < 0.3) {
        const videoId = `video-${category.replace(/\W+/g, '-')}-${Math.floor(random() * 10)}`;
        const reach = random();
        for (const progress of [0.25, 0.5, 0.75, 1]) if (progress <= reach + 0.25) push({ ...base(), type: 'video_progress', videoId, category, progress } as ClientEvent);
      }
      if (!isBot && random() < 0.15) push({ ...base(), type: pick(['like', 'share', 'comment'] as const), item: lastItem } as ClientEvent);
      if (!isBot && random() < 0.35) {
        const click = { ...base(), type: 'ad_click', adId: `ad-${category.replace(/\W+/g, '-')}`, channel: pick(['feed', 'search', 'push']), campaign: 'autumn-sale', category } as ClientEvent;
        push(click);
        if (random() < 0.2) {
          // A double click: a new event id, 300 ms later.
          events.push({ ...click, eventId: nextId(), timestamp: new Date(Date.parse(click.timestamp) + 300).toISOString() });
          truth.doubleClicks++;
        }
      }
      if (!isBot && random() < 0.25) {
        push({ ...base(), type: 'add_to_cart', item: lastItem, quantity: 1 } as ClientEvent);
        if (random() < 0.5) push({ ...base(), type: 'purchase', orderId: `order-${sequence}`, currency: 'CNY', items: [{ ...lastItem, price: lastItem.price, quantity: 1 }] } as ClientEvent);
      }
      clock += between(3_600_000, 36 * 3_600_000);
    }
  }
  // Sessions can run past `end`: shift the stream so its last event happens at `end`, never later.
  const overshoot = Math.max(0, ...events.map((event) => Date.parse(event.timestamp as string) - end));
  if (overshoot > 0) for (const event of events) event.timestamp = new Date(Date.parse(event.timestamp as string) - overshoot).toISOString();
  // Events arrive in time order, across users, as a collector would send them.
  events.sort((a, b) => Date.parse(a.timestamp as string) - Date.parse(b.timestamp as string));
  return { events, truth };
}
