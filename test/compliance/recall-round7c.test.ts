import { check, evalTermKeys, expectFamilyFinding } from './helpers';

/**
 * Recall round 7 of issue 10, part C (English, every family): each rule is a construction of its family (clickbait and fake
 * device alerts, gifts for signing up to a course, course outcome promises, earnings per period and seven-figure businesses,
 * curse and spirit removal, disease management, a regulator or public body said to approve the product, kill rates on germs),
 * not a phrase list. Every sentence below is written for this test, and no span it is flagged on is a term of any evaluation list.
 */
const evalTerms = evalTermKeys();

const enClaims: [text: string, ruleId: string, lawRef: RegExp][] = [
  ["You won't believe how this kettle descales itself.", 'inducement.clickbait', /Google Ads/],
  ['Tap below to see why dentists switched.', 'inducement.clickbait', /Google Ads/],
  ["The one trick lenders don't want you to find out.", 'inducement.clickbait', /Google Ads/],
  ['Alert: your laptop has been hacked, download our cleaner.', 'inducement.clickbait', /Google Ads/],
  ['Register for the diploma and collect free tablets for the family.', 'inducement.sign-up-gift', /VET FEE-HELP/],
  ['A free MacBook once you enroll!', 'inducement.sign-up-gift', /VET FEE-HELP/],
  ['Our short nursing certificate will land you a well-paid role.', 'education.job-promise', /VET FEE-HELP/],
  ["Graduate and you'll walk right into your dream career.", 'education.job-promise', /VET FEE-HELP/],
  ['Guaranteed to boost your odds of landing a job.', 'education.job-promise', /VET FEE-HELP/],
  ['Our tutors are guaranteed to improve your IELTS band.', 'education.job-promise', /score guarantees/],
  ['Better grades guaranteed.', 'education.job-promise', /score guarantees/],
  ['Build a six-figure store with our templates.', 'investment.earnings-claim', /437\.4/],
  ['Members bring in $2,500 a week from dropshipping.', 'investment.earnings-claim', /437\.4/],
  ['Enjoy passive income from vending machines.', 'investment.earnings-claim', /437\.4/],
  ['Make money overnight with our bot.', 'investment.earnings-claim', /437\.4/],
  ['Stellar monthly gains from our copy-trading club.', 'investment.earnings-claim', /437\.4/],
  ['Our shaman lifts any jinx within a day.', 'superstition.curse-removal', /165\.35/],
  ['We cast out evil spirits from homes and offices.', 'superstition.curse-removal', /165\.35/],
  ['This smudge kit clears negative energies from every room.', 'superstition.curse-removal', /165\.35/],
  ['A ritual that reverses black magic.', 'superstition.curse-removal', /165\.35/],
  ['Turmeric shots help you manage type 2 diabetes.', 'medical.condition-support', /Therapeutic Goods Advertising Code/],
  ['A tea that supports people with Parkinson’s.', 'medical.condition-support', /Therapeutic Goods Advertising Code/],
  ['These drops helped with my macular degeneration.', 'medical.condition-support', /Therapeutic Goods Advertising Code/],
  ['The spray eliminates 99.9% of household germs.', 'medical.pathogen', /COVID-19/],
  ['Restoring worn cartilage with every capsule.', 'medical.body-claim', /CAP Code 15\.6/],
  ['The inhaler stops wheezing.', 'medical.condition-verb', /CAP Code 15\.6|FTC|Advertising Law/],
  ['Our vitamin gummies are MHRA endorsed.', 'misleading.endorsement', /.+/],
  ['A sunscreen recommended by the TGA.', 'misleading.endorsement', /.+/],
  ['Call the HMRC helpline run by our tax team.', 'misleading.endorsement', /.+/],
  ['Delivery times that cannot be beaten.', 'absolute.superlative', /CAP Code 3\.7/],
];

describe('recall round 7 (part C): family constructions', () => {
  it.each(enClaims)('en: %s -> %s', (text, ruleId, lawRef) => {
    expectFamilyFinding(text, 'en', ruleId, lawRef, evalTerms);
  });

  it('curse removal, course promises and disease management block; clickbait, sign-up gifts and earnings claims are warnings', () => {
    const severity = (text: string, ruleId: string): string | undefined => check({ text, locale: 'en' }).findings.find((f) => f.ruleId === ruleId)?.severity;
    expect(severity('We cast out evil spirits from homes and offices.', 'superstition.curse-removal')).toBe('block');
    expect(severity('Better grades guaranteed.', 'education.job-promise')).toBe('block');
    expect(severity('Turmeric shots help you manage type 2 diabetes.', 'medical.condition-support')).toBe('block');
    expect(severity("You won't believe how this kettle descales itself.", 'inducement.clickbait')).toBe('warn');
    expect(severity('A free MacBook once you enroll!', 'inducement.sign-up-gift')).toBe('warn');
    expect(severity('Enjoy passive income from vending machines.', 'investment.earnings-claim')).toBe('warn');
  });
});

describe('recall round 7 (part C): ordinary sentences with the same words stay clean', () => {
  const ruleIds = ['inducement.clickbait', 'inducement.sign-up-gift', 'education.job-promise', 'investment.earnings-claim', 'superstition.curse-removal', 'medical.condition-support', 'medical.pathogen', 'misleading.endorsement'];
  const ours = (text: string): string[] =>
    check({ text, locale: 'en' })
      .findings.filter((f) => ruleIds.includes(f.ruleId))
      .map((f) => `${f.ruleId}:${f.match}`);

  it.each([
    "I couldn't believe how quiet the blender was.",
    'Click here to see the delivery options.',
    'The plumber cleared the blockage in our drain in minutes.',
    'The novel follows a family that tries to break an old curse.',
    'The app manages your calendar and reminders.',
    'The course does not guarantee you a job; most graduates find work within a year.',
    'Our staff earn $28 an hour plus super.',
    'Passive income from rental property is taxable.',
    'Your laptop comes with a free carry case.',
    'Wash hands with soap to remove germs.',
    'We are not endorsed by the NHS.',
    "Australia's No.1 selling oats (Nielsen scan data, 2023).",
  ])('en: %s', (text) => {
    expect(ours(text)).toEqual([]);
  });
});

describe('recall round 7 (part C): the medical pack', () => {
  it('leaves disease management to a licensed medicine', () => {
    const text = 'Turmeric shots help you manage type 2 diabetes.';
    expect(check({ text, locale: 'en', industry: 'medical' }).findings.map((f) => f.ruleId)).not.toContain('medical.condition-support');
    expect(check({ text, locale: 'en' }).findings.map((f) => f.ruleId)).toContain('medical.condition-support');
  });
});
