import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';

/** Lines caught (or flagged) out of lines seen. */
export interface Count {
  hit: number;
  n: number;
}

/** Counts by key ("<locale>|<split>", "<source> <family>|all"…), printed as `hit/n (share)` cells. */
export class Tally {
  private readonly counts = new Map<string, Count>();
  add(key: string, ok: boolean): void {
    const c = this.counts.get(key) ?? { hit: 0, n: 0 };
    c.n++;
    if (ok) c.hit++;
    this.counts.set(key, c);
  }
  get(key: string): Count | undefined {
    return this.counts.get(key);
  }
  cell(key: string): string {
    const c = this.counts.get(key);
    return c ? `${c.hit}/${c.n} (${(c.hit / c.n).toFixed(3)})` : '-';
  }
  /** Both splits, then all: the three columns the held-out tables have. */
  row(prefix: string): string {
    return (['tune', 'test', 'all'] as const).map((s) => this.cell(`${prefix}|${s}`)).join(' | ');
  }
}

/** Writes a benchmark's markdown report (one line per entry, trailing newline) and echoes it. */
export function writeReport(path: string, lines: readonly string[]): void {
  const md = `${lines.join('\n')}\n`;
  mkdirSync(resolve(path, '..'), { recursive: true });
  writeFileSync(path, md);
  process.stdout.write(md);
}
