/**
 * Money and time as the reader's language writes them, with the browser's Intl (no locale data in the
 * bundle). Pure functions of their arguments, so the unit tests pin them in both languages.
 */

/**
 * An amount in cents in the campaign's currency, written the reader's way (`¥1,234.50`, `CN¥1,234.50`,
 * `US$12`): whole amounts without decimals. `signed` writes a + before a gain. A code Intl refuses
 * (not three letters) is written after the number instead of failing the page.
 */
export function formatMoney(language: string, cents: number, currency: string, signed = false): string {
  const signDisplay = signed ? 'exceptZero' : 'auto';
  try {
    return new Intl.NumberFormat(language, { style: 'currency', currency, trailingZeroDisplay: 'stripIfInteger', signDisplay }).format(cents / 100);
  } catch {
    return `${new Intl.NumberFormat(language, { maximumFractionDigits: 2, signDisplay }).format(cents / 100)} ${currency}`;
  }
}

const DAY = 86_400;

/**
 * The labels of a time axis's ticks (uPlot's `axes[0].values`: seconds since the epoch, and the step
 * between ticks in seconds), in the reader's language and time zone: months with the year for steps of
 * about a month or more, days for steps of a day or more, else times of day, with the date under the
 * first tick of each day. `timeZone` is for tests; the browser's own is the default.
 */
export function timeTicks(language: string, splits: readonly number[], stepSeconds: number, timeZone?: string): string[] {
  const zone = timeZone ? { timeZone } : {};
  const month = new Intl.DateTimeFormat(language, { year: 'numeric', month: 'short', ...zone });
  const day = new Intl.DateTimeFormat(language, { month: 'short', day: 'numeric', ...zone });
  const clock = new Intl.DateTimeFormat(language, { hour: 'numeric', minute: '2-digit', ...(stepSeconds < 60 ? { second: '2-digit' } : {}), ...zone });
  if (stepSeconds >= 28 * DAY) return splits.map((seconds) => month.format(seconds * 1000));
  if (stepSeconds >= DAY) return splits.map((seconds) => day.format(seconds * 1000));
  let previousDay: string | undefined;
  return splits.map((seconds) => {
    const date = day.format(seconds * 1000);
    const label = date === previousDay ? clock.format(seconds * 1000) : `${clock.format(seconds * 1000)}\n${date}`;
    previousDay = date;
    return label;
  });
}
