import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { WindowLimits } from '../../bench/budget/nab-scorer';

/** NAB realTraffic/speed_7578 with Numenta HTM's published scores (see fixtures/nab/README.md). */
export interface NabFixture {
  readonly file: string;
  readonly timestamps: string[];
  readonly values: number[];
  readonly numentaScores: number[];
  /** HTM's raw prediction error per row, before the anomaly likelihood turned it into `numentaScores`. */
  readonly numentaRawScores: number[];
  readonly windows: WindowLimits[];
  readonly numentaStandard: { threshold: number; score: number; tp: number; tn: number; fp: number; fn: number };
}

export function loadNabFixture(): NabFixture {
  const dir = join(__dirname, 'fixtures', 'nab');
  const rows = readFileSync(join(dir, 'speed_7578.csv'), 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => line.split(','));
  const labels = JSON.parse(readFileSync(join(dir, 'speed_7578.labels.json'), 'utf8')) as Pick<NabFixture, 'file' | 'windows' | 'numentaStandard'>;
  return {
    ...labels,
    timestamps: rows.map((r) => r[0] ?? ''),
    values: rows.map((r) => Number(r[1])),
    numentaScores: rows.map((r) => Number(r[2])),
    numentaRawScores: rows.map((r) => Number(r[3])),
  };
}

export function epochMs(nabTimestamp: string): number {
  return Date.parse(`${nabTimestamp.replace(' ', 'T')}Z`);
}
