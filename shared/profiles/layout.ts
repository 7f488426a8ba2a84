/**
 * Positional packing of a JSON value whose shape is known (codec version 4): an object of known
 * fields becomes an array of its values in a fixed order, so a stored profile no longer spells out
 * some eighty field names. DEFLATE with a preset dictionary made each name cheap, not free: a few
 * bytes of match per name, about a tenth of a sparse shopper's item. Lossless:
 * `unpack(pack(value, layout), layout)` equals `value` for any value of the layout's shape and for
 * fields the layout does not know (they are kept as they are, so a state field added later is stored
 * without a codec change).
 *
 *  - `fields`: an object → `[v1, v2, …]` in field order, `null` for an absent field (trailing ones
 *    left out), and when the object has fields the layout does not name (or a known field holding
 *    `null`), one more element after the known ones: an object of those fields as they are.
 *  - `list`: an array whose elements all have one layout.
 *  - `keys`: a record keyed by an enumeration (event types, drop rules…) → `[key, value, …]` flat, in
 *    the record's own order, each key written as its index in the enumeration, or as itself if it is
 *    not one of them. An enumeration is frozen once shipped: indices are stored.
 */

export type Layout = FieldsLayout | ListLayout | KeysLayout;
interface FieldsLayout {
  readonly kind: 'fields';
  readonly names: readonly string[];
  readonly layouts: readonly (Layout | undefined)[];
  readonly known: ReadonlySet<string>;
}
interface ListLayout {
  readonly kind: 'list';
  readonly element: Layout;
}
interface KeysLayout {
  readonly kind: 'keys';
  readonly keys: readonly string[];
  readonly index: ReadonlyMap<string, number>;
}

type Field = string | readonly [name: string, layout: Layout];

export function fields(...list: readonly Field[]): Layout {
  const names = list.map((field) => (typeof field === 'string' ? field : field[0]));
  if (new Set(names).size !== names.length) throw new Error('a layout names a field twice');
  return { kind: 'fields', names, layouts: list.map((field) => (typeof field === 'string' ? undefined : field[1])), known: new Set(names) };
}

export const list = (element: Layout): Layout => ({ kind: 'list', element });

export const keys = (enumeration: readonly string[]): Layout => ({ kind: 'keys', keys: enumeration, index: new Map(enumeration.map((key, index) => [key, index])) });

const isRecord = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value);

/** Sets an own property even for a key such as `__proto__` (plain assignment would set the prototype). */
function define(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

/** Packs `value` by `layout`; a value that does not have the layout's shape is refused, never stored wrong. */
export function pack(value: unknown, layout: Layout): unknown {
  switch (layout.kind) {
    case 'list':
      if (!Array.isArray(value)) throw new Error('layout: expected a list');
      return value.map((element) => pack(element, layout.element));
    case 'keys': {
      if (!isRecord(value)) throw new Error('layout: expected a record');
      const out: unknown[] = [];
      for (const key of Object.keys(value)) {
        const element = value[key];
        if (element === undefined) continue;
        out.push(layout.index.get(key) ?? key, element);
      }
      return out;
    }
    case 'fields': {
      if (!isRecord(value)) throw new Error('layout: expected an object');
      const out: unknown[] = [];
      let used = 0;
      for (let position = 0; position < layout.names.length; position++) {
        const name = layout.names[position]!;
        const element = Object.hasOwn(value, name) ? value[name] : undefined;
        if (element === undefined || element === null) {
          out.push(null);
          continue;
        }
        const inner = layout.layouts[position];
        out.push(inner ? pack(element, inner) : element);
        used = position + 1;
      }
      let extras: Record<string, unknown> | undefined;
      for (const name of Object.keys(value)) {
        const element = value[name];
        if (element === undefined || (layout.known.has(name) && element !== null)) continue;
        define((extras ??= {}), name, element);
      }
      if (!extras) {
        out.length = used;
        return out;
      }
      out.push(extras);
      return out;
    }
  }
}

/** Inverts `pack`; throws on a value that `pack` cannot have written. */
export function unpack(value: unknown, layout: Layout): unknown {
  if (!Array.isArray(value)) throw new Error('corrupt profile body: expected an array');
  switch (layout.kind) {
    case 'list':
      return value.map((element) => unpack(element, layout.element));
    case 'keys': {
      if (value.length % 2 !== 0) throw new Error('corrupt profile body: odd key list');
      const out: Record<string, unknown> = {};
      for (let position = 0; position < value.length; position += 2) {
        const key: unknown = value[position];
        const name = typeof key === 'number' ? layout.keys[key] : typeof key === 'string' ? key : undefined;
        if (name === undefined) throw new Error('corrupt profile body: unknown key');
        define(out, name, value[position + 1]);
      }
      return out;
    }
    case 'fields': {
      const count = layout.names.length;
      if (value.length > count + 1) throw new Error('corrupt profile body: too many fields');
      const out: Record<string, unknown> = {};
      for (let position = 0; position < Math.min(count, value.length); position++) {
        const element: unknown = value[position];
        if (element === null) continue;
        const inner = layout.layouts[position];
        out[layout.names[position]!] = inner ? unpack(element, inner) : element;
      }
      if (value.length === count + 1) {
        const extras: unknown = value[count];
        if (!isRecord(extras)) throw new Error('corrupt profile body: extra fields');
        for (const name of Object.keys(extras)) define(out, name, extras[name]);
      }
      return out;
    }
  }
}
