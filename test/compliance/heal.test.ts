import { healDisguises, spelledWords } from '../../shared/compliance/heal';
import { normalise } from '../../shared/compliance/normalise';
import { check, ids } from './helpers';

/** The disguises an evader applies to one word of a claim. */
const DISGUISES: Record<string, (word: string) => string> = {
  'letter-spaced': (w) => [...w].join(' '),
  symbols: (w) => [...w].join('*'),
  'zero-width': (w) => [...w].join('\u200b'),
  'full-width': (w) => [...w].map((c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0)).join(''),
  'in-word break': (w) => `${w.slice(0, w.length >> 1)} ${w.slice(w.length >> 1)}`,
};

/** A claim each pattern family on the original text flags, the word to disguise, and the rule. */
const CLAIMS: [text: string, word: string, rule: string][] = [
  ['Write us a glowing review and get a free mug.', 'review', 'inducement.review-bait'],
  ['This condo is guaranteed to appreciate in value.', 'appreciate', 'investment.appreciation'],
  ['Our balm reduces inflammation overnight.', 'reduces', 'medical.condition-verb'],
  ['We guarantee your child admission to a top school.', 'guarantee', 'education.admission-promise'],
  ['This love spell will bring your ex back for sure.', 'spell', 'superstition.spell-outcome'],
  ['A flawless finish on every wall.', 'flawless', 'absolute.perfection'],
  ['The king of blenders is here.', 'king', 'leadership.king'],
  ['Our tea is approved by the NHS.', 'approved', 'misleading.endorsement-public'],
  ['Only 2 left in stock!', 'left', 'inducement.false-urgency'],
];

describe('pattern rules see through disguises (heal.ts)', () => {
  for (const [text, word, rule] of CLAIMS) {
    it(`${rule} is plain-text caught: ${text}`, () => {
      expect(ids(check({ text, locale: 'en' }).findings)).toContain(rule);
    });
    for (const [how, disguise] of Object.entries(DISGUISES)) {
      it(`${rule}, ${how} "${word}"`, () => {
        const disguised = text.replace(word, disguise(word));
        const finding = check({ text: disguised, locale: 'en' }).findings.find((f) => f.ruleId === rule);
        expect(finding).toBeDefined();
        expect(finding!.match).toContain(disguise(word));
      });
    }
  }

  it.each([
    // Words no rule spells out as a required literal: each half or one of them is no English word.
    ['Our spa is affiliated wi th the NHS.', 'misleading.endorsement-public'],
    ['Ha rry, on ly 2 left in stock!', 'inducement.false-urgency'],
    ['Share th is with 4 friends to win a hamper.', 'inducement.engagement-bait'],
    ['This tincture will shield you fr om harmful spirits.', 'superstition.protection'],
  ])('reads a word broken by a space that no rule spells out: %s', (text, rule) => {
    expect(ids(check({ text, locale: 'en' }).findings)).toContain(rule);
  });

  it('reads a whole letter-spaced claim, its word gaps wider than its letter gaps', () => {
    const text = 'l e a v e   a   f i v e - s t a r   r e v i e w   a n d   g e t   a   $ 1 0   g i f t   c a r d';
    expect(ids(check({ text, locale: 'en' }).findings)).toContain('inducement.review-bait');
  });

  it('reads a one-letter word at the end of a letter-spaced run as a word of its own', () => {
    expect(ids(check({ text: 'Loved it? l e a v e a 5-star review and get a free gift!', locale: 'en' }).findings)).toContain('inducement.review-bait');
    expect(ids(check({ text: 'O n l y 3 left! Order now.', locale: 'en' }).findings)).toContain('inducement.false-urgency');
  });

  it.each(['本机构录 取 率 高 达 9 5 . 5 %', '本机构录\u200b取\u200b率\u200b高\u200b达\u200b9\u200b5\u200b.\u200b5\u200b%', '本機構錄取率高達95.5%'])(
    'reads a disguised rate figure in zh on the original text: %j',
    (text) => {
      expect(ids(check({ text, locale: 'zh-CN' }).findings)).toContain('education.rate-figure');
    },
  );

  it.each([
    'Options a b c and d are listed, e.g. the U.S.A. plan.',
    "It's a b c, and we can not promise anything.",
    'Great customer service and a r e a l bargain.',
    'Call me at 5 p.m., or write to A/B testing.',
    '那种职场环境简直就是乌托邦，有，但是太少了。',
  ])('flags no ordinary text with letter-spaced acronyms or lists: %s', (text) => {
    expect(check({ text, locale: /[\u4e00-\u9fff]/.test(text) ? 'zh-CN' : 'en' }).findings).toEqual([]);
  });
});

/** Heals the whole text (the engine heals only as far as a pattern's match reaches from its literals). */
const healWhole = (text: string): ReturnType<typeof healDisguises> => {
  const norm = normalise(text);
  return healDisguises(text, norm, [{ start: 0, end: norm.length, reach: Infinity }]);
};

describe('healDisguises', () => {
  it('removes only what a disguise inserts and maps every kept unit to its original offset', () => {
    const text = 'a r e v i e w, guar*anteed, re\u200bview';
    const [view, apart] = healWhole(text);
    expect(view!.text).toBe('areview, guaranteed, review');
    expect(apart!.text).toBe('a review, guaranteed, review');
    for (let at = 0; at < view!.text.length; at++) expect(text[view!.origin(at)]).toBe(view!.text[at]);
    expect(view!.healedAt(text.indexOf('guar'))).toBe(view!.text.indexOf('guar'));
  });

  it('offers a second view with a one-letter word kept apart', () => {
    const text = 'a p r e v e n t s';
    expect(healWhole(text).map((v) => v.text)).toEqual(['aprevents', 'a prevents']);
  });

  it('leaves ordinary text alone', () => {
    for (const text of ["don't stop", 'five-star hotel', 'AT&T and e-mail', '好评返现，真的']) {
      expect(healWhole(text)).toEqual([]);
    }
  });

  it('rejoins a word broken by a space when a half is no word, and keeps two words apart', () => {
    expect(healWhole('sent wi th care, on ly fr om us').map((v) => v.text)).toEqual(['sent with care, only from us']);
    // Both halves are words (`a part`, `in to`, `be fore`, `some thing`), or one is a letter: ordinary text.
    for (const text of ['we take it a part at a time', 'fold it in to the mix be fore you add some thing', 'the U S plan', 'an e mail']) {
      expect(healWhole(text)).toEqual([]);
    }
  });
});

describe('spelledWords', () => {
  it.each([
    ['\\b(?:the\\s+)?king\\s{1,3}of', ['the', 'king']],
    ['top[\\s-]?notch|finalists?', ['top', 'notch', 'finalists', 'finalist']],
    // Parts of words: a group, a class or an optional letter continues them.
    ['servic(?:e|ing)|(?:un|re)claimed|authori[sz]ed|tumou?rs?', []],
  ])('reads the whole words of %s', (source, words) => {
    expect(spelledWords(source)).toEqual(words);
  });
});
