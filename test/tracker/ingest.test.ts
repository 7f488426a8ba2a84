import { isBotUserAgent } from '../../shared/profiles/cleaning';
import { pseudonymousId } from '../../shared/privacy/pseudonymize';
import { anonymousSubject } from '../../shared/privacy/user-id';
import { ingestTrackerMessages, parseTrackerRequest } from '../../shared/tracker/ingest';
import { FakePublisher } from '../profiles/fakes';

const SECRET = 'test-secret-0123456789-abcdefghijklmnop';
const NOW = new Date('2026-05-01T10:00:00.000Z');
const AT = '2026-05-01T09:59:00.000Z';
const userPseudonym = (userId: string) => pseudonymousId(SECRET, userId);
const anonymousPseudonym = (anonymousId: string) => pseudonymousId(SECRET, anonymousSubject(anonymousId));


const ingest = async (batch: Record<string, unknown>[], publisher = new FakePublisher()) => {
  const parsed = parseTrackerRequest('batch', { batch });
  if (!parsed.ok) throw new Error(parsed.reason);
  const result = await ingestTrackerMessages(parsed.messages, { publisher, pseudonymize: (subject) => pseudonymousId(SECRET, subject), now: () => NOW });
  return { result, publisher };
};

const track = (event: string, properties: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  type: 'track',
  event,
  properties,
  anonymousId: 'anon-1',
  messageId: `m-${event.replace(/\s/g, '-')}`,
  timestamp: AT,
  ...extra,
});

describe('the e-commerce spec, mapped onto the suite events', () => {
  it.each([
    ['Products Searched', { query: 'trail shoes' }, { type: 'search', query: 'trail shoes' }],
    ['Product Viewed', { product_id: 'sku-1', category: 'shoes', brand: 'Stride', price: 129 }, { type: 'product_view', item: { itemId: 'sku-1', category: 'shoes', brand: 'Stride', price: 129 } }],
    ['Product Added', { product_id: 'sku-1', category: 'shoes', price: 129, quantity: 2 }, { type: 'add_to_cart', item: { itemId: 'sku-1', category: 'shoes', price: 129 }, quantity: 2 }],
    [
      'Order Completed',
      { order_id: 'o-1', currency: 'eur', products: [{ product_id: 'sku-1', category: 'shoes', price: 129, quantity: 2 }, { sku: 'sku-2', price: 10 }] },
      { type: 'purchase', orderId: 'o-1', currency: 'EUR', items: [{ itemId: 'sku-1', category: 'shoes', price: 129, quantity: 2 }, { itemId: 'sku-2', price: 10, quantity: 1 }] },
    ],
    ['Order Completed', { order_id: 'o-2', total: 42.5 }, { type: 'purchase', orderId: 'o-2', currency: 'USD', items: [{ itemId: 'o-2', price: 42.5, quantity: 1 }] }],
    ['Product Clicked', { product_id: 'sku-9', category: 'bags' }, { type: 'ad_click', adId: 'sku-9', channel: 'onsite', campaign: 'organic', category: 'bags' }],
    ['Promotion Viewed', { promotion_id: 'promo-1', name: 'summer sale' }, { type: 'ad_impression', adId: 'promo-1', channel: 'onsite', campaign: 'summer sale' }],
    ['Promotion Clicked', { promotion_id: 'promo-1', name: 'summer sale' }, { type: 'ad_click', adId: 'promo-1', channel: 'onsite', campaign: 'summer sale' }],
    ['Video Content Playing', { asset_id: 'v-1', position: 30, total_length: 120, genre: 'running' }, { type: 'video_progress', videoId: 'v-1', progress: 0.25, category: 'running' }],
    ['Video Playback Completed', { content_asset_id: 'v-2', position: 100, total_length: 120 }, { type: 'video_progress', videoId: 'v-2', progress: 1 }],
    ['Video Playback Started', { content_asset_ids: ['v-3'] }, { type: 'video_progress', videoId: 'v-3', progress: 0 }],
  ])('track "%s" becomes the suite event', async (name, properties, expected) => {
    const { result, publisher } = await ingest([track(name, properties)]);
    expect(result).toMatchObject({ accepted: 1, rejected: [] });
    const [record] = publisher.events();
    expect(record!.event).toEqual({ ...expected, eventId: `m-${name.replace(/\s/g, '-')}`, timestamp: AT });
  });

  it('maps page and screen calls to page views with their category', async () => {
    const { publisher } = await ingest([
      { type: 'page', name: 'Shoes', category: 'shoes', properties: { path: '/shoes', url: 'https://shop.example/shoes' }, anonymousId: 'anon-1', messageId: 'p-1', timestamp: AT },
      { type: 'screen', name: 'Cart', properties: { category: 'cart' }, anonymousId: 'anon-1', messageId: 's-1', timestamp: AT },
    ]);
    expect(publisher.events().map((record) => record.event)).toEqual([
      { type: 'page_view', category: 'shoes', eventId: 'p-1', timestamp: AT },
      { type: 'page_view', category: 'cart', eventId: 's-1', timestamp: AT },
    ]);
  });

  it('takes channel and campaign from the UTM context, and the connection type', async () => {
    const { publisher } = await ingest([track('Product Viewed', { product_id: 'sku-1' }, { context: { campaign: { source: 'newsletter', name: 'spring' }, network: { wifi: true } } })]);
    expect(publisher.events()[0]!.event).toMatchObject({ channel: 'newsletter', campaign: 'spring', network: 'wifi' });
  });

  it('accepts and counts calls outside the mapping without profiling them or failing the batch', async () => {
    const { result, publisher } = await ingest([
      track('Checkout Started', { order_id: 'o-1' }),
      track('Checkout Started', { order_id: 'o-2' }, { messageId: 'm-2' }),
      { type: 'group', groupId: 'g-1', traits: { name: 'Acme' }, userId: 'u-1', messageId: 'g-1' },
      { type: 'identify', userId: 'u-1', traits: { email: 'alice@example.com' }, messageId: 'i-1' },
      { type: 'future-call', anonymousId: 'anon-1' },
      track('Product Viewed', { product_id: 'sku-1' }),
    ]);
    expect(result).toEqual({
      accepted: 1,
      linked: 0,
      unmapped: { 'track "Checkout Started"': 2, group: 1, 'identify without both ids': 1, 'type "future-call"': 1 },
      rejected: [],
      failed: [],
    });
    expect(publisher.published).toHaveLength(1);
  });
});

describe('identity at the edge', () => {
  it('publishes an anonymous visitor under the pseudonym of its anonymous subject, and a user under the user pseudonym', async () => {
    const { publisher } = await ingest([
      track('Product Viewed', { product_id: 'sku-1' }, { anonymousId: ' anon-1 ', messageId: 'a' }),
      track('Product Viewed', { product_id: 'sku-1' }, { userId: 'alice', anonymousId: 'anon-1', messageId: 'b' }),
    ]);
    const [anonymous, user] = publisher.events();
    // Canonical form first: " anon-1 " is "anon-1".
    expect(anonymous!.uid).toBe(anonymousPseudonym('anon-1'));
    expect(user!.uid).toBe(userPseudonym('alice'));
    expect(anonymous!.uid).not.toBe(userPseudonym('anon-1'));
    expect(publisher.published.map((record) => record.partitionKey)).toEqual([anonymous!.uid, user!.uid]);
  });

  it('turns identify and alias with both ids into an identify record on the user partition, keyed by the message id', async () => {
    const { result, publisher } = await ingest([
      { type: 'identify', userId: 'alice', anonymousId: 'anon-1', traits: { email: 'alice@example.com', phone: '+86 138 0000 0000' }, messageId: 'login-1', timestamp: '2026-05-01T17:59:00+08:00' },
      { type: 'alias', userId: 'alice', previousId: 'anon-2', messageId: 'alias-1', timestamp: AT },
    ]);
    expect(result).toMatchObject({ accepted: 0, linked: 2 });
    expect(publisher.links()).toEqual([
      { v: 1, kind: 'identify', uid: userPseudonym('alice'), receivedAt: NOW.toISOString(), link: { anonymousUid: anonymousPseudonym('anon-1'), linkId: 'login-1', linkedAt: '2026-05-01T09:59:00.000Z' } },
      { v: 1, kind: 'identify', uid: userPseudonym('alice'), receivedAt: NOW.toISOString(), link: { anonymousUid: anonymousPseudonym('anon-2'), linkId: 'alias-1', linkedAt: AT } },
    ]);
    expect(publisher.published.map((record) => record.partitionKey)).toEqual([userPseudonym('alice'), userPseudonym('alice')]);
  });

  it('dates a link inside the window events are accepted in, so a far-dated identify cannot outlive an erasure', async () => {
    // An identify dated 2099 was linked: an erasure judges a link resent later by that date.
    const { result, publisher } = await ingest([
      { type: 'identify', userId: 'alice', anonymousId: 'anon-1', messageId: 'future', timestamp: '2099-01-01T00:00:00Z' },
      { type: 'alias', userId: 'alice', previousId: 'anon-2', messageId: 'old', originalTimestamp: '2025-01-01T00:00:00Z' },
      { type: 'identify', userId: 'alice', anonymousId: 'anon-3', messageId: 'now', timestamp: AT },
    ]);
    expect(result.linked).toBe(1);
    expect(publisher.links().map((record) => record.link.linkId)).toEqual(['now']);
    expect(result.rejected).toEqual([
      { index: 0, messageId: 'future', errors: [expect.stringMatching(/^timestamp: more than 5 minutes in the future/)] },
      { index: 1, messageId: 'old', errors: [expect.stringMatching(/^timestamp: events older than 30 days/)] },
    ]);
  });

  it('rejects a message with neither id, or an id no user can have, and keeps the rest of the batch', async () => {
    const { result } = await ingest([
      track('Product Viewed', { product_id: 'sku-1' }, { anonymousId: undefined, messageId: 'none' }),
      track('Product Viewed', { product_id: 'sku-1' }, { userId: 'a/b', messageId: 'slash' }),
      { type: 'alias', userId: 'alice', messageId: 'alias-without-previous' },
      track('Product Viewed', { product_id: 'sku-1' }),
    ]);
    expect(result.accepted).toBe(1);
    expect(result.rejected).toEqual([
      { index: 0, messageId: 'none', errors: ['userId or anonymousId is required'] },
      { index: 1, messageId: 'slash', errors: [expect.stringMatching(/^userId: .*"\/"/)] },
      { index: 2, messageId: 'alias-without-previous', errors: ['previousId: an alias needs the previous id'] },
    ]);
  });
});

describe('what never passes the edge', () => {
  it('drops traits, context.ip, e-mail and phone in properties, and a human user agent', async () => {
    const human = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148';
    const { publisher } = await ingest([
      track('Product Viewed', { product_id: 'sku-1', email: 'alice@example.com', phone: '+8613800000000' }, { context: { ip: '203.0.113.9', userAgent: human, traits: { email: 'alice@example.com' } }, traits: { phone: '+8613800000000' } }),
      track('Products Searched', { query: 'mail me at alice@example.com or +86 138 0000 0000' }, { messageId: 'q' }),
    ]);
    const wire = publisher.published.map((record) => Buffer.from(record.data).toString('utf8')).join('\n');
    for (const secret of ['alice@example.com', '203.0.113.9', '13800000000', '138 0000 0000', 'Mozilla', 'anon-1']) expect(wire).not.toContain(secret);
    expect(publisher.events()[0]!.event.device).toEqual({ type: 'mobile' });
  });

  it("carries a bot's user agent to the cleaner, whose bot rule then drops the event", async () => {
    const googlebot = 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)';
    const { publisher } = await ingest([track('Product Viewed', { product_id: 'sku-1' }, { context: { userAgent: googlebot } })]);
    const { device } = publisher.events()[0]!.event;
    expect(device).toEqual({ type: 'other', userAgent: googlebot });
    expect(isBotUserAgent(device?.userAgent)).toBe(true);
  });
});

describe('retries and failures', () => {
  it('uses the messageId as the event id, so a resent batch carries the same ids', async () => {
    const batch = [track('Product Added', { product_id: 'sku-1', price: 5 }), track('Product Viewed', { product_id: 'sku-1' }, { messageId: undefined })];
    const first = (await ingest(batch)).publisher.events().map((record) => record.event.eventId);
    const second = (await ingest(batch)).publisher.events().map((record) => record.event.eventId);
    expect(first[0]).toBe('m-Product-Added');
    // Without a messageId the id is derived from the content: still the same on a resend.
    expect(first[1]).toMatch(/^derived-/);
    expect(second).toEqual(first);
  });

  it('rejects events whose values the suite refuses, naming the field, and events outside the accepted time window', async () => {
    const { result } = await ingest([
      track('Product Viewed', { product_id: 'sku-1', price: 1e308 }),
      track('Order Completed', { order_id: 'o-1' }, { messageId: 'empty-order' }),
      track('Product Viewed', { product_id: 'sku-1' }, { messageId: 'old', timestamp: '2025-01-01T00:00:00Z' }),
    ]);
    expect(result.rejected).toEqual([
      { index: 0, messageId: 'm-Product-Viewed', errors: [expect.stringMatching(/^properties\.price: /)] },
      { index: 1, messageId: 'empty-order', errors: [expect.stringMatching(/^properties\.products: /)] },
      { index: 2, messageId: 'old', errors: [expect.stringMatching(/older than 30 days/)] },
    ]);
  });

  it('names the field the caller sent, not the suite event field it maps to', async () => {
    const { result } = await ingest([
      track('Order Completed', { order_id: 'o-1', revenue: -5 }, { messageId: 'revenue' }),
      track('Order Completed', { order_id: 'o-1', total: 'ten' }, { messageId: 'total' }),
      track('Order Completed', { order_id: 'o-1', products: [{ product_id: 'a', price: 1 }, { sku: '__proto__', price: 1, quantity: 0 }] }, { messageId: 'line' }),
      track('Product Added', { sku: 'sku-1', quantity: 1.5 }, { messageId: 'quantity' }),
      track('Product Viewed', { product_id: 'x'.repeat(200) }, { messageId: 'product-id' }),
      track('Promotion Viewed', { promotion_id: 'p-1' }, { messageId: 'utm', context: { campaign: { source: 's'.repeat(100) } } }),
      { type: 'page', anonymousId: 'anon-1', messageId: 'page', timestamp: AT, properties: { category: 'c'.repeat(100) } },
    ]);
    expect(Object.fromEntries(result.rejected.map((entry) => [entry.messageId, entry.errors.map((error) => error.split(':')[0])]))).toEqual({
      revenue: ['properties.revenue'],
      total: ['properties.total'],
      line: ['properties.products.1.sku', 'properties.products.1.quantity'],
      quantity: ['properties.quantity'],
      'product-id': ['properties.product_id'],
      utm: ['context.campaign.source'],
      page: ['properties.category'],
    });
  });

  it("corrects a device clock that runs ahead or behind by the batch's sentAt, as Segment does, instead of refusing its events", async () => {
    // A phone 2 h ahead: it dates the event 09:59 + 2 h and sends at 10:00 + 2 h by its clock; we receive at 10:00.
    const ahead = (hours: number) => new Date(Date.parse(AT) + hours * 3_600_000).toISOString();
    const sent = (hours: number) => new Date(NOW.getTime() + hours * 3_600_000).toISOString();
    const publisher = new FakePublisher();
    const parsed = parseTrackerRequest('batch', { batch: [track('Product Viewed', { product_id: 'sku-1' }, { messageId: 'fast', timestamp: ahead(2) })], sentAt: sent(2) });
    if (!parsed.ok) throw new Error(parsed.reason);
    const batch = await ingestTrackerMessages(parsed.messages, { publisher, pseudonymize: (subject) => pseudonymousId(SECRET, subject), now: () => NOW });
    expect(batch).toMatchObject({ accepted: 1, rejected: [] });
    // A message's own sentAt (a single call) serves too; a clock 40 days behind would otherwise be too old.
    const { type: _type, ...call } = track('Product Viewed', { product_id: 'sku-1' }, { messageId: 'slow', timestamp: ahead(-960) });
    const single = parseTrackerRequest('track', { ...call, sentAt: sent(-960) });
    if (!single.ok) throw new Error(single.reason);
    expect(await ingestTrackerMessages(single.messages, { publisher, pseudonymize: (subject) => pseudonymousId(SECRET, subject), now: () => NOW })).toMatchObject({ accepted: 1, rejected: [] });
    expect(publisher.events().map((record) => [record.event.eventId, record.event.timestamp])).toEqual([
      ['fast', AT],
      ['slow', AT],
    ]);
    // A clock within the tolerance is left as it is: the event keeps the time it was sent with.
    const { publisher: close } = await ingest([{ ...track('Product Viewed', { product_id: 'sku-1' }, { messageId: 'close', timestamp: AT }), sentAt: sent(0.02) }]);
    expect(close.events()[0]!.event.timestamp).toBe(AT);
  });

  it('names originalTimestamp when that is the date it refuses', async () => {
    const { result } = await ingest([track('Product Viewed', { product_id: 'sku-1' }, { messageId: 'late', timestamp: undefined, originalTimestamp: '2025-01-01T00:00:00Z' })]);
    expect(result.rejected).toEqual([{ index: 0, messageId: 'late', errors: [expect.stringMatching(/^originalTimestamp: events older than 30 days/)] }]);
  });

  it('reports what the stream refused, so the edge can ask for the batch again', async () => {
    const publisher = new FakePublisher((index) => (index === 1 ? 'ProvisionedThroughputExceededException' : undefined));
    const { result } = await ingest([track('Product Viewed', { product_id: 'sku-1' }), { type: 'identify', userId: 'alice', anonymousId: 'anon-1', messageId: 'login' }], publisher);
    expect(result).toMatchObject({ accepted: 1, linked: 0, failed: [{ index: 1, errorCode: 'ProvisionedThroughputExceededException' }] });
  });
});

describe('the request itself', () => {
  it.each([
    ['a list instead of an object', []],
    ['no batch', { events: [] }],
    ['a batch that is not a list', { batch: {} }],
    ['an empty batch (no usable message, as README says)', { batch: [] }],
    ['a message without a type', { batch: [{ event: 'x' }] }],
    ['a message that is not an object', { batch: ['x'] }],
    ['an inherited type', { batch: [JSON.parse('{"__proto__": {"type": "track"}}')] }],
  ])('refuses %s with 400', (_label, body) => {
    expect(parseTrackerRequest('batch', body)).toMatchObject({ ok: false, status: 400 });
  });

  it('refuses a message past 32 KB with 413, and a single call of the wrong type with 400', () => {
    expect(parseTrackerRequest('batch', { batch: [track('Product Viewed', { blob: 'x'.repeat(33 * 1024) })] })).toMatchObject({ ok: false, status: 413 });
    expect(parseTrackerRequest('track', { type: 'page', anonymousId: 'a' })).toMatchObject({ ok: false, status: 400 });
  });

  it('takes a single call type from its route', () => {
    expect(parseTrackerRequest('page', { anonymousId: 'a', name: 'Home' })).toEqual({ ok: true, messages: [{ type: 'page', message: { anonymousId: 'a', name: 'Home', type: 'page' } }] });
  });
});
