/**
 * Query parameters given more than once (`?k=5&k=6`), by name as decoded, in order of first repeat.
 * API Gateway (HTTP API) joins the values of such a parameter with commas (`k: "5,6"`), so a route
 * would see a value nobody sent and answer about it ("k must be a number"); the raw query string is
 * the one place the repetition is still visible.
 */
export function repeatedQueryParameters(rawQueryString: string | undefined): string[] {
  if (!rawQueryString) return [];
  const seen = new Set<string>();
  const repeated = new Set<string>();
  for (const [name] of new URLSearchParams(rawQueryString)) {
    if (seen.has(name)) repeated.add(name);
    else seen.add(name);
  }
  return [...repeated];
}

/**
 * Query parameters a route does not declare, by name as decoded (case-sensitive, as the schema's keys
 * are), each once, in the order first sent. Without this check a misspelt or guessed key (`?top=10`
 * for `k`) is dropped silently and the caller gets the default with no hint.
 */
export function unknownQueryParameters(rawQueryString: string | undefined, known: readonly string[]): string[] {
  if (!rawQueryString) return [];
  const unknown = new Set<string>();
  for (const [name] of new URLSearchParams(rawQueryString)) if (!known.includes(name)) unknown.add(name);
  return [...unknown];
}
