/**
 * Epoch milliseconds of an ISO-8601 date-time, as `Date.parse` gives them, read straight from the
 * characters for the forms the stream carries (`YYYY-MM-DDTHH:MM:SS`, optionally `.sss`, then `Z` or
 * `±HH:MM`), two per event in the fold, without Date.parse's general parser; anything else (other
 * precisions, days past the month's end, leap seconds, hour 24, years before 1000) goes to `Date.parse`, so
 * the result is the same for every input.
 */
export function parseIsoMs(text: string): number {
  const length = text.length;
  if (length !== 20 && length !== 24 && length !== 25 && length !== 29) return Date.parse(text);
  if (text.charCodeAt(4) !== 45 /* - */ || text.charCodeAt(7) !== 45 || text.charCodeAt(10) !== 84 /* T */ || text.charCodeAt(13) !== 58 /* : */ || text.charCodeAt(16) !== 58) {
    return Date.parse(text);
  }
  const dayMs = epochDayMs(digits(text, 0, 4), digits(text, 5, 2), digits(text, 8, 2));
  const hour = digits(text, 11, 2);
  const minute = digits(text, 14, 2);
  const second = digits(text, 17, 2);
  if (dayMs === undefined || hour > 23 || minute > 59 || second > 59) return Date.parse(text);
  let index = 19;
  let millis = 0;
  if (text.charCodeAt(index) === 46 /* . */) {
    millis = digits(text, 20, 3);
    if (millis < 0) return Date.parse(text);
    index = 23;
  }
  let offsetMs = 0;
  const zone = text.charCodeAt(index);
  if (zone === 90 /* Z */) {
    if (index + 1 !== length) return Date.parse(text);
  } else if (zone === 43 /* + */ || zone === 45 /* - */) {
    if (index + 6 !== length || text.charCodeAt(index + 3) !== 58) return Date.parse(text);
    const offsetHours = digits(text, index + 1, 2);
    const offsetMinutes = digits(text, index + 4, 2);
    if (offsetHours < 0 || offsetHours > 23 || offsetMinutes < 0 || offsetMinutes > 59) return Date.parse(text);
    offsetMs = (zone === 43 ? 1 : -1) * (offsetHours * 3_600_000 + offsetMinutes * 60_000);
  } else return Date.parse(text);
  return dayMs + hour * 3_600_000 + minute * 60_000 + second * 1000 + millis - offsetMs;
}

/**
 * The two dates last read (as `year·10⁴ + month·100 + day`) and their epoch ms: an event's time and
 * its arrival, each call of a pair on its own date when the event's offset puts it on another day,
 * nearly always fall on one of them, and validating a date and converting it was half of a parse.
 */
const recentDates = [NaN, NaN];
const recentDayMs = [0, 0];
let newerSlot = 0;

/** Epoch ms of a date's midnight (UTC), or undefined when it is not a date `parseIsoMs` reads itself. */
function epochDayMs(year: number, month: number, day: number): number | undefined {
  // A field that is not all digits reads as -1: its key then names no real date, and only real dates are remembered.
  const key = year * 10_000 + month * 100 + day;
  if (key === recentDates[newerSlot]) return recentDayMs[newerSlot];
  const olderSlot = 1 - newerSlot;
  if (key === recentDates[olderSlot]) {
    newerSlot = olderSlot;
    return recentDayMs[olderSlot];
  }
  if (year < 1000 || month < 1 || month > 12 || day < 1 || (day > 28 && day > daysInMonth(year, month))) return undefined;
  const dayMs = daysFromCivil(year, month, day) * 86_400_000;
  recentDates[olderSlot] = key;
  recentDayMs[olderSlot] = dayMs;
  newerSlot = olderSlot;
  return dayMs;
}

/** The decimal number in `text` at [start, start + count), or -1 if any of those is not a digit. */
function digits(text: string, start: number, count: number): number {
  let value = 0;
  for (let index = start; index < start + count; index++) {
    const digit = text.charCodeAt(index) - 48;
    if (digit < 0 || digit > 9) return -1;
    value = value * 10 + digit;
  }
  return value;
}

/** Days in a month of the proleptic Gregorian calendar (only asked for days past the 28th). */
function daysInMonth(year: number, month: number): number {
  if (month !== 2) return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
}

/** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil). */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}

const DAY_MS = 86_400_000;
/** The character codes of `YYYY-MM-DDT` of the day last formatted: consecutive calls nearly always share a day. */
const dayPrefix = new Array<number>(11).fill(0);
let prefixDay = NaN;

/**
 * `new Date(ms).toISOString()`, the same string for every input, built from the digits directly: the
 * fold writes two or three of these per user and batch, and each Date and its `toISOString` cost about
 * eight times this. Days are taken from `toISOString` itself (once per day), so years past 9999 or
 * before 0 (a wider form) and invalid times (a RangeError) are exactly what it gives.
 */
export function isoFromMs(ms: number): string {
  const day = Math.floor(ms / DAY_MS);
  if (day !== prefixDay) {
    const start = new Date(day * DAY_MS).toISOString();
    if (start.length !== 24) return new Date(ms).toISOString();
    for (let index = 0; index < 11; index++) dayPrefix[index] = start.charCodeAt(index);
    prefixDay = day;
  }
  let rest = ms - day * DAY_MS;
  const hour = Math.floor(rest / 3_600_000);
  rest -= hour * 3_600_000;
  const minute = Math.floor(rest / 60_000);
  rest -= minute * 60_000;
  const second = Math.floor(rest / 1000);
  const millis = rest - second * 1000;
  const p = dayPrefix;
  // One flat string from 24 character codes: no intermediate strings to concatenate and flatten.
  return String.fromCharCode(
    p[0]!, p[1]!, p[2]!, p[3]!, p[4]!, p[5]!, p[6]!, p[7]!, p[8]!, p[9]!, p[10]!,
    48 + Math.floor(hour / 10), 48 + (hour % 10), 58,
    48 + Math.floor(minute / 10), 48 + (minute % 10), 58,
    48 + Math.floor(second / 10), 48 + (second % 10), 46,
    48 + Math.floor(millis / 100), 48 + (Math.floor(millis / 10) % 10), 48 + (millis % 10), 90,
  );
}
