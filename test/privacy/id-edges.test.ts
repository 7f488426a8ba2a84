import type { z } from 'zod';
import { EffectReportSchema, CampaignIdSchema } from '../../shared/budget/schemas';
import { CampaignPathSchema } from '../../shared/budget-service/campaigns';
import { DecisionRequestSchema, ExperimentIdSchema } from '../../shared/decisions/schemas';
import { ExperimentPathSchema } from '../../shared/decisions-service/experiments';
import { pseudonymousId } from '../../shared/privacy/pseudonymize';
import { canonicalUserId, UserPathSchema } from '../../shared/privacy/user-id';
import { ClientEventSchema } from '../../shared/profiles/events';
import { ingestTrackerMessages, parseTrackerRequest } from '../../shared/tracker/ingest';
import { FakePublisher } from '../profiles/fakes';

/**
 * Invisible format characters (bidi marks, overrides and isolates, zero-width characters, the
 * byte-order mark) inside an id make a different user or entity that looks identical: every id edge
 * refuses them, with a reason naming the code point, from one rule (shared/validation/strings.ts
 * canonicalId for free-form ids; the A-Z a-z 0-9 _ . : - alphabet of experiment and campaign ids).
 */
const INVISIBLE = ['\u200e', '\u200f', '\u202a', '\u202b', '\u202c', '\u202d', '\u202e', '\u2066', '\u2067', '\u2068', '\u2069', '\ufeff', '\u200b', '\u200c', '\u200d', '\u061c', '\u2060'];
const codePoint = (char: string) => `U+${char.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
const inside = (char: string, id = 'alice') => `${id.slice(0, 2)}${char}${id.slice(2)}`;

describe.each(INVISIBLE.map((char) => [codePoint(char), char] as const))('%s inside an id', (name, char) => {
  it('is refused as a user id (events, profiles, consents, decisions, tracker userId/anonymousId/previousId), naming the code point', () => {
    const result = canonicalUserId(inside(char));
    expect(result).toEqual({ ok: false, reason: expect.stringContaining(`invisible format character (${name}`) });
  });

  it.each<[string, z.ZodType, (id: string) => unknown, string]>([
    ['GET/DELETE /v1/profiles/{userId}, /v1/consents/{userId}', UserPathSchema, (id) => ({ userId: id }), 'userId'],
    ['POST /v1/events', ClientEventSchema, (id) => ({ userId: id, eventId: 'e-1', type: 'page_view', timestamp: '2026-05-01T10:00:00Z', page: { url: 'https://example.com/' } }), 'userId'],
    ['POST /v1/decisions userId', DecisionRequestSchema, (id) => ({ experimentId: 'exp', userId: id }), 'userId'],
    ['POST /v1/decisions experimentId', DecisionRequestSchema, (id) => ({ experimentId: id, userId: 'alice' }), 'experimentId'],
    ['/v1/experiments/{experimentId}', ExperimentPathSchema, (id) => ({ experimentId: id }), 'experimentId'],
    ['/v1/campaigns/{campaignId}', CampaignPathSchema, (id) => ({ campaignId: id }), 'campaignId'],
    ['POST /v1/effects reportId', EffectReportSchema, (id) => ({ reportId: id, campaignId: 'c1', channel: 'search', period: '2026-05-01T00:00:00Z', reportedAt: '2026-05-02T00:00:00Z', spendCents: 1, impressions: 1, clicks: 0, conversions: 0, revenueCents: 0 }), 'reportId'],
    ['POST /v1/effects campaignId', EffectReportSchema, (id) => ({ reportId: 'r-1', campaignId: id, channel: 'search', period: '2026-05-01T00:00:00Z', reportedAt: '2026-05-02T00:00:00Z', spendCents: 1, impressions: 1, clicks: 0, conversions: 0, revenueCents: 0 }), 'campaignId'],
  ])('is refused at %s (400 naming the field)', (_edge, schema, body, field) => {
    const plain = schema.safeParse(body(field === 'userId' ? 'alice' : field === 'reportId' ? 'r-1' : 'c1'));
    expect(plain.error?.issues ?? []).toEqual([]);
    const result = schema.safeParse(body(inside(char, field === 'userId' ? 'alice' : field === 'reportId' ? 'r-1' : 'c1')));
    expect(result.success).toBe(false);
    expect(result.error?.issues.some((issue) => issue.path.includes(field))).toBe(true);
  });
});

it('names the rule in the reason of every free-form id edge, and keeps ids without such characters as they were', () => {
  expect(EffectReportSchema.safeParse({ reportId: 'r\u200b1' }).error?.issues.find((issue) => issue.path[0] === 'reportId')?.message).toMatch(/reportId must not contain an invisible format character \(U\+200B/);
  expect(canonicalUserId(' caf\u0065\u0301 ')).toEqual({ ok: true, userId: 'caf\u00e9' });
  // A byte-order mark at either end is white space to trim(): the canonical id, not a second user.
  expect(canonicalUserId('\ufeffalice')).toEqual({ ok: true, userId: 'alice' });
  // An emoji sequence without a joiner is an ordinary id; the experiment and campaign alphabets are ASCII.
  expect(canonicalUserId('fan-\ud83d\ude00')).toEqual({ ok: true, userId: 'fan-\ud83d\ude00' });
  expect(ExperimentIdSchema.safeParse('spring\u202e').success).toBe(false);
  expect(CampaignIdSchema.safeParse('\u2066c1').success).toBe(false);
});

describe('the tracker edge', () => {
  const SECRET = 'test-secret-0123456789-abcdefghijklmnop';
  const ingest = async (batch: Record<string, unknown>[]) => {
    const parsed = parseTrackerRequest('batch', { batch });
    if (!parsed.ok) throw new Error(parsed.reason);
    return ingestTrackerMessages(parsed.messages, { publisher: new FakePublisher(), pseudonymize: (subject) => pseudonymousId(SECRET, subject), now: () => new Date('2026-05-01T10:00:00.000Z') });
  };
  const at = '2026-05-01T09:59:00.000Z';

  it('rejects a message whose userId, anonymousId or alias previousId holds one, naming the field and the code point', async () => {
    const result = await ingest([
      { type: 'page', anonymousId: 'anon\u200b1', messageId: 'zw', timestamp: at },
      { type: 'page', userId: 'alice\u202e', messageId: 'rlo', timestamp: at },
      { type: 'alias', userId: 'alice', previousId: 'anon\u200e1', messageId: 'lrm', timestamp: at },
      { type: 'alias', userId: 'alice', previousId: 'a/b', messageId: 'slash', timestamp: at },
      { type: 'page', anonymousId: 'anon-1', messageId: 'ok', timestamp: at },
    ]);
    expect(result.accepted).toBe(1);
    expect(result.rejected).toEqual([
      { index: 0, messageId: 'zw', errors: [expect.stringMatching(/^anonymousId: anonymousId must not contain an invisible format character \(U\+200B/)] },
      { index: 1, messageId: 'rlo', errors: [expect.stringMatching(/^userId: userId must not contain an invisible format character \(U\+202E/)] },
      { index: 2, messageId: 'lrm', errors: [expect.stringMatching(/^previousId: previousId must not contain an invisible format character \(U\+200E/)] },
      { index: 3, messageId: 'slash', errors: [expect.stringMatching(/^previousId: previousId must not contain "\/"/)] },
    ]);
  });
});
