import { check, describeRecallRound, type RoundClaim } from './helpers';

/**
 * Recall round 10 of issue 10, English. The round's own sources (HA ... HL) are held out whole: these rules were written from the misses
 * of earlier held-out English parts only (round 9's E9B, round 8's EB, the en rows of GR, GZ, GW and GQ) and from the constructions of
 * each family: a prize the reader is told is certain or will be lost, lottery odds hype, easy money, returns per period and protected
 * capital, graduate outcome figures, regulator badges and look-alike official registers, a product matched with a medicine, a disease
 * after a free word, fortune telling that foresees or protects, "the first and only", the dominant player, leading-edge. Every sentence
 * below is written for this test, and no span it is flagged on is a term of any evaluation list.
 */
const claims: RoundClaim[] = [
  ['Verified winner: your sweepstakes cheque is waiting at our office.', 'inducement.prize-certainty', 'Verified winner', /World of Treats/],
  ['Reply today and you are sure to collect the holiday award we are holding.', 'inducement.prize-certainty', 'sure to collect the holiday award', /World of Treats/],
  ['You have been chosen to get a holiday reward worth $500.', 'inducement.prize-certainty', 'You have been chosen to get a holiday reward', /World of Treats/],
  ['Reply by Monday, or you could forfeit your holiday jackpot.', 'inducement.prize-certainty', 'could forfeit your holiday jackpot', /World of Treats/],
  ['Buy three tickets and you stand a really strong chance of winning.', 'inducement.odds-hype', 'you stand a really strong chance of winning', /Health Lottery/],
  ['Play this weekend: three chances to win $50,000.', 'inducement.odds-hype', 'three chances to win $5', /Health Lottery/],
  ['Two players won the jackpot last week. You could be our next big winner!', 'inducement.odds-hype', 'You could be our next big winner', /Health Lottery/],
  ['Imagine never having to work again: buy a scratchcard today.', 'inducement.odds-hype', 'Imagine never having to work again', /Health Lottery/],
  ['Seats are limited, so you should act now to secure your place.', 'inducement.act-now', 'act now to secure', /Money-Making/],
  ['Our dropshipping blueprint shows students how to earn serious cash.', 'investment.easy-money', 'earn serious cash', /Money-Making/],
  ['No prior skills required to start earning with our app.', 'investment.easy-money', 'No prior skills required to start earning', /Money-Making/],
  ['Join the network and live like a millionaire by next summer.', 'investment.easy-money', 'live like a millionaire', /Money-Making/],
  ['Members receive 4% weekly profits from our arbitrage desk.', 'investment.periodic-return', '4% weekly profits', /Ponzi/],
  ['The scheme generates 1.5% each day on every deposit.', 'investment.periodic-return', 'generates 1.5% each day', /Ponzi/],
  ['Your savings are always safe with our gold-backed token.', 'investment.periodic-return', 'Your savings are always safe', /Ponzi/],
  ['A guaranteed forex income plan for busy parents.', 'investment.periodic-return', 'guaranteed forex income', /Ponzi/],
  ['92 percent of trainees found work within a year.', 'education.graduate-outcome', '92 percent of trainees found work', /Flatiron/],
  ['Finish the data course and land a six-figure analyst role.', 'education.graduate-outcome', 'land a six-figure analyst role', /Flatiron/],
  ['Look for the MHRA stamp on every pack.', 'misleading.endorsement-regulator', 'MHRA stamp', /807\.39/],
  ['Check your van on the accredited emissions register for free.', 'misleading.endorsement-regulator', 'the accredited emissions register for', /807\.39/],
  ['Our magnetic insoles were approved by the FDA to rebalance your body.', 'misleading.endorsement-regulator', 'approved by the FDA to rebalance', /807\.39/],
  ['This cooling gel works as well as ibuprofen for sore knees.', 'medical.drug-equivalence', 'works as well as ibuprofen', /Dermalex/],
  ['Natural healing without medication, straight from the rainforest.', 'medical.drug-equivalence', 'healing without medication', /Dermalex/],
  ['Our bone broth soothes chronic gut inflammation.', 'medical.disease-slot', 'soothes chronic gut inflammation', /EnteroMed/],
  ['This detox tea flushes your liver of harmful parasites.', 'medical.disease-slot', 'flushes your liver of harmful parasites', /EnteroMed/],
  ['Our humidifier is tested against influenza.', 'medical.disease-slot', 'tested against influenza', /EnteroMed/],
  ['Madame Iris will calculate your lucky dates for the new year.', 'superstition.fortune-claim', 'calculate your lucky dates', /Maria Duval/],
  ['Our crystal ball reveals the name of your future partner.', 'superstition.fortune-claim', 'Our crystal ball reveals', /Maria Duval/],
  ['Discover what destiny has in store for you this spring.', 'superstition.fortune-claim', 'Discover what destiny has in store for you', /Maria Duval/],
  ['Meet the industry\'s first and only self-cleaning litter box.', 'absolute.first-and-only', "the industry's first and only", /first and only/],
  ['Acme is the undisputed leader in garden robotics.', 'leadership.dominant', 'the undisputed leader in', /leading/],
  ['Bleeding-edge sensors in a pocket-sized tracker.', 'platform.tier-edge', 'Bleeding-edge', /tier words/],
];

describeRecallRound('recall round 10 (en): constructions of the families', 'en', claims, [
  'The winners of the 2019 photo contest are listed on our blog.',
  'You are entitled to a refund within 30 days.',
  'Please play responsibly and only spend what you can afford.',
  'Everybody was happy with the food and the service.',
  'I had to quit my job to look after my mother.',
  'The savings account pays 4.1% a year, variable.',
  'Returns can go down as well as up.',
  'Your deposit is protected up to £85,000 by the FSCS.',
  'Graduates of the course receive a certificate of completion.',
  'This lamp is CE marked and conforms to the low-voltage rules.',
  'Ask your pharmacist whether ibuprofen suits you.',
  'The knife has a sharp edge and a comfortable handle.',
  'It was the first and only time I ordered from them.',
  'Our moisturizer soothes dry skin after a long day outdoors.',
  'Wash your hands to help stop the spread of germs.',
]);

describe('recall round 10 (en): severities and the medical pack', () => {
  const severity = (text: string, ruleId: string): string | undefined => check({ text, locale: 'en' }).findings.find((f) => f.ruleId === ruleId)?.severity;

  it.each([
    ['Verified winner: your sweepstakes cheque is waiting at our office.', 'inducement.prize-certainty', 'block'],
    ['Members receive 4% weekly profits from our arbitrage desk.', 'investment.periodic-return', 'block'],
    ['92 percent of trainees found work within a year.', 'education.graduate-outcome', 'block'],
    ['Look for the MHRA stamp on every pack.', 'misleading.endorsement-regulator', 'block'],
    ['Our bone broth soothes chronic gut inflammation.', 'medical.disease-slot', 'block'],
    ['Our crystal ball reveals the name of your future partner.', 'superstition.fortune-claim', 'block'],
    ['Play this weekend: three chances to win $50,000.', 'inducement.odds-hype', 'warn'],
    ['Our dropshipping blueprint shows students how to earn serious cash.', 'investment.easy-money', 'warn'],
    ['Bleeding-edge sensors in a pocket-sized tracker.', 'platform.tier-edge', 'warn'],
  ])('severity: %s -> %s is %s', (text, ruleId, expected) => {
    expect(severity(text, ruleId)).toBe(expected);
  });

  it('names the flagged span and a rewrite', () => {
    const f = check({ text: 'This cooling gel works as well as ibuprofen for sore knees.', locale: 'en' }).findings.find((x) => x.ruleId === 'medical.drug-equivalence');
    expect(f?.match).toBe('works as well as ibuprofen');
    expect(f?.suggestion).toContain('delete "works as well as ibuprofen"');
  });

  it('a negated claim is no claim', () => {
    expect(severity('Our fund does not pay 2% every month, and it can lose money.', 'investment.periodic-return')).toBeUndefined();
    expect(severity('This balm will not relieve sinus infections; see a doctor.', 'medical.disease-slot')).toBeUndefined();
    expect(severity('Our fund pays 2% every month.', 'investment.periodic-return')).toBe('block');
  });

  it('leaves disease and medicine comparisons to a licensed medicine in the medical pack', () => {
    const ids = (text: string, industry?: 'medical'): string[] => check({ text, locale: 'en', ...(industry ? { industry } : {}) }).findings.map((f) => f.ruleId);
    for (const [text, ruleId] of [
      ['Our bone broth soothes chronic gut inflammation.', 'medical.disease-slot'],
      ['This cooling gel works as well as ibuprofen for sore knees.', 'medical.drug-equivalence'],
    ] as const) {
      expect(ids(text)).toContain(ruleId);
      expect(ids(text, 'medical')).not.toContain(ruleId);
    }
  });
});
