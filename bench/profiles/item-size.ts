/**
 * DynamoDB's size of an item, by the rules it bills by (Developer Guide, "Item sizes and formats"):
 * each attribute name's UTF-8 bytes plus its value — strings their UTF-8 bytes, binary its bytes,
 * numbers about one byte per two significant digits plus one, booleans and null one byte, and maps
 * and lists 3 bytes plus one per element on top of their contents.
 */
export function dynamoItemBytes(item: Record<string, unknown>): number {
  let bytes = 0;
  for (const [name, value] of Object.entries(item)) if (value !== undefined) bytes += Buffer.byteLength(name) + valueBytes(value);
  return bytes;
}

function valueBytes(value: unknown): number {
  if (value === null || typeof value === 'boolean') return 1;
  if (typeof value === 'string') return Buffer.byteLength(value);
  if (typeof value === 'number') return numberBytes(value);
  if (value instanceof Uint8Array) return value.byteLength;
  if (Array.isArray(value)) return 3 + value.reduce((sum: number, element) => sum + 1 + valueBytes(element), 0);
  if (typeof value === 'object') {
    let bytes = 3;
    for (const [name, element] of Object.entries(value)) if (element !== undefined) bytes += 1 + Buffer.byteLength(name) + valueBytes(element);
    return bytes;
  }
  throw new Error(`cannot size a ${typeof value}`);
}

function numberBytes(value: number): number {
  const digits = Math.abs(value).toExponential().replace(/e.*$/, '').replace('.', '').replace(/0+$/, '').length || 1;
  return Math.ceil(digits / 2) + 1;
}

/** Write units of one standard write: one per started kilobyte. */
export const writeUnits = (bytes: number) => Math.max(1, Math.ceil(bytes / 1024));
/** Read units of one strongly consistent read: one per started 4 KB, and one for an item that is not there. */
export const readUnits = (bytes: number | undefined) => (bytes === undefined ? 1 : Math.max(1, Math.ceil(bytes / 4096)));
