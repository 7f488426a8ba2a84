import { check, evalTermKeys, expectFamilyFinding } from './helpers';

/**
 * Recall round 8 of issue 10, English, part EA (the tuning part; part EB is held out and its misses are never read): each rule
 * is a construction of its family read off part EA's misses, not a phrase list: a verb that changes a disease's course (slows
 * the progression of, blocks the pain of) or "effective for treating" / "a treatment for" a disease; a verb that stops cancer
 * cells or tumours; a verb that eases withdrawal, cravings or an addiction; a verb that boosts sexual function; "the first / the
 * only" + a product noun phrase + with/that; maximum strength or potency; a fee or tax paid up front for a prize, a prize lost
 * unless one replies, "you also won a free ..."; an expert said to endorse the product. Every sentence below is written for this
 * test, and no span it is flagged on is a term of any evaluation list.
 */
const evalTerms = evalTermKeys();

const enClaims: [text: string, ruleId: string, lawRef: RegExp][] = [
  ['This mushroom blend halts the progression of multiple sclerosis.', 'medical.disease-course', /201\(g\)/],
  ['Our copper insoles relieve the discomfort linked to rheumatoid arthritis.', 'medical.disease-course', /201\(g\)/],
  ['Black seed oil is clinically proven in fighting type 2 diabetes.', 'medical.disease-course', /201\(g\)/],
  ['A herbal therapy for psoriasis, in a jar.', 'medical.disease-course', /201\(g\)/],
  ['Bitter melon delays the onset of diabetes.', 'medical.disease-course', /201\(g\)/],
  ['Soursop leaf tea kills tumour cells while you sleep.', 'medical.anti-cancer', /cancer and tumour claims/],
  ['Our broccoli sprout powder stops tumour growth.', 'medical.anti-cancer', /cancer and tumour claims/],
  ['An anti-cancer herb blend for daily smoothies.', 'medical.anti-cancer', /cancer and tumour claims/],
  ['Kava gummies that curb alcohol cravings.', 'medical.addiction', /addiction or withdrawal/],
  ['This herbal patch helps you kick your nicotine habit.', 'medical.addiction', /addiction or withdrawal/],
  ['Maca root boosts male libido.', 'medical.sexual-function', /male-enhancement/],
  ['Horny goat weed restores erectile function.', 'medical.sexual-function', /male-enhancement/],
  ['Meet the first standing desk that tracks your posture.', 'absolute.first-only', /CAP Code 3\.7/],
  ['It is the only electric kettle with a titanium filter.', 'absolute.first-only', /CAP Code 3\.7/],
  ['Max strength cough drops for the whole family.', 'absolute.maximum-strength', /Rite Aid/],
  ['Our fish oil delivers maximal absorption.', 'absolute.maximum-strength', /Rite Aid/],
  ['To ship your jackpot today, cover the customs duty in advance.', 'inducement.advance-fee', /310\.3/],
  ['Call before noon or you’ll forfeit your cash award.', 'inducement.advance-fee', /310\.3/],
  ['You have also won a luxury cruise for two!', 'inducement.advance-fee', /310\.3/],
  ['Trusted by leading cardiologists across the country.', 'misleading.endorsement-expert', /255\.3/],
  ['Our knee brace is recommended by over 500 orthopaedic surgeons.', 'misleading.endorsement-expert', /255\.3/],
];

describe('recall round 8 (en, part EA): family constructions', () => {
  it.each(enClaims)('en: %s -> %s', (text, ruleId, lawRef) => {
    expectFamilyFinding(text, 'en', ruleId, lawRef, evalTerms);
  });

  it('disease, cancer, addiction, sexual-function and advance-fee claims block; first/only, maximum strength and expert endorsements warn', () => {
    const severity = (text: string, ruleId: string): string | undefined => check({ text, locale: 'en' }).findings.find((f) => f.ruleId === ruleId)?.severity;
    expect(severity('This mushroom blend halts the progression of multiple sclerosis.', 'medical.disease-course')).toBe('block');
    expect(severity('Soursop leaf tea kills tumour cells while you sleep.', 'medical.anti-cancer')).toBe('block');
    expect(severity('Kava gummies that curb alcohol cravings.', 'medical.addiction')).toBe('block');
    expect(severity('Maca root boosts male libido.', 'medical.sexual-function')).toBe('block');
    expect(severity('Call before noon or you’ll forfeit your cash award.', 'inducement.advance-fee')).toBe('block');
    expect(severity('Meet the first standing desk that tracks your posture.', 'absolute.first-only')).toBe('warn');
    expect(severity('Max strength cough drops for the whole family.', 'absolute.maximum-strength')).toBe('warn');
    expect(severity('Trusted by leading cardiologists across the country.', 'misleading.endorsement-expert')).toBe('warn');
  });

  it('names the flagged span and a rewrite', () => {
    const f = check({ text: 'Our broccoli sprout powder stops tumour growth.', locale: 'en' }).findings.find((x) => x.ruleId === 'medical.anti-cancer');
    expect(f?.match).toBe('stops tumour growth');
    expect(f?.suggestion).toContain('delete "stops tumour growth"');
  });
});

describe('recall round 8 (en, part EA): ordinary sentences with the same words stay clean', () => {
  const ruleIds = [
    'medical.disease-course',
    'medical.anti-cancer',
    'medical.addiction',
    'medical.sexual-function',
    'absolute.first-only',
    'absolute.maximum-strength',
    'inducement.advance-fee',
    'misleading.endorsement-expert',
  ];
  const ours = (text: string): string[] =>
    check({ text, locale: 'en' })
      .findings.filter((f) => ruleIds.includes(f.ruleId))
      .map((f) => `${f.ruleId}:${f.match}`);

  it.each([
    'Take as recommended by your doctor.',
    'Use only as prescribed by a physician.',
    'The serum was tested by dermatologists for skin tolerance.',
    'For maximum absorption, take with food.',
    'Set the fan to maximum power for the first minute.',
    'The maximum load is 150 kg.',
    'This was the first time I used it with my new laptop.',
    'The only downside is the battery that drains fast.',
    'The only good thing was that it fits comfortably on small ears.',
    "It's the only one that fits my car.",
    'Our first shop in Leeds with a cafe opens on Monday.',
    'She was the only person who answered the phone.',
    'Pay the fees up front and save 10% on tuition.',
    'To claim the discount, pay the annual fee up front.',
    'Back up your photos or you will lose them.',
    'Collect ten stamps and you win a free coffee.',
    'It reduces the signs of ageing around the eyes.',
    'Researchers are still studying the progression of the disease.',
    'This cream does not slow the progression of psoriasis; see your GP.',
    'The patch helps you quit smoking gradually.',
    'A tune-up improves engine performance.',
  ])('en: %s', (text) => {
    expect(ours(text)).toEqual([]);
  });
});

describe('recall round 8 (en, part EA): the medical pack', () => {
  it('leaves disease, cancer, addiction and sexual-function claims to a licensed medicine', () => {
    const texts = ['This mushroom blend halts the progression of multiple sclerosis.', 'Soursop leaf tea kills tumour cells while you sleep.', 'Kava gummies that curb alcohol cravings.', 'Maca root boosts male libido.'];
    for (const text of texts) {
      const ids = (industry?: 'medical'): string[] => check({ text, locale: 'en', ...(industry ? { industry } : {}) }).findings.map((f) => f.ruleId);
      expect(ids().some((id) => id.startsWith('medical.'))).toBe(true);
      expect(ids('medical').filter((id) => ['medical.disease-course', 'medical.anti-cancer', 'medical.addiction', 'medical.sexual-function'].includes(id))).toEqual([]);
    }
  });
});
