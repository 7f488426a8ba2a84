import { canonicalUserId, UserIdSchema } from '../../shared/privacy/user-id';
import { MAX_EVENT_AGE_MS, MAX_FUTURE_SKEW_MS, STREAM_RETENTION_MS, TOMBSTONE_TTL_SECONDS } from '../../shared/profiles/erasure';

describe('canonicalUserId: one form of a user id at every edge', () => {
  it.each([
    ['trims white space', ' spacey ', 'spacey'],
    ['trims tabs and ideographic spaces', '\u3000spacey\t', 'spacey'],
    ['composes to NFC', 'cafe\u0301', 'caf\u00e9'],
    ['keeps an already canonical id', 'customer-42', 'customer-42'],
    ['keeps prototype names as ordinary ids', '__proto__', '__proto__'],
    ['keeps percent signs and query characters (they are encoded in a path)', '50%?#x', '50%?#x'],
    ['keeps a surrogate pair (one emoji)', 'fan-\ud83d\ude00', 'fan-\ud83d\ude00'],
  ])('%s', (_name, raw, expected) => {
    expect(canonicalUserId(raw)).toEqual({ ok: true, userId: expected });
  });

  it.each([
    ['a lone high surrogate', '\ud800'],
    ['a lone low surrogate inside text', 'a\udc00b'],
    ['only white space', '   '],
    ['"."', '.'],
    ['".." with spaces around', ' .. '],
    ['a slash', 'a/b'],
    ['a backslash', 'a\\b'],
    ['a control character', 'a\u0000b'],
    ['a newline', 'a\nb'],
    ['more than 256 characters', 'x'.repeat(257)],
  ])('refuses %s with a reason', (_name, raw) => {
    const result = canonicalUserId(raw);
    expect(result.ok).toBe(false);
    expect(result.ok ? '' : result.reason).toMatch(/userId/);
  });

  it('keeps "\\ud800" and "\\ufffd" apart: the first is refused, the second is an ordinary id', () => {
    expect(canonicalUserId('\ud800').ok).toBe(false);
    expect(canonicalUserId('\ufffd')).toEqual({ ok: true, userId: '\ufffd' });
  });

  it('as a schema, parses to the canonical form or fails with the reason', () => {
    expect(UserIdSchema.parse(' cafe\u0301 ')).toBe('caf\u00e9');
    const failed = UserIdSchema.safeParse('..');
    expect(failed.success).toBe(false);
    expect(failed.error?.issues[0]?.message).toMatch(/URL path/);
  });
});

describe('erasure window', () => {
  it('keeps a tombstone for longer than an event dated before the erasure can be accepted and stay in the stream', () => {
    expect(TOMBSTONE_TTL_SECONDS * 1000).toBeGreaterThan(MAX_EVENT_AGE_MS + STREAM_RETENTION_MS + MAX_FUTURE_SKEW_MS);
  });
});
