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

/** The label as an interest key, or undefined when it is missing or a placeholder. */
export function interestKey(label: string | undefined): string | undefined {
  if (label === undefined) return undefined;
  const key = label.trim().toLowerCase();
  return PLACEHOLDERS.has(key) ? undefined : key;
}
