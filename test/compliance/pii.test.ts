import type { Locale } from '../../shared/compliance';
import { isCnResidentId, isLuhnCardNumber, isPhoneDigitCount } from '../../shared/compliance/validators';
import { check, ids } from './helpers';

describe('validators', () => {
  it.each([
    ['11010519491231002X', true],
    ['11010519491231002x', true],
    ['440304199001011233', true],
    ['110105194912310021', false], // bad checksum
    ['440304199013011233', false], // month 13
    ['440304199002301236', false], // 30 February
  ])('cn resident id %s -> %s', (id, ok) => {
    expect(isCnResidentId(id)).toBe(ok);
  });

  it.each([
    ['4111 1111 1111 1111', true],
    ['6222021000012345673', true],
    ['4111111111111112', false],
    ['411111111111', false], // too short for a card
  ])('luhn %s -> %s', (n, ok) => {
    expect(isLuhnCardNumber(n)).toBe(ok);
  });

  it('bounds international numbers by E.164 length', () => {
    expect(isPhoneDigitCount('+44 20 7946 0958')).toBe(true);
    expect(isPhoneDigitCount('+1 23')).toBe(false);
  });
});

describe('PII in generated text', () => {
  const fires: [text: string, locale: Locale, ruleId: string, match: string][] = [
    ['有意者请联系13800138000。', 'zh-CN', 'pii.cn-mobile', '13800138000'],
    ['客服：139 1234 5678', 'zh-CN', 'pii.cn-mobile', '139 1234 5678'],
    ['电话 +86 186-0000-1234', 'zh-CN', 'pii.cn-mobile', '+86 186-0000-1234'],
    ['电话１３８００１３８０００', 'zh-CN', 'pii.cn-mobile', '１３８００１３８０００'],
    ['热线 010-62345678', 'zh-CN', 'pii.cn-landline', '010-62345678'],
    ['门店(021)52345678', 'zh-CN', 'pii.cn-landline', '(021)52345678'],
    ['UK line +44 20 7946 0958.', 'en', 'pii.intl-phone', '+44 20 7946 0958'],
    ['Call (415) 555-0134 now', 'en', 'pii.us-phone', '(415) 555-0134'],
    ['Mail jane.doe@example.com today', 'en', 'pii.email', 'jane.doe@example.com'],
    ['身份证11010519491231002X', 'zh-CN', 'pii.cn-resident-id', '11010519491231002X'],
    ['卡号6222021000012345673', 'zh-CN', 'pii.bank-card', '6222021000012345673'],
    ['Card 4111-1111-1111-1111 on file', 'en', 'pii.bank-card', '4111-1111-1111-1111'],
  ];
  it.each(fires)('%s -> %s', (text, locale, ruleId, match) => {
    const r = check({ text, locale });
    expect(r.findings.map((f) => [f.ruleId, f.match])).toEqual([[ruleId, match]]);
    expect(r.verdict).toBe('fail');
  });

  const silent: [text: string, locale: Locale][] = [
    ['订单号12345678901', 'zh-CN'], // 12… is not a mobile prefix
    ['订单号 20231105123456', 'zh-CN'], // longer digit run
    ['证件号110105194912310021', 'zh-CN'], // 18 digits, bad checksum
    ['编号4111111111111112', 'zh-CN'], // fails Luhn
    ['Product code 415-555-01', 'en'],
    ['Tracking 1Z999AA10123456784', 'en'],
    ['Save +50% today', 'en'],
    ['Open 9:00-18:00 daily', 'en'],
  ];
  it.each(silent)('%s stays silent', (text, locale) => {
    expect(ids(check({ text, locale }).findings)).toEqual([]);
  });
});
