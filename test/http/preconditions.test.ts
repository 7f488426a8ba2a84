import { assertIfNoneMatch, etagOf, parseIfMatch, parseIfNoneMatch } from '../../shared/http/preconditions';

describe('If-Match', () => {
  it.each([
    ['"3"', { versions: [3] }],
    ['"3", "4"', { versions: [3, 4] }],
    ['*', { any: true }],
    ['W/"3"', { versions: [] }],
    ['W/"3", "5"', { versions: [5] }],
  ])('reads %s', (header, expected) => {
    expect(parseIfMatch(header)).toEqual(expected);
  });

  it('ignores empty list elements, as RFC 9110 §5.6.1 asks of a recipient, but not a list of nothing', () => {
    expect(parseIfMatch('"3",')).toEqual({ versions: [3] });
    expect(parseIfMatch(', "3" ,, "4"')).toEqual({ versions: [3, 4] });
    expect(parseIfNoneMatch('"3", ')).toEqual({ versions: [3] });
    expect(() => parseIfMatch(' , ')).toThrow(expect.objectContaining({ statusCode: 400 }));
  });

  it('is absent without the header', () => {
    expect(parseIfMatch(undefined)).toBeUndefined();
  });

  it.each(['3', '"three"', '"3', '', '"-1"', '"1e3"', `"${'9'.repeat(30)}"`])('refuses %j with a 400 that shows the form', (header) => {
    expect(() => parseIfMatch(header)).toThrow(expect.objectContaining({ statusCode: 400, message: expect.stringMatching(/If-Match/) }));
  });

  it('compares entity tags as the strings ETag gave ("03" is not "3"): a padded tag is a 400, never a match of version 3', () => {
    for (const header of ['"03"', '"3", "007"', '"00"']) {
      expect(() => parseIfMatch(header)).toThrow(expect.objectContaining({ statusCode: 400, message: expect.stringMatching(/never gave/) }));
    }
  });

  it('quotes a version as the entity tag', () => {
    expect(etagOf(7)).toBe('"7"');
    expect(parseIfMatch(etagOf(7))).toEqual({ versions: [7] });
  });
});

describe('If-None-Match on a PUT (create only if absent, or only if not at a version)', () => {
  it('reads "*" and entity tags, weak ones too (If-None-Match compares weakly)', () => {
    expect(parseIfNoneMatch(undefined)).toBeUndefined();
    expect(parseIfNoneMatch(' * ')).toEqual({ any: true });
    expect(parseIfNoneMatch('W/"3", "4"')).toEqual({ versions: [3, 4] });
    expect(() => parseIfNoneMatch('3')).toThrow(expect.objectContaining({ statusCode: 400, message: expect.stringMatching(/If-None-Match/) }));
  });

  it('answers 412 when the resource exists ("*") or is at a named version, and lets the write through otherwise', () => {
    expect(() => assertIfNoneMatch({ any: true }, 2, 'experiment x')).toThrow(expect.objectContaining({ statusCode: 412, details: { currentVersion: 2 } }));
    expect(() => assertIfNoneMatch({ versions: [2] }, 2, 'experiment x')).toThrow(expect.objectContaining({ statusCode: 412 }));
    expect(() => assertIfNoneMatch({ any: true }, undefined, 'experiment x')).not.toThrow();
    expect(() => assertIfNoneMatch({ versions: [1] }, 2, 'experiment x')).not.toThrow();
    expect(() => assertIfNoneMatch(undefined, 2, 'experiment x')).not.toThrow();
  });
});
