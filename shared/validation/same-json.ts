import { isDeepStrictEqual } from 'node:util';

/**
 * Whether two values are one JSON document: key order and undefined fields aside, which is all a
 * store keeps of them. A resent PUT is recognised by it (it then writes nothing).
 */
export const sameJson = (a: object, b: object): boolean => isDeepStrictEqual(JSON.parse(JSON.stringify(a)), JSON.parse(JSON.stringify(b)));
