import { formatMoney, timeTicks } from '../../console/src/format';

const at = (iso: string) => Date.parse(iso) / 1000;

describe('money in the campaign currency, written the reader\'s way', () => {
  it.each([
    ['zh-CN', 123_456, 'CNY', false, '¥1,234.56'],
    ['en', 123_456, 'CNY', false, 'CN¥1,234.56'],
    ['zh-CN', 500_000, 'USD', false, 'US$5,000'],
    ['en', 500_000, 'USD', false, '$5,000'],
    ['en', 250, 'EUR', true, '+€2.50'],
    ['zh-CN', -250, 'EUR', true, '-€2.50'],
    ['en', 0, 'CNY', true, 'CN¥0'],
    ['zh-CN', 120_000, 'JPY', false, 'JP¥1,200'],
  ])('%s: %d cents of %s (signed: %s) is %s', (language, cents, currency, signed, written) => {
    expect(formatMoney(language, cents, currency, signed)).toBe(written);
  });

  it('writes a code Intl refuses after the number instead of throwing', () => {
    expect(formatMoney('en', 123_456, 'yuan')).toBe('1,234.56 yuan');
  });
});

describe('time axis ticks in the reader\'s language', () => {
  const days = [at('2026-11-30T00:00:00Z'), at('2026-12-01T00:00:00Z'), at('2026-12-02T00:00:00Z')];
  it('names days with the language\'s month names', () => {
    expect(timeTicks('zh-CN', days, 86_400, 'UTC')).toEqual(['11月30日', '12月1日', '12月2日']);
    expect(timeTicks('en', days, 86_400, 'UTC')).toEqual(['Nov 30', 'Dec 1', 'Dec 2']);
  });

  it('names months with the year for steps of a month or more', () => {
    const months = [at('2026-11-01T00:00:00Z'), at('2026-12-01T00:00:00Z'), at('2027-01-01T00:00:00Z')];
    expect(timeTicks('zh-CN', months, 31 * 86_400, 'UTC')).toEqual(['2026年11月', '2026年12月', '2027年1月']);
    expect(timeTicks('en', months, 31 * 86_400, 'UTC')).toEqual(['Nov 2026', 'Dec 2026', 'Jan 2027']);
  });

  it('writes hours in the language\'s clock, with the date under the first tick of each day', () => {
    const hours = [at('2026-12-05T22:00:00Z'), at('2026-12-05T23:00:00Z'), at('2026-12-06T00:00:00Z'), at('2026-12-06T01:00:00Z')];
    expect(timeTicks('zh-CN', hours, 3_600, 'UTC')).toEqual(['22:00\n12月5日', '23:00', '0:00\n12月6日', '1:00']);
    expect(timeTicks('en', hours, 3_600, 'UTC')).toEqual(['10:00 PM\nDec 5', '11:00 PM', '12:00 AM\nDec 6', '1:00 AM']);
  });

  it('follows the time zone it is given: midnight UTC is 8 in the morning in Shanghai', () => {
    expect(timeTicks('zh-CN', [at('2026-12-06T00:00:00Z')], 3_600, 'Asia/Shanghai')).toEqual(['8:00\n12月6日']);
  });
});
