/**
 * JSON request bodies, parsed strictly: `JSON.parse` keeps the last of two equal keys in one object
 * and says nothing, while a proxy, a WAF rule or a log reader may act on the first. A body such as
 * `{"purposes":{"profiling":"refused","profiling":"granted"}}` means two things at once, so the API
 * refuses it and names the key.
 *
 * Native `JSON.parse` does the parsing (and the syntax errors); a one-pass scanner over the same text,
 * run only after it succeeded, looks for equal keys. Because the text is known to be valid JSON the
 * scanner only follows structure: braces, brackets, commas and the extent of strings. Keys are
 * compared as decoded strings, so `"a"` and `"\u0061"` are the same key, as they are to `JSON.parse`.
 */

/** Two members of one object with the same name. `path` names the object's place and the key, as `a.b[2].key`. */
export class DuplicateKeyError extends Error {
  override readonly name = 'DuplicateKeyError';
  constructor(
    readonly key: string,
    readonly path: string,
  ) {
    super(`duplicate key ${JSON.stringify(key)} at ${path}`);
  }
}

/** `JSON.parse`, except that a duplicate key at any depth throws DuplicateKeyError; syntax errors throw SyntaxError as usual. */
export function parseJsonStrict(text: string): unknown {
  const value = JSON.parse(text) as unknown;
  const duplicate = findDuplicateKey(text);
  if (duplicate) throw new DuplicateKeyError(duplicate.key, duplicate.path);
  return value;
}

interface Frame {
  /** The keys read so far, null for an array. A list while short (faster than a Set for the usual few keys), a Set past that. */
  keys: string[] | Set<string> | null;
  /** The member being read (objects) or the element index (arrays): this frame's step in a path. */
  step: string | number;
}

const QUOTE = 34;
const BACKSLASH = 92;
const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;
const OPEN_BRACKET = 91;
const CLOSE_BRACKET = 93;
const COMMA = 44;

/**
 * The first duplicate key in `text`, which must be valid JSON (behaviour on invalid text is
 * unspecified: call it after `JSON.parse` accepted the text). Linear in the text's length.
 */
export function findDuplicateKey(text: string): { key: string; path: string } | undefined {
  if (text.indexOf('{') === -1) return undefined;
  const frames: Frame[] = [];
  let top: Frame | undefined;
  let expectKey = false;
  const length = text.length;
  for (let i = 0; i < length; i++) {
    const code = text.charCodeAt(i);
    if (code === QUOTE) {
      const end = stringEnd(text, i);
      if (expectKey && top?.keys) {
        const raw = text.slice(i + 1, end);
        const key = raw.indexOf('\\') === -1 ? raw : (JSON.parse(text.slice(i, end + 1)) as string);
        if (seen(top, key)) return { key, path: pathOf(frames, key) };
        top.step = key;
        expectKey = false;
      }
      i = end;
    } else if (code === OPEN_BRACE) {
      top = { keys: [], step: '' };
      frames.push(top);
      expectKey = true;
    } else if (code === OPEN_BRACKET) {
      top = { keys: null, step: 0 };
      frames.push(top);
      expectKey = false;
    } else if (code === CLOSE_BRACE || code === CLOSE_BRACKET) {
      frames.pop();
      top = frames[frames.length - 1];
      expectKey = false;
    } else if (code === COMMA && top) {
      if (top.keys) expectKey = true;
      else (top.step as number)++;
    }
  }
  return undefined;
}

const LIST_LIMIT = 12;

/** Whether the object already has `key`; records it if not. */
function seen(frame: Frame, key: string): boolean {
  const keys = frame.keys!;
  if (Array.isArray(keys)) {
    if (keys.includes(key)) return true;
    keys.push(key);
    if (keys.length > LIST_LIMIT) frame.keys = new Set(keys);
    return false;
  }
  if (keys.has(key)) return true;
  keys.add(key);
  return false;
}

/** The index of the quote that closes the string opened at `start`. */
function stringEnd(text: string, start: number): number {
  let end = text.indexOf('"', start + 1);
  while (end !== -1) {
    let backslashes = 0;
    for (let j = end - 1; text.charCodeAt(j) === BACKSLASH; j--) backslashes++;
    if (backslashes % 2 === 0) return end;
    end = text.indexOf('"', end + 1);
  }
  return text.length;
}

/** `purposes.profiling`, `events[3].properties.x`; a key that is not a plain identifier is quoted: `a["b.c"]`. */
function pathOf(frames: readonly Frame[], key: string): string {
  let path = '';
  // The last frame is the object holding the duplicate; its own step is the key itself.
  for (let f = 0; f < frames.length - 1; f++) path += stepText(frames[f]!, path === '');
  return path + stepText({ keys: [], step: key }, path === '');
}

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

function stepText(frame: Frame, first: boolean): string {
  if (!frame.keys) return `[${frame.step}]`;
  const key = frame.step as string;
  if (IDENTIFIER.test(key)) return first ? key : `.${key}`;
  return `[${JSON.stringify(key)}]`;
}
