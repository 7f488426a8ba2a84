import { createHmac } from 'node:crypto';
import { ingestEvents, type EventPublisher } from '../../shared/profiles/ingest';
import { FakePublisher } from './fakes';
import { pseudonymousId, redactFreeText } from '../../shared/privacy/pseudonymize';

const SECRET = 'test-secret-0123456789-abcdefghijklmnop';
const RAW_USER_ID = 'alice.wang@example.com';
const NOW = new Date('2024-05-01T10:00:00.000Z');


const deps = (publisher: EventPublisher) => ({ publisher, pseudonymize: (userId: string) => pseudonymousId(SECRET, userId), now: () => NOW });

const view = (eventId: string, extra: Record<string, unknown> = {}) => ({
  userId: RAW_USER_ID,
  eventId,
  type: 'product_view',
  timestamp: '2024-05-01T17:59:00+08:00',
  item: { itemId: 'p1', category: 'shoes', price: 399 },
  ...extra,
});

describe('ingestEvents', () => {
  it('rejects invalid events by index with reasons and publishes the valid ones', async () => {
    // Prepare
    const publisher = new FakePublisher();
    const events = [
      view('e1'),
      { ...view('e2'), type: 'teleport' },
      { ...view('e3'), item: { category: 'shoes' } },
      view('e4'),
      'not an event',
      { ...view('e6'), userId: '' },
      { ...view('e7'), timestamp: 'yesterday' },
    ];
    // Act
    const result = await ingestEvents(events, deps(publisher));
    // Assess
    expect(result.accepted).toBe(2);
    expect(result.failed).toEqual([]);
    expect(result.rejected.map((entry) => [entry.index, entry.eventId])).toEqual([
      [1, 'e2'],
      [2, 'e3'],
      [4, undefined],
      [5, 'e6'],
      [6, 'e7'],
    ]);
    expect(result.rejected[0]!.errors.join()).toMatch(/type/);
    expect(result.rejected[1]!.errors.join()).toMatch(/item\.itemId/);
    expect(result.rejected[3]!.errors.join()).toMatch(/userId/);
    expect(result.rejected[4]!.errors.join()).toMatch(/timestamp/);
    expect(publisher.events().map((record) => record.event.eventId)).toEqual(['e1', 'e4']);
  });

  it('replaces the user id by its HMAC pseudonym: the raw id appears in no published byte', async () => {
    // Prepare
    const publisher = new FakePublisher();
    const expected = createHmac('sha256', SECRET).update(RAW_USER_ID).digest('base64url');
    // Act
    await ingestEvents([view('e1'), view('e2', { type: 'search', query: 'red shoes', item: undefined })], deps(publisher));
    // Assess
    expect(publisher.published).toHaveLength(2);
    for (const record of publisher.published) {
      expect(record.partitionKey).toBe(expected);
      const bytes = Buffer.from(record.data);
      expect(bytes.includes(RAW_USER_ID)).toBe(false);
      expect(bytes.includes('alice')).toBe(false);
    }
    expect(publisher.events().map((record) => record.uid)).toEqual([expected, expected]);
  });

  it('stamps every record with the stream version and receipt time, keeping the client offset', async () => {
    const publisher = new FakePublisher();
    await ingestEvents([view('e1')], deps(publisher));
    expect(publisher.events()[0]).toMatchObject({ v: 1, receivedAt: NOW.toISOString(), event: { timestamp: '2024-05-01T17:59:00+08:00' } });
  });

  it('strips fields outside the contract, such as ip, email and phone, at any depth', async () => {
    // Prepare
    const publisher = new FakePublisher();
    const leaky = view('e1', {
      ip: '203.0.113.7',
      email: 'alice@example.com',
      phone: '+86 138 0013 8000',
      item: { itemId: 'p1', category: 'shoes', ownerEmail: 'bob@example.com' },
      device: { type: 'mobile', userAgent: 'Mozilla/5.0', imei: '356938035643809', ip: '203.0.113.7' },
    });
    // Act
    await ingestEvents([leaky], deps(publisher));
    // Assess
    const text = Buffer.from(publisher.published[0]!.data).toString('utf8');
    for (const secret of ['203.0.113.7', 'example.com', '138 0013', '356938035643809', '"ip"', '"email"', '"phone"', 'imei', 'ownerEmail']) expect(text).not.toContain(secret);
    expect(publisher.events()[0]!.event).toEqual({
      eventId: 'e1',
      type: 'product_view',
      timestamp: '2024-05-01T17:59:00+08:00',
      item: { itemId: 'p1', category: 'shoes' },
      device: { type: 'mobile', userAgent: 'Mozilla/5.0' },
    });
  });

  it.each([
    ['an e-mail', 'send to alice.wang@example.com please', 'send to [email] please', 'alice.wang'],
    ['a mobile number', 'call 138-0013-8000', 'call [phone]', '0013'],
    ['an international number', 'courier +86 (10) 6552 9988', 'courier [phone]', '6552'],
    ['an IPv4 address', 'router 192.168.1.20 login', 'router [ip] login', '192.168'],
    ['a full IPv6 address', 'vpn 2001:0db8:85a3:0000:0000:8a2e:0370:7334', 'vpn [ip]', '85a3'],
    // Regression test for a fixed bug (shared/privacy/pseudonymize.ts:16): the IPv6 pattern needs at least three groups before "::",
    // so the common compressed forms ("2001:db8::1", "fe80::…") pass through unredacted.
    ['a compressed IPv6 address', 'vpn 2001:db8::1 down', 'vpn [ip] down', 'db8'],
  ])('redacts %s typed into a search query', async (_name, query, redacted, fragment) => {
    // Prepare
    const publisher = new FakePublisher();
    // Act
    await ingestEvents([{ userId: RAW_USER_ID, eventId: 's1', type: 'search', timestamp: 1714557600000, query }], deps(publisher));
    // Assess
    const text = Buffer.from(publisher.published[0]!.data).toString('utf8');
    expect(publisher.events()[0]!.event).toMatchObject({ type: 'search', query: redacted });
    expect(text).not.toContain(fragment);
  });

  it.each([
    ['a product search', 'nike air max 90'],
    ['a Chinese query', '连衣裙 夏季 新款'],
    ['a model number', 'iphone 15 pro 256gb'],
  ])('leaves %s as typed', (_name, query) => {
    expect(redactFreeText(query)).toBe(query);
  });

  it('reports records the stream refused in failed, with the error code, and counts only the rest as accepted', async () => {
    // Prepare: the second valid event (request index 2) is throttled.
    const publisher = new FakePublisher((index) => (index === 1 ? 'ProvisionedThroughputExceededException' : undefined));
    // Act
    const result = await ingestEvents([view('e0'), { bad: true }, view('e2'), view('e3')], deps(publisher));
    // Assess
    expect(result).toEqual({
      accepted: 2,
      rejected: [expect.objectContaining({ index: 1 })],
      failed: [{ index: 2, eventId: 'e2', errorCode: 'ProvisionedThroughputExceededException' }],
    });
  });

  it('does not call the stream when no event is valid', async () => {
    const publisher = new FakePublisher();
    const result = await ingestEvents([{}, { userId: 'x' }], deps(publisher));
    expect(result.accepted).toBe(0);
    expect(result.rejected).toHaveLength(2);
    expect(publisher.published).toHaveLength(0);
  });

  it('the same user always maps to the same pseudonym and different users to different ones', () => {
    expect(pseudonymousId(SECRET, 'u1')).toBe(pseudonymousId(SECRET, 'u1'));
    expect(pseudonymousId(SECRET, 'u1')).not.toBe(pseudonymousId(SECRET, 'u2'));
    expect(pseudonymousId(SECRET, 'u1')).not.toBe(pseudonymousId(`${SECRET}-rotated`, 'u1'));
    expect(pseudonymousId(SECRET, 'u1')).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('refuses, by index and with a reason, numbers a profile could not store, and still streams the same user\'s valid events', async () => {
    const publisher = new FakePublisher();
    const events = [
      view('e0'),
      view('e1', { item: { itemId: 'p1', category: 'shoes', price: 1e-200 } }),
      { ...view('e2'), type: 'video_progress', videoId: 'v1', progress: 1e-200, item: undefined },
      view('e3', { item: { itemId: 'p1', category: 'shoes', price: 1e308 } }),
      { ...view('e4'), type: 'purchase', orderId: 'o1', currency: 'ZZZ', items: [{ itemId: 'p1', category: 'shoes', price: 10 }], item: undefined },
      view('e5'),
    ];
    const result = await ingestEvents(events, deps(publisher));
    expect(result.rejected.map((entry) => entry.index)).toEqual([1, 2, 3, 4]);
    expect(result.rejected[0]!.errors.join()).toMatch(/item\.price.*at least 0\.000001/);
    expect(result.rejected[1]!.errors.join()).toMatch(/progress/);
    expect(result.rejected[2]!.errors.join()).toMatch(/item\.price.*at most/);
    expect(result.rejected[3]!.errors.join()).toMatch(/currency/);
    expect(publisher.events().map((record) => record.event.eventId)).toEqual(['e0', 'e5']);
  });

  it('gives ids and labels one canonical form (NFC), so a resent event re-encoded is the same event', async () => {
    const publisher = new FakePublisher();
    const nfd = view('cafe\u0301-1', { item: { itemId: 'sku-e\u0301', category: 'Cafe\u0301', price: 10 } });
    const result = await ingestEvents([nfd], deps(publisher));
    expect(result.accepted).toBe(1);
    const [published] = publisher.events();
    expect(published!.event.eventId).toBe('caf\u00e9-1');
    expect(published!.event).toMatchObject({ item: { itemId: 'sku-\u00e9', category: 'Caf\u00e9' } });
  });

  it('refuses control characters in ids and labels, naming the field: they became interests, segments and lineage as sent', async () => {
    const publisher = new FakePublisher();
    const events = [
      view('e0'),
      view('e1', { item: { itemId: 'p1', category: 'shoes\u0000\u001b[2J', price: 10 } }),
      view('e2', { item: { itemId: 'p1', brand: 'B\u0085', price: 10 } }),
      view('e\u00003'),
      view('e4', { item: { itemId: 'p\u0007', price: 10 } }),
      view('e5', { item: { itemId: 'p1', category: 'running\tshoes', price: 10 } }),
    ];
    const result = await ingestEvents(events, deps(publisher));
    expect(result.rejected.map((entry) => [entry.index, entry.errors.join()])).toEqual([
      [1, expect.stringMatching(/item\.category: .*control character/)],
      [2, expect.stringMatching(/item\.brand: .*control character/)],
      [3, expect.stringMatching(/eventId: .*control character/)],
      [4, expect.stringMatching(/item\.itemId: .*control character/)],
      [5, expect.stringMatching(/item\.category: .*control character/)],
    ]);
    expect(publisher.events().map((record) => record.event.eventId)).toEqual(['e0']);
  });

  it('accepts events only inside the window that keeps erasures holding: up to 30 days old, at most 5 minutes ahead', async () => {
    const publisher = new FakePublisher();
    const at = (offsetMs: number) => new Date(NOW.getTime() + offsetMs).toISOString();
    const DAY = 86_400_000;
    const result = await ingestEvents(
      [view('old', { timestamp: at(-31 * DAY) }), view('recent', { timestamp: at(-29 * DAY) }), view('skewed', { timestamp: at(4 * 60_000) }), view('future', { timestamp: at(6 * 60_000) })],
      deps(publisher),
    );
    expect(result.rejected).toEqual([
      { index: 0, eventId: 'old', errors: [expect.stringMatching(/older than 30 days/)] },
      { index: 3, eventId: 'future', errors: [expect.stringMatching(/in the future/)] },
    ]);
    expect(publisher.events().map((record) => record.event.eventId)).toEqual(['recent', 'skewed']);
  });

  it('gives every spelling of one user id the same pseudonym, and refuses ids no URL path can carry', async () => {
    const publisher = new FakePublisher();
    const result = await ingestEvents([view('a', { userId: ' cafe\u0301 ' }), view('b', { userId: 'caf\u00e9' }), view('c', { userId: '..' }), view('d', { userId: '\ud800' })], deps(publisher));
    expect(result.rejected.map((entry) => entry.index)).toEqual([2, 3]);
    const [first, second] = publisher.events();
    expect(first!.uid).toBe(second!.uid);
    expect(first!.uid).toBe(pseudonymousId(SECRET, 'caf\u00e9'));
  });
});
