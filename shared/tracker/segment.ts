import { createHash } from 'node:crypto';
import { canonicalUserId, type CanonicalUserId } from '../privacy/user-id';
import { isBotUserAgent } from '../profiles/cleaning';

/**
 * The Segment tracking API (spoken by Segment's, RudderStack's and Jitsu's SDKs) mapped onto the
 * suite's own events (shared/profiles/events.ts). The mapping is a whitelist: it reads the few fields
 * the table below names and builds a fresh event from them, so nothing else a tracker sends — traits,
 * `context.ip`, e-mail or phone in properties, the user agent of a human — ever passes the edge.
 *
 * | tracker call                                   | suite event                                   |
 * | ---------------------------------------------- | --------------------------------------------- |
 * | track "Products Searched"                      | search (query)                                |
 * | track "Product Viewed"                         | product_view (the product)                    |
 * | track "Product Added"                          | add_to_cart (the product, quantity)           |
 * | track "Order Completed"                        | purchase (order_id, currency, products)       |
 * | track "Product Clicked" / "Promotion Clicked"  | ad_click                                      |
 * | track "Promotion Viewed"                       | ad_impression                                 |
 * | track "Video Playback …" / "Video Content …"   | video_progress (position / total_length)      |
 * | page, screen                                   | page_view (category)                          |
 * | identify / alias with both ids                 | an identity link (stream record `identify`)   |
 * | anything else                                  | accepted and counted as unmapped              |
 */

export const MESSAGE_TYPES = ['track', 'page', 'screen', 'identify', 'alias', 'group'] as const;
export type MessageType = (typeof MESSAGE_TYPES)[number];

/** Segment's limits, which its SDKs enforce on their side too. */
export const MAX_MESSAGE_BYTES = 32 * 1024;
export const MAX_BATCH_BYTES = 500 * 1024;

/** Who an event is about: a signed-in user, or an anonymous visitor until an identify links them. */
export type Subject = { kind: 'user'; id: string } | { kind: 'anonymous'; id: string };

export type MappedMessage =
  /** A candidate suite event, still to be validated against EventBodySchema; `sources` says where its fields came from. */
  | { kind: 'event'; subject: Subject; event: Record<string, unknown>; sources: Sources }
  | { kind: 'link'; userId: string; anonymousId: string; linkId: string; timestamp: string }
  | { kind: 'unmapped'; what: string }
  | { kind: 'rejected'; errors: string[] };

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
/** An own property only: `__proto__` or `constructor` in a payload is data, never the prototype. */
const field = (object: unknown, name: string): unknown => (isObject(object) && Object.hasOwn(object, name) ? object[name] : undefined);
const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : typeof value === 'number' && Number.isSafeInteger(value) ? String(value) : undefined);
const raw = (value: unknown): unknown => value;

/**
 * For each field of the suite event, the message field it was read from (`item.price` ←
 * `properties.price`, `items.0.price` ← `properties.revenue`…), so that a refusal names what the
 * caller sent: a Segment user knows no `items`.
 */
export class Sources {
  private readonly paths = new Map<string, string>();

  /**
   * The first candidate (`[object, 'its.path.field']`) that `read` accepts, recorded as the source of
   * `target`; when none is, the first candidate is named (the field the spec prefers).
   */
  pick<T>(target: string, read: (value: unknown) => T | undefined, ...candidates: [object: unknown, path: string][]): T | undefined {
    for (const [object, path] of candidates) {
      const value = read(field(object, path.slice(path.lastIndexOf('.') + 1)));
      if (value !== undefined) {
        this.paths.set(target, path);
        return value;
      }
    }
    if (candidates[0]) this.paths.set(target, candidates[0][1]);
    return undefined;
  }

  /** Records a source for a field built from several (a video's progress, a device class). */
  set(target: string, path: string): void {
    this.paths.set(target, path);
  }

  /** The message path for an event path: its own source, or its nearest sourced parent's with the rest appended. */
  of(eventPath: readonly PropertyKey[]): string {
    const parts = eventPath.map(String);
    for (let length = parts.length; length > 0; length--) {
      const source = this.paths.get(parts.slice(0, length).join('.'));
      if (source !== undefined) return [source, ...parts.slice(length)].join('.');
    }
    return parts.join('.');
  }
}

const SEARCH = 'Products Searched';
const VIEW = 'Product Viewed';
const ADD = 'Product Added';
const ORDER = 'Order Completed';
const AD_CLICKS = new Set(['Product Clicked', 'Promotion Clicked']);
const AD_IMPRESSIONS = new Set(['Promotion Viewed']);
/** Segment's video spec: playback events describe the session, content events the asset playing. */
const VIDEO = /^Video (Playback|Content) (Started|Playing|Paused|Interrupted|Resumed|Completed|Seek Completed|Buffer Completed)$/;

/**
 * Maps one message of a batch (its `type` already known to be a string). `receivedAt` is the arrival
 * time, used when the message has no timestamp; `clockSkewMs` (the sending device's clock minus ours)
 * is taken off the message's own timestamp.
 */
export function mapMessage(message: Json, type: string, receivedAt: string, clockSkewMs = 0): MappedMessage {
  if (!(MESSAGE_TYPES as readonly string[]).includes(type)) return { kind: 'unmapped', what: `type ${JSON.stringify(type.slice(0, 32))}` };
  const ids = identities(message);
  if (!ids.ok) return { kind: 'rejected', errors: ids.errors };
  const { userId, anonymousId } = ids;
  const sources = new Sources();
  const eventId = sources.pick('eventId', text, [message, 'messageId']) ?? derivedMessageId(message);
  const timestamp = deskewed(sources.pick('timestamp', text, [message, 'timestamp'], [message, 'originalTimestamp']), clockSkewMs) ?? receivedAt;

  if (type === 'identify' || type === 'alias') {
    // alias: `previousId` is the id the visitor had before (the anonymous id, for a sign-up or login).
    const aliased = type === 'alias' ? previousId(message) : undefined;
    if (aliased !== undefined && !aliased.ok) return { kind: 'rejected', errors: [`previousId: ${aliased.reason}`] };
    const previous = type === 'alias' ? aliased?.userId : anonymousId;
    if (type === 'alias' && previous === undefined) return { kind: 'rejected', errors: ['previousId: an alias needs the previous id'] };
    if (userId === undefined || previous === undefined) return { kind: 'unmapped', what: `${type} without both ids` };
    return { kind: 'link', userId, anonymousId: previous, linkId: eventId, timestamp };
  }
  if (type === 'group') return { kind: 'unmapped', what: 'group' };

  const subject: Subject = userId !== undefined ? { kind: 'user', id: userId } : { kind: 'anonymous', id: anonymousId! };
  // The call's own fields win over the context's (an ad's channel over the page's UTM source), and so do their sources.
  const context = contextFields(field(message, 'context'), sources);
  const body = mapEventBody(message, type, sources);
  if (body === undefined) return { kind: 'unmapped', what: `track ${JSON.stringify(String(field(message, 'event')).slice(0, 64))}` };
  return { kind: 'event', subject, event: { ...context, ...body, eventId, timestamp }, sources };
}

/** The device's timestamp on our clock; a value that is not a date is left for validation to name. */
function deskewed(timestamp: string | undefined, clockSkewMs: number): string | undefined {
  if (timestamp === undefined || clockSkewMs === 0) return timestamp;
  const at = Date.parse(timestamp);
  const corrected = at - clockSkewMs;
  return Number.isNaN(at) || Math.abs(corrected) > 8.64e15 ? timestamp : new Date(corrected).toISOString();
}

type Identities = { ok: true; userId?: string; anonymousId?: string } | { ok: false; errors: string[] };

/** The message's ids in their canonical form (shared/privacy/user-id.ts); at least one is required. */
function identities(message: Json): Identities {
  const errors: string[] = [];
  const canonical = (name: 'userId' | 'anonymousId') => {
    const raw = field(message, name);
    if (raw === undefined || raw === null || raw === '') return undefined;
    const value = text(raw);
    const result = value === undefined ? { ok: false as const, reason: `${name} must be a string` } : canonicalUserId(value);
    if (result.ok) return result.userId;
    errors.push(`${name}: ${result.reason.replace(/^userId/, name)}`);
    return undefined;
  };
  const userId = canonical('userId');
  const anonymousId = canonical('anonymousId');
  if (errors.length > 0) return { ok: false, errors };
  if (userId === undefined && anonymousId === undefined) return { ok: false, errors: ['userId or anonymousId is required'] };
  return { ok: true, userId, anonymousId };
}

/** An alias's previous id in its canonical form, the reason it has none, or undefined when it is not there. */
function previousId(message: Json): CanonicalUserId | undefined {
  const raw = text(field(message, 'previousId'));
  if (raw === undefined || raw === '') return undefined;
  const canonical = canonicalUserId(raw);
  return canonical.ok ? canonical : { ok: false, reason: canonical.reason.replace(/^userId/, 'previousId') };
}

/**
 * A message without a `messageId` (the HTTP API allows it) gets one derived from its content, so a
 * resend of the same message is still recognised as a duplicate.
 */
function derivedMessageId(message: Json): string {
  return `derived-${createHash('sha256').update(JSON.stringify(message)).digest('base64url').slice(0, 32)}`;
}

function mapEventBody(message: Json, type: string, sources: Sources): Json | undefined {
  const properties = field(message, 'properties');
  const category = (target = 'category') => sources.pick(target, text, [properties, 'properties.category'], [message, 'category']);
  if (type === 'page' || type === 'screen') return { type: 'page_view', category: category() };
  const name = field(message, 'event');
  if (typeof name !== 'string') return undefined;
  sources.set('type', 'event');
  if (name === SEARCH) return { type: 'search', query: sources.pick('query', raw, [properties, 'properties.query']), category: category() };
  if (name === VIEW) return { type: 'product_view', item: product(properties, 'properties', 'item', sources) };
  if (name === ADD) return { type: 'add_to_cart', item: product(properties, 'properties', 'item', sources), quantity: sources.pick('quantity', raw, [properties, 'properties.quantity']) ?? 1 };
  if (name === ORDER) return order(properties, sources);
  if (AD_CLICKS.has(name) || AD_IMPRESSIONS.has(name)) return promotion(message, properties, AD_CLICKS.has(name) ? 'ad_click' : 'ad_impression', category(), sources);
  const video = VIDEO.exec(name);
  if (video) return videoProgress(properties, video[2]!, category(), sources);
  return undefined;
}

/** A product as the e-commerce spec describes it: `product_id` (or `sku`), category, brand, price. */
function product(properties: unknown, at: string, target: string, sources: Sources): Json {
  return {
    itemId: sources.pick(`${target}.itemId`, text, [properties, `${at}.product_id`], [properties, `${at}.sku`]),
    category: sources.pick(`${target}.category`, text, [properties, `${at}.category`]),
    brand: sources.pick(`${target}.brand`, text, [properties, `${at}.brand`]),
    price: sources.pick(`${target}.price`, raw, [properties, `${at}.price`]),
  };
}

/** An order's products are its lines; an order without them is one line of its total. */
function order(properties: unknown, sources: Sources): Json {
  const orderId = sources.pick('orderId', text, [properties, 'properties.order_id'], [properties, 'properties.checkout_id']);
  const products = field(properties, 'products');
  sources.set('items', 'properties.products');
  let items: Json[] = [];
  if (Array.isArray(products)) {
    items = products.map((line, i) => ({
      ...product(line, `properties.products.${i}`, `items.${i}`, sources),
      quantity: sources.pick(`items.${i}.quantity`, raw, [line, `properties.products.${i}.quantity`]) ?? 1,
    }));
  } else {
    const total = sources.pick('items.0.price', raw, [properties, 'properties.total'], [properties, 'properties.revenue']);
    if (total !== undefined && orderId !== undefined) {
      sources.set('items.0.itemId', sources.of(['orderId']));
      items = [{ itemId: orderId, price: total, quantity: 1 }];
    }
  }
  // Segment's spec reports revenue in USD unless the order says otherwise.
  return { type: 'purchase', orderId, currency: sources.pick('currency', text, [properties, 'properties.currency'])?.toUpperCase() ?? 'USD', items };
}

/** Promotions and product clicks are on-site ads: the channel and campaign come from the UTM context. */
function promotion(message: Json, properties: unknown, type: 'ad_click' | 'ad_impression', category: string | undefined, sources: Sources): Json {
  const utm = field(field(message, 'context'), 'campaign');
  const id = (name: string): [unknown, string] => [properties, `properties.${name}`];
  return {
    type,
    adId: sources.pick('adId', text, id('promotion_id'), id('product_id'), id('creative'), id('sku')),
    channel: sources.pick('channel', text, [utm, 'context.campaign.source']) ?? 'onsite',
    campaign: sources.pick('campaign', text, [utm, 'context.campaign.name'], id('name')) ?? 'organic',
    category,
  };
}

function videoProgress(properties: unknown, action: string, category: string | undefined, sources: Sources): Json {
  // `content_asset_ids` names the video only when it holds one id.
  const oneId = (value: unknown) => (Array.isArray(value) ? (value.length === 1 ? text(value[0]) : undefined) : text(value));
  const videoId = sources.pick('videoId', oneId, [properties, 'properties.content_asset_id'], [properties, 'properties.asset_id'], [properties, 'properties.content_asset_ids']);
  const position = field(properties, 'position');
  const length = field(properties, 'total_length');
  sources.set('progress', 'properties.position');
  let progress: unknown;
  if (action === 'Completed') progress = 1;
  else if (action === 'Started' && position === undefined) progress = 0;
  else if (typeof position === 'number' && typeof length === 'number' && length > 0 && Number.isFinite(position)) progress = Math.min(1, Math.max(0, position / length));
  return { type: 'video_progress', videoId, progress, category: category ?? sources.pick('category', text, [properties, 'properties.genre']) };
}

/**
 * The context the suite keeps: UTM source and name as channel and campaign, the connection type and a
 * coarse device class. The user agent decides bot-or-not here, with the stream cleaner's own rule: a
 * human's is dropped at the edge, a bot's travels so that the feature updater drops the event and counts
 * it under `bot-user-agent` in the profile's lineage.
 */
function contextFields(context: unknown, sources: Sources): Json {
  const utm = field(context, 'campaign');
  const network = field(context, 'network');
  const userAgent = sources.pick('device.userAgent', text, [context, 'context.userAgent']);
  sources.set('device', 'context.userAgent');
  const fields: Json = {
    channel: sources.pick('channel', text, [utm, 'context.campaign.source']),
    campaign: sources.pick('campaign', text, [utm, 'context.campaign.name']),
    network: field(network, 'wifi') === true ? 'wifi' : field(network, 'cellular') === true ? 'cellular' : undefined,
  };
  if (userAgent !== undefined) {
    const bot = isBotUserAgent(userAgent);
    fields.device = { type: bot ? 'other' : deviceClass(userAgent), ...(bot ? { userAgent: userAgent.slice(0, 512) } : {}) };
  }
  return fields;
}

function deviceClass(userAgent: string): 'mobile' | 'tablet' | 'tv' | 'desktop' {
  if (/iPad|Tablet/i.test(userAgent)) return 'tablet';
  if (/SmartTV|SMART-TV|AppleTV|CrKey|HbbTV/i.test(userAgent)) return 'tv';
  if (/Mobi|iPhone|Android/i.test(userAgent)) return 'mobile';
  return 'desktop';
}
