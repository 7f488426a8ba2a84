/**
 * Values trackers send when they have no category or brand. A third of real product events carry
 * none, and clients that had to fill the field invented one of these; counted as an interest, the
 * placeholder would become many users' top interest. They are treated as missing everywhere.
 */
const PLACEHOLDERS = new Set([
  '', '-', '--', '?', 'n/a', 'na', 'none', 'null', 'nil', 'undefined', 'unknown', 'unspecified',
  'uncategorized', 'uncategorised', 'no category', 'not set', '(not set)', 'default', 'misc', 'other', 'others',
  '未知', '无', '其他', '其它', '未分类', '默认', '空',
]);

/**
 * Interest keys of recently seen labels (null: a placeholder). A stream repeats a few thousand
 * categories and brands, and two to four labels per event were each trimmed and lower-cased afresh.
 */
const keysOfLabels = new Map<string, string | null>();
const MAX_REMEMBERED_LABELS = 4_096;

/** The label as an interest key, or undefined when it is missing or a placeholder. */
export function interestKey(label: string | undefined): string | undefined {
  if (label === undefined) return undefined;
  let key = keysOfLabels.get(label);
  if (key === undefined) {
    const normalised = label.trim().toLowerCase();
    key = PLACEHOLDERS.has(normalised) ? null : normalised;
    if (keysOfLabels.size >= MAX_REMEMBERED_LABELS) keysOfLabels.clear();
    keysOfLabels.set(label, key);
  }
  return key ?? undefined;
}
