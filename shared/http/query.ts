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
