/**
 * Aho-Corasick automaton compiled to flat typed arrays. Built once per rule-pack set and cached by
 * the caller.
 *
 * Layout: the root's transitions are a dense table indexed by symbol (most text units are read at
 * or near the root). Every other state is a 4-slot record in one Int32Array (first edge, edge
 * mask, failure link, output link), so a transition touches one cache line; its edges are a
 * sorted run in two flat arrays (CSR), scanned linearly when short, and wide states also get a
 * small open-addressing table, so every transition is O(1). The 32-bit edge mask rejects most
 * misses without touching the edges. The scan touches only typed arrays, allocates nothing except
 * when a key ends, and maps units that occur in no key to symbol 0, which resets to the root at
 * once. (A double array was tried first: it scanned no faster and spent ~40 ms per pack set
 * searching for free slots at build time.)
 */

export interface AutomatonMatches {
  /** Number of matches written. */
  count: number;
  /** Exclusive end (normalised unit index) of match `m`. */
  ends: Int32Array;
  /** Key index of match `m`. */
  keys: Int32Array;
}

/** States with more edges than this also get a hash table. */
const LINEAR = 8;
/** Fibonacci hashing multiplier (2^32 / golden ratio). */
const PHI = 0x9e3779b1;
/** Slots of a state record: first edge, edge mask (bit symbol & 31), failure link, output link. */
const EDGES = 0;
const MASK = 1;
const FAIL = 2;
const OUT = 3;

export class Automaton {
  private constructor(
    /** Unit -> symbol (0 = in no key). */
    private readonly symbolOf: Uint16Array,
    /** Root transitions by symbol (0 = stay at root). */
    private readonly rootNext: Int32Array,
    /**
     * Records of 4 slots per state (and a sentinel record): the edges of s are
     * [states[4s + EDGES], states[4s + 4 + EDGES]) in edgeSym/edgeTo, sorted by symbol; OUT is the
     * state itself if it ends a key, else the nearest such state along failure links, else -1.
     */
    private readonly states: Int32Array,
    private readonly edgeSym: Uint16Array,
    private readonly edgeTo: Int32Array,
    /** Wide states: a table of 2^(32 - shift) slots at hashStart[s] (symbol 0 = empty); shift 0 = none. */
    private readonly hashStart: Int32Array,
    private readonly hashShift: Uint8Array,
    private readonly hashSym: Uint16Array,
    private readonly hashTo: Int32Array,
    /** Key ending at this state, or -1. */
    private readonly keyAt: Int32Array,
    /** Next key-ending state along failure links from an output state, or -1. */
    private readonly outNext: Int32Array,
    /** Key lengths in units. */
    readonly keyLengths: Int32Array,
  ) {}

  /** `keys` must be distinct and non-empty; key index = position in `keys`. */
  static build(keys: readonly string[]): Automaton {
    // Symbols: dense small integers for the units that occur in keys.
    const symbolOf = new Uint16Array(65536);
    let symbols = 0;
    for (const k of keys) {
      for (let i = 0; i < k.length; i++) {
        const u = k.charCodeAt(i);
        if (symbolOf[u] === 0) {
          if (symbols === 65535) throw new Error('too many distinct units');
          symbolOf[u] = ++symbols;
        }
      }
    }

    // Pointer trie (Maps only during the build); states are numbered breadth-first below.
    const children: Map<number, number>[] = [new Map()];
    const terminal: number[] = [-1];
    keys.forEach((k, keyIndex) => {
      if (k.length === 0) throw new Error('empty key');
      let node = 0;
      for (let i = 0; i < k.length; i++) {
        const s = symbolOf[k.charCodeAt(i)]!;
        let next = children[node]!.get(s);
        if (next === undefined) {
          next = children.length;
          children.push(new Map());
          terminal.push(-1);
          children[node]!.set(s, next);
        }
        node = next;
      }
      if (terminal[node] !== -1) throw new Error(`duplicate key ${k}`);
      terminal[node] = keyIndex;
    });

    const n = children.length;
    const order = [0];
    const stateOf = new Int32Array(n);
    for (let q = 0; q < order.length; q++) {
      for (const child of children[order[q]!]!.values()) {
        stateOf[child] = order.length;
        order.push(child);
      }
    }
    const states = new Int32Array(4 * (n + 1));
    const edgeSym = new Uint16Array(n - 1);
    const edgeTo = new Int32Array(n - 1);
    const keyAt = new Int32Array(n).fill(-1);
    let e = 0;
    order.forEach((node, state) => {
      let mask = 0;
      states[4 * state + EDGES] = e;
      states[4 * state + OUT] = -1;
      keyAt[state] = terminal[node]!;
      for (const [s, child] of [...children[node]!.entries()].sort((a, b) => a[0] - b[0])) {
        edgeSym[e] = s;
        edgeTo[e] = stateOf[child]!;
        mask |= 1 << (s & 31);
        e++;
      }
      states[4 * state + MASK] = mask;
    });
    states[4 * n + EDGES] = e;
    const edges = (state: number): [number, number] => [states[4 * state + EDGES]!, states[4 * state + 4 + EDGES]!];

    const hashStart = new Int32Array(n);
    const hashShift = new Uint8Array(n);
    let pool = 0;
    for (let state = 1; state < n; state++) {
      const [from, to] = edges(state);
      if (to - from <= LINEAR) continue;
      const bits = 32 - Math.clz32(2 * (to - from) - 1); // at least twice as many slots as edges
      hashStart[state] = pool;
      hashShift[state] = 32 - bits;
      pool += 1 << bits;
    }
    const hashSym = new Uint16Array(pool);
    const hashTo = new Int32Array(pool);
    for (let state = 1; state < n; state++) {
      const shift = hashShift[state]!;
      if (shift === 0) continue;
      const mask = (1 << (32 - shift)) - 1;
      const [from, to] = edges(state);
      for (let i = from; i < to; i++) {
        let h = Math.imul(edgeSym[i]!, PHI) >>> shift;
        while (hashSym[hashStart[state]! + h] !== 0) h = (h + 1) & mask;
        hashSym[hashStart[state]! + h] = edgeSym[i]!;
        hashTo[hashStart[state]! + h] = edgeTo[i]!;
      }
    }
    const rootNext = new Int32Array(symbols + 1);
    for (let i = 0; i < edges(0)[1]; i++) rootNext[edgeSym[i]!] = edgeTo[i]!;

    // Failure and output links, breadth-first (a state's failure target is shallower).
    const outNext = new Int32Array(n).fill(-1);
    const keyLengths = Int32Array.from(keys, (k) => k.length);
    const automaton = new Automaton(symbolOf, rootNext, states, edgeSym, edgeTo, hashStart, hashShift, hashSym, hashTo, keyAt, outNext, keyLengths);
    for (let state = 0; state < n; state++) {
      const [from, to] = edges(state);
      for (let i = from; i < to; i++) {
        states[4 * edgeTo[i]! + FAIL] = state === 0 ? 0 : automaton.step(states[4 * state + FAIL]!, edgeSym[i]!);
      }
      if (state !== 0) {
        const viaFail = states[4 * states[4 * state + FAIL]! + OUT]!;
        states[4 * state + OUT] = keyAt[state] !== -1 ? state : viaFail;
        if (keyAt[state] !== -1) outNext[state] = viaFail;
      }
    }
    return automaton;
  }

  /** The transition from `state` on symbol `s` (> 0), following failure links. */
  private step(state: number, s: number): number {
    const { rootNext, states, edgeSym, edgeTo, hashStart, hashShift, hashSym, hashTo } = this;
    const bit = 1 << (s & 31);
    for (;;) {
      if (state === 0) return rootNext[s]!;
      const r = state << 2;
      if ((states[r + MASK]! & bit) !== 0) {
        const shift = hashShift[state]!;
        if (shift === 0) {
          for (let i = states[r + EDGES]!, end = states[r + 4 + EDGES]!; i < end; i++) {
            const es = edgeSym[i]!;
            if (es === s) return edgeTo[i]!;
            if (es > s) break;
          }
        } else {
          const base = hashStart[state]!;
          const mask = (1 << (32 - shift)) - 1;
          for (let h = Math.imul(s, PHI) >>> shift; ; h = (h + 1) & mask) {
            const hs = hashSym[base + h]!;
            if (hs === s) return hashTo[base + h]!;
            if (hs === 0) break;
          }
        }
      }
      state = states[r + FAIL]!;
    }
  }

  /**
   * All occurrences of all keys in `units[0..length)`, in order of their end. `out` is reused and
   * grown when full; pass the same object back to avoid allocation.
   */
  scan(units: Uint16Array, length: number, out: AutomatonMatches): AutomatonMatches {
    const { symbolOf, rootNext, states, keyAt, outNext } = this;
    let ends = out.ends;
    let keys = out.keys;
    let count = 0;
    let state = 0;
    for (let i = 0; i < length; i++) {
      const s = symbolOf[units[i]!]!;
      if (s === 0) {
        state = 0;
        continue;
      }
      state = state === 0 ? rootNext[s]! : this.step(state, s);
      let o = states[(state << 2) + OUT]!;
      while (o !== -1) {
        if (count === ends.length) {
          const ne = new Int32Array(ends.length * 2 + 16);
          ne.set(ends);
          ends = ne;
          const nk = new Int32Array(keys.length * 2 + 16);
          nk.set(keys);
          keys = nk;
        }
        ends[count] = i + 1;
        keys[count] = keyAt[o]!;
        count++;
        o = outNext[o]!;
      }
    }
    out.count = count;
    out.ends = ends;
    out.keys = keys;
    return out;
  }
}

export function emptyMatches(capacity = 64): AutomatonMatches {
  return { count: 0, ends: new Int32Array(capacity), keys: new Int32Array(capacity) };
}
