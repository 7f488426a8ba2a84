import { check, evalTermKeys, expectFamilyFinding } from './helpers';

/**
 * Recall round 9 of issue 10, English, part E9A (the tuning part; part E9B is held out and its misses are never read). Round 8's
 * lesson was that per-phrase rules do not reach new sources, so each rule here is a claim frame with an open slot, read off part
 * E9A's misses: weight loss with no effort, a weekly pace or a fat-blocking mechanism (the FTC's Gut Check); a product that makes a
 * treatment unnecessary; a verb that prevents a decline; "clinically shown to <verb>"; accurate or genuine + a psychic service; a
 * spell cast for someone or sold to solve something; a reading that will improve a part of one's life; money made over a short
 * window; customers said to have been made rich; promises of wealth or a second income; a guaranteed placement, job or interview;
 * the grades you need and the highest pass rates; named or ranked number one or top ten; scarcity pressure. Every sentence below is
 * written for this test, and no span it is flagged on is a term of any evaluation list.
 */
const evalTerms = evalTermKeys();

const enClaims: [text: string, ruleId: string, lawRef: RegExp][] = [
  ['Shed stubborn belly fat without giving up your favourite foods.', 'medical.effortless-weight-loss', /Gut Check/],
  ['These keto gummies burn fat while you sleep.', 'medical.effortless-weight-loss', /Gut Check/],
  ['Eat anything you want and still lose weight with our capsules.', 'medical.effortless-weight-loss', /Gut Check/],
  ['Drop five kilos a week with our detox tea.', 'medical.weight-loss-pace', /Gut Check/],
  ['Customers lose as much as 4 lbs per day.', 'medical.weight-loss-pace', /Gut Check/],
  ['White kidney bean extract stops the uptake of carbs.', 'medical.fat-absorption', /Gut Check/],
  ['A natural fat binder for after big meals.', 'medical.fat-absorption', /Gut Check/],
  ['This turmeric blend makes painkillers unnecessary.', 'medical.replaces-treatment', /surgery and chemotherapy/],
  ['Our herbal tonic replaces your blood pressure pills.', 'medical.replaces-treatment', /surgery and chemotherapy/],
  ['Lion’s mane gummies reverse memory loss.', 'medical.decline-prevention', /BrainStrong/],
  ['Our calcium chews halt age-related bone loss.', 'medical.decline-prevention', /BrainStrong/],
  ['This serum is dermatologically proven to erase dark circles.', 'medical.proven-efficacy', /establishment claims/],
  ['Our insoles are clinically shown to straighten your spine.', 'medical.proven-efficacy', /establishment claims/],
  ['Book a session with our gifted tarot readers today.', 'superstition.psychic-accuracy', /Psychics/],
  ['Our astrology predictions are always accurate.', 'superstition.psychic-accuracy', /Psychics/],
  ['We will cast a powerful love spell on your behalf.', 'superstition.spell-purpose', /Zara/],
  ['Ancient voodoo spells that bring back your lost lover.', 'superstition.spell-purpose', /Zara/],
  ['A tarot reading with Madame Rose can transform your finances.', 'superstition.reading-outcome', /Pundit Maharaj/],
  ['Our full-moon rituals will boost your career.', 'superstition.reading-outcome', /Pundit Maharaj/],
  ['Members banked $4,200 in returns within three weeks.', 'investment.profit-window', /hannahd/],
  ['See gains of €900 in just one day with our bot.', 'investment.profit-window', /hannahd/],
  ['Our mentors have turned hundreds of members into millionaires.', 'investment.wealth-made', /Fortune Academy/],
  ['We helped 3,000 traders earn over $10,000 each.', 'investment.wealth-made', /Fortune Academy/],
  ['Our property course teaches you how to achieve financial freedom.', 'investment.wealth-promise', /Money-Making/],
  ['Build a second stream of income from your phone.', 'investment.wealth-promise', /Money-Making/],
  ['Every graduate gets a guaranteed interview with our partners.', 'education.placement-guarantee', /Vocational training/],
  ['Train as a chef: your first job is guaranteed.', 'education.placement-guarantee', /Vocational training/],
  ['Our tutors help you get the marks you deserve.', 'education.grade-promise', /Thoughtbridge/],
  ['The best first-time pass rates in the county.', 'education.grade-promise', /Thoughtbridge/],
  ['Our mattress was crowned number one by sleepers.', 'absolute.ranking-named', /CAP advice "No\. 1"/],
  ['The app has been ranked in the top five for fitness.', 'absolute.ranking-named', /CAP advice "No\. 1"/],
  ['Hurry, just three tickets left!', 'inducement.scarcity-pressure', /WIN Investing/],
  ['Enrol before Friday or risk missing out.', 'inducement.scarcity-pressure', /WIN Investing/],
];

describe('recall round 9 (en, part E9A): claim frames with an open slot', () => {
  it.each(enClaims)('en: %s -> %s', (text, ruleId, lawRef) => {
    expectFamilyFinding(text, 'en', ruleId, lawRef, evalTerms);
  });

  it('health, superstition, investment and education claims block; proven efficacy, wealth promises, rankings and scarcity warn', () => {
    const severity = (text: string, ruleId: string): string | undefined => check({ text, locale: 'en' }).findings.find((f) => f.ruleId === ruleId)?.severity;
    expect(severity('These keto gummies burn fat while you sleep.', 'medical.effortless-weight-loss')).toBe('block');
    expect(severity('Book a session with our gifted tarot readers today.', 'superstition.psychic-accuracy')).toBe('block');
    expect(severity('Members banked $4,200 in returns within three weeks.', 'investment.profit-window')).toBe('block');
    expect(severity('Train as a chef: your first job is guaranteed.', 'education.placement-guarantee')).toBe('block');
    expect(severity('Our insoles are clinically shown to straighten your spine.', 'medical.proven-efficacy')).toBe('warn');
    expect(severity('Build a second stream of income from your phone.', 'investment.wealth-promise')).toBe('warn');
    expect(severity('Our mattress was crowned number one by sleepers.', 'absolute.ranking-named')).toBe('warn');
    expect(severity('Hurry, just three tickets left!', 'inducement.scarcity-pressure')).toBe('warn');
  });

  it('names the flagged span and a rewrite', () => {
    const f = check({ text: 'This turmeric blend makes painkillers unnecessary.', locale: 'en' }).findings.find((x) => x.ruleId === 'medical.replaces-treatment');
    expect(f?.match).toBe('makes painkillers unnecessary');
    expect(f?.suggestion).toContain('delete "makes painkillers unnecessary"');
  });
});

describe('recall round 9 (en, part E9A): ordinary sentences with the same words stay clean', () => {
  const ruleIds = [
    'medical.effortless-weight-loss',
    'medical.weight-loss-pace',
    'medical.fat-absorption',
    'medical.replaces-treatment',
    'medical.decline-prevention',
    'medical.proven-efficacy',
    'superstition.psychic-accuracy',
    'superstition.spell-purpose',
    'superstition.reading-outcome',
    'investment.profit-window',
    'investment.wealth-made',
    'investment.wealth-promise',
    'education.placement-guarantee',
    'education.grade-promise',
    'absolute.ranking-named',
    'inducement.scarcity-pressure',
  ];
  const ours = (text: string): string[] =>
    check({ text, locale: 'en' })
      .findings.filter((f) => ruleIds.includes(f.ruleId))
      .map((f) => `${f.ruleId}:${f.match}`);

  it.each([
    'I lost 2 pounds a week on this plan, but I also walked every day.',
    'You will not lose weight without changing your diet.',
    'Melt the butter in a pan, then add the flour.',
    'Burn the fat off the lamb before roasting.',
    'Fibre slows digestion and keeps you full for longer.',
    'Do not stop taking your medication without asking your doctor.',
    'This pill box makes taking medication easier.',
    'Hearing loss runs in my family, so I bought the louder model.',
    'The sunscreen is dermatologically tested and proven to be safe for sensitive skin.',
    'The film follows a fortune teller who fakes her readings.',
    'The wizard can cast a spell to heal the party in the final level.',
    'Reading this book will change your life, or at least your Sunday.',
    'Spell check will fix your typos before you send.',
    'The value of your investment can fall; past returns are no guide to the future.',
    'I earned $40 in tips within two hours on Saturday.',
    'We helped 200 families move house last year.',
    'You will gain real confidence in the kitchen.',
    'Placement is not guaranteed and depends on your interview.',
    'Students get the feedback they need within a week.',
    'The pass rate was 71% in 2024 (source: the exam board).',
    'The song was voted number one in 1987 by readers of the magazine.',
    'Hurry home, the match starts at eight.',
    'Only 2 days until the concert and I am so excited.',
  ])('en: %s', (text) => {
    expect(ours(text)).toEqual([]);
  });
});

describe('recall round 9 (en, part E9A): the medical pack', () => {
  it('leaves fat-blocking, treatment-replacement and decline claims to a licensed medicine, but still flags effortless weight loss', () => {
    const ids = (text: string, industry?: 'medical'): string[] => check({ text, locale: 'en', ...(industry ? { industry } : {}) }).findings.map((f) => f.ruleId);
    for (const [text, ruleId] of [
      ['White kidney bean extract stops the uptake of carbs.', 'medical.fat-absorption'],
      ['This turmeric blend makes painkillers unnecessary.', 'medical.replaces-treatment'],
      ['Our calcium chews halt age-related bone loss.', 'medical.decline-prevention'],
    ] as const) {
      expect(ids(text)).toContain(ruleId);
      expect(ids(text, 'medical')).not.toContain(ruleId);
    }
    expect(ids('These keto gummies burn fat while you sleep.', 'medical')).toContain('medical.effortless-weight-loss');
  });
});

describe('recall round 9 (en, part E9A): the food pack', () => {
  it('leaves weight-loss claims on foods to its own health-claim rule, as the Gut Check guide excludes foods from its scope', () => {
    const ids = (text: string, industry?: 'food'): string[] => check({ text, locale: 'en', ...(industry ? { industry } : {}) }).findings.map((f) => f.ruleId);
    expect(ids('Granola bites that burn fat while you sleep.')).toContain('medical.effortless-weight-loss');
    expect(ids('Granola bites that burn fat while you sleep.', 'food')).not.toContain('medical.effortless-weight-loss');
    expect(ids('Granola bites that burns fat while you sleep.', 'food')).toContain('food.health-claim');
    expect(ids('Drop five kilos a week with our detox tea.', 'food')).not.toContain('medical.weight-loss-pace');
  });
});
