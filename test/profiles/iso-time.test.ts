import fc from 'fast-check';
import { isoFromMs, parseIsoMs } from '../../shared/profiles/iso-time';

const pad = (value: number, width: number) => String(value).padStart(width, '0');

/** An ISO-8601 date-time in one of the forms the stream carries, or a near miss of one. */
const isoArb = fc
  .record({
    year: fc.integer({ min: 0, max: 9999 }),
    month: fc.integer({ min: 0, max: 13 }),
    day: fc.integer({ min: 0, max: 32 }),
    hour: fc.integer({ min: 0, max: 24 }),
    minute: fc.integer({ min: 0, max: 60 }),
    second: fc.integer({ min: 0, max: 60 }),
    fraction: fc.oneof(fc.constant(''), fc.integer({ min: 0, max: 999 }).map((ms) => `.${pad(ms, 3)}`), fc.integer({ min: 0, max: 999_999 }).map((us) => `.${pad(us, 6)}`)),
    zone: fc.oneof(
      fc.constant('Z'),
      fc.record({ sign: fc.constantFrom('+', '-'), hours: fc.integer({ min: 0, max: 24 }), minutes: fc.integer({ min: 0, max: 60 }) }).map(({ sign, hours, minutes }) => `${sign}${pad(hours, 2)}:${pad(minutes, 2)}`),
    ),
  })
  .map(({ year, month, day, hour, minute, second, fraction, zone }) => `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}T${pad(hour, 2)}:${pad(minute, 2)}:${pad(second, 2)}${fraction}${zone}`);

const same = (actual: number, expected: number) => (Number.isNaN(expected) ? Number.isNaN(actual) : actual === expected);

describe('reading ISO-8601 times without Date.parse', () => {
  it.each([
    '2024-05-01T12:34:56.789Z',
    '2024-05-01T12:34:56Z',
    '2024-05-01T20:34:56.789+08:00',
    '2024-04-30T23:04:56-13:30',
    '2024-02-28T23:59:59.999Z',
    '2024-02-29T00:00:00.000Z',
    '2023-02-29T00:00:00.000Z',
    '2024-01-31T23:59:59.999+05:30',
    '2024-04-31T00:00:00Z',
    '2000-02-29T00:00:00Z',
    '1900-02-29T00:00:00Z',
    '2024-12-31T23:59:60Z',
    '2024-12-31T24:00:00Z',
    '1969-12-31T23:59:59.999Z',
    '0999-01-01T00:00:00Z',
    '2024-05-01T12:34Z',
    '2024-05-01 12:34:56Z',
    '2024-05-01T12:34:56.7Z',
    'not a date at all, 24 ch',
  ])('%s is read as Date.parse reads it', (text) => {
    expect(same(parseIsoMs(text), Date.parse(text))).toBe(true);
  });

  it('agrees with Date.parse on random date-times, valid or not', () => {
    fc.assert(
      fc.property(isoArb, (text) => same(parseIsoMs(text), Date.parse(text))),
      { numRuns: 20_000 },
    );
  });
});

describe('writing ISO-8601 times without a Date per call', () => {
  const MAX_MS = 8.64e15;
  it.each([
    0,
    -1,
    1,
    999,
    86_399_999,
    86_400_000,
    Date.parse('2024-02-29T23:59:59.999Z'),
    Date.parse('2024-03-01T00:00:00.000Z'),
    Date.parse('1969-12-31T23:59:59.999Z'),
    Date.parse('0000-01-01T00:00:00.000Z'),
    Date.parse('0000-01-01T00:00:00.000Z') - 1,
    Date.parse('9999-12-31T23:59:59.999Z'),
    Date.parse('9999-12-31T23:59:59.999Z') + 1,
    MAX_MS,
    -MAX_MS,
  ])('%d is written as toISOString writes it (the wider form past year 9999 or before year 0)', (ms) => {
    expect(isoFromMs(ms)).toBe(new Date(ms).toISOString());
  });

  it('agrees with toISOString on random times, and on runs of times within one day', () => {
    fc.assert(
      fc.property(fc.integer({ min: -MAX_MS, max: MAX_MS - 86_400_000 }), fc.array(fc.integer({ min: 0, max: 86_400_000 }), { maxLength: 5 }), (ms, steps) =>
        [ms, ...steps.map((step) => ms + step)].every((at) => isoFromMs(at) === new Date(at).toISOString()),
      ),
      { numRuns: 20_000 },
    );
  });

  it('throws the same RangeError as toISOString for an invalid time', () => {
    expect(() => isoFromMs(Number.NaN)).toThrow(RangeError);
    expect(() => isoFromMs(MAX_MS + 1)).toThrow(RangeError);
  });
});
