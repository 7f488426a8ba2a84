/**
 * The curl examples of the README, read as data: the OpenAPI document shows them as examples and the
 * contract test replays them, so the docs and the API cannot drift apart unnoticed.
 */
export interface CurlExample {
  /** The command as written in the README. */
  source: string;
  method: string;
  /** Path and query after `$API_URL`, e.g. `/v1/profiles/customer-42?k=3`. */
  target: string;
  headers: Record<string, string>;
  /** The `-d` payload, parsed (every README example sends JSON). */
  body?: unknown;
}

/** The one command substitution the examples may use: the current UTC time, e.g. `2026-12-03T07:24:19Z`. */
export const NOW_SUBSTITUTION = '$(date -u +%FT%TZ)';
/** What `$(date -u +%FT%TZ)` stands for in the generated document: a fixed time, so openapi.json is reproducible. */
export const DOCUMENT_EXAMPLE_TIME = new Date('2026-11-27T12:15:00Z');

/** `date -u +%FT%TZ`: ISO 8601 in UTC, to the second. */
export const shellDate = (at: Date): string => `${at.toISOString().slice(0, 19)}Z`;

/**
 * Every `curl … $API_URL…` command in the README's bash blocks, in order, with `$(date -u +%FT%TZ)`
 * in a payload replaced by `now` (the document's fixed example time unless given). Any other command
 * substitution in a payload is refused: its value would be unknown here.
 */
export function readmeCurlExamples(readme: string, now: Date = DOCUMENT_EXAMPLE_TIME): CurlExample[] {
  const examples: CurlExample[] = [];
  for (const block of readme.matchAll(/^```(?:bash|sh|shell)\n([\s\S]*?)^```/gm)) {
    for (const command of shellCommands(block[1]!)) {
      if (command.words[0] !== 'curl') continue;
      const example = curlExample(command, shellDate(now));
      if (example) examples.push(example);
    }
  }
  return examples;
}

function curlExample({ source, words }: { source: string; words: string[] }, now: string): CurlExample | undefined {
  let method: string | undefined;
  let target: string | undefined;
  let data: string | undefined;
  const headers: Record<string, string> = {};
  for (let index = 1; index < words.length; index++) {
    const word = words[index]!;
    if (word === '-X' || word === '--request') method = words[++index];
    else if (word === '-H' || word === '--header') {
      const header = words[++index] ?? '';
      const colon = header.indexOf(':');
      headers[header.slice(0, colon).trim().toLowerCase()] = header.slice(colon + 1).trim();
    } else if (word === '-d' || word === '--data' || word === '--data-raw') data = words[++index]?.split(NOW_SUBSTITUTION).join(now);
    else if (word === '-u' || word === '--user') return undefined; // a call to another service (the token endpoint)
    else if (word.startsWith('$API_URL')) target = word.slice('$API_URL'.length);
  }
  if (target === undefined) return undefined;
  if (data?.includes('$(')) throw new Error(`a README curl example uses a command substitution other than ${NOW_SUBSTITUTION}: ${source.split('\n')[0]}`);
  return { source, method: method ?? (data === undefined ? 'GET' : 'POST'), target, headers, ...(data === undefined ? {} : { body: JSON.parse(data) as unknown }) };
}

/**
 * Splits a bash snippet into commands and words: quotes, backslash-newline continuations, comments
 * and `$(…)` kept verbatim inside their word (not run), nothing more.
 */
function shellCommands(script: string): { source: string; words: string[] }[] {
  const commands: { source: string; words: string[] }[] = [];
  let words: string[] = [];
  let word: string | undefined;
  let start = 0;
  const endWord = () => {
    if (word !== undefined) words.push(word);
    word = undefined;
  };
  const endCommand = (at: number) => {
    endWord();
    if (words.length > 0) commands.push({ source: script.slice(start, at).trim(), words });
    words = [];
    start = at + 1;
  };
  for (let index = 0; index < script.length; index++) {
    const char = script[index]!;
    if (char === "'" || char === '"') {
      const close = script.indexOf(char, index + 1);
      word = (word ?? '') + script.slice(index + 1, close);
      index = close;
    } else if (char === '$' && script[index + 1] === '(') {
      const close = script.indexOf(')', index + 2);
      word = (word ?? '') + script.slice(index, close + 1);
      index = close;
    } else if (char === '\\' && script[index + 1] === '\n') index++;
    else if (char === '#' && word === undefined) index = script.indexOf('\n', index) - 1;
    else if (char === '\n' || char === ';') endCommand(index);
    else if (char === ' ' || char === '\t') endWord();
    else word = (word ?? '') + char;
  }
  endCommand(script.length);
  return commands;
}
