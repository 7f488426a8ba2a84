/**
 * How many levels of arrays and objects a JSON value nests (a scalar: 0, `[]`: 1, `{"a":[1]}`: 2),
 * counted without recursion and up to `limit + 1` at most: a body of a million `[` parses, and a
 * recursive walk over it (a zod refinement, JSON.stringify) would overflow the stack, a 500.
 */
export function nestingDepth(value: unknown, limit: number): number {
  let deepest = 0;
  const stack: { value: unknown; depth: number }[] = [{ value, depth: 0 }];
  while (stack.length > 0) {
    const { value: current, depth } = stack.pop()!;
    if (current === null || typeof current !== 'object') continue;
    const level = depth + 1;
    if (level > deepest) deepest = level;
    if (deepest > limit) return deepest;
    for (const child of Array.isArray(current) ? current : Object.values(current)) {
      if (child !== null && typeof child === 'object') stack.push({ value: child, depth: level });
    }
  }
  return deepest;
}
