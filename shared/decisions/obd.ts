/**
 * Off-policy evaluation on logs in the Open Bandit Dataset CSV format (st-tech/zr-obp `obd/`): one row
 * per impression with `item_id`, `position` (1-3), `click` and `propensity_score` (the logging
 * policy's probability of that item at that position). The action is the item; the position is part
 * of the context, so a policy is a distribution over items per position.
 */
import { offPolicyEstimates, type OpeOptions, type OpeResult, type OpeTerms } from './ope';

export interface ObdRow {
  readonly item: number;
  readonly position: number;
  readonly click: number;
  readonly propensity: number;
}

/** Parses an OBD CSV by its header (column order is not assumed); refuses rows it cannot read. */
export function parseObdCsv(text: string): ObdRow[] {
  const lines = text.split(/\r?\n/).filter((line) => line.length > 0);
  const header = (lines[0] ?? '').split(',').map((name) => name.trim());
  const column = (name: string) => {
    const index = header.indexOf(name);
    if (index < 0) throw new Error(`OBD CSV has no '${name}' column (header: ${header.join(', ')})`);
    return index;
  };
  const item = column('item_id');
  const position = column('position');
  const click = column('click');
  const propensity = column('propensity_score');
  return lines.slice(1).map((line, n) => {
    const cells = line.split(',');
    const row = { item: Number(cells[item]), position: Number(cells[position]), click: Number(cells[click]), propensity: Number(cells[propensity]) };
    if (!Number.isInteger(row.item) || row.item < 0 || !Number.isInteger(row.position) || !(row.click === 0 || row.click === 1) || !(row.propensity > 0 && row.propensity <= 1)) {
      throw new Error(`OBD CSV line ${n + 2} is not a valid row: ${line.slice(0, 120)}`);
    }
    return row;
  });
}

/** A policy over items for each position: probability(item, position). */
export type PositionPolicy = (item: number, position: number) => number;

/** Items seen anywhere in the logs, ascending. */
export const itemsOf = (...logs: readonly (readonly ObdRow[])[]) => [...new Set(logs.flatMap((rows) => rows.map((row) => row.item)))].sort((a, b) => a - b);

/**
 * The evaluation policy's action distribution read from its own logs, as the OBP obd example uses
 * (`compute_batch_action_dist` of BernoulliTS with the ZOZOTOWN prior): the mean logged
 * `propensity_score` of each (item, position), normalised over the items per position. Pairs never
 * logged get 0.
 */
export function empiricalPolicy(evaluationLogs: readonly ObdRow[], items: readonly number[]): PositionPolicy {
  const sums = new Map<string, { n: number; sum: number }>();
  for (const row of evaluationLogs) {
    const key = `${row.item}|${row.position}`;
    const entry = sums.get(key) ?? { n: 0, sum: 0 };
    entry.n += 1;
    entry.sum += row.propensity;
    sums.set(key, entry);
  }
  const positions = [...new Set(evaluationLogs.map((row) => row.position))];
  const table = new Map<string, number>();
  for (const position of positions) {
    let total = 0;
    for (const item of items) {
      const entry = sums.get(`${item}|${position}`);
      total += entry ? entry.sum / entry.n : 0;
    }
    for (const item of items) {
      const entry = sums.get(`${item}|${position}`);
      table.set(`${item}|${position}`, entry && total > 0 ? entry.sum / entry.n / total : 0);
    }
  }
  return (item, position) => table.get(`${item}|${position}`) ?? 0;
}

export const uniformPolicy = (items: readonly number[]): PositionPolicy => () => 1 / items.length;
export const fixedItemPolicy = (target: number): PositionPolicy => (item) => (item === target ? 1 : 0);

/**
 * The estimators' terms for logs `rows` and policy `policy`. DR's reward model is the click rate of
 * each (item, position) in the same logs, smoothed toward the position's rate by one pseudo-row
 * (OBP's example fits a logistic regression with cross-fitting instead).
 */
export function obdTerms(rows: readonly ObdRow[], policy: PositionPolicy, items: readonly number[]): OpeTerms {
  const byPair = new Map<string, { n: number; clicks: number }>();
  const byPosition = new Map<number, { n: number; clicks: number }>();
  for (const row of rows) {
    const pair = byPair.get(`${row.item}|${row.position}`) ?? { n: 0, clicks: 0 };
    pair.n += 1;
    pair.clicks += row.click;
    byPair.set(`${row.item}|${row.position}`, pair);
    const pos = byPosition.get(row.position) ?? { n: 0, clicks: 0 };
    pos.n += 1;
    pos.clicks += row.click;
    byPosition.set(row.position, pos);
  }
  const q = (item: number, position: number) => {
    const pos = byPosition.get(position);
    const prior = pos && pos.n > 0 ? pos.clicks / pos.n : 0;
    const pair = byPair.get(`${item}|${position}`);
    return pair ? (pair.clicks + prior) / (pair.n + 1) : prior;
  };
  const directValue = new Map<number, number>();
  for (const position of byPosition.keys()) {
    let value = 0;
    for (const item of items) value += policy(item, position) * q(item, position);
    directValue.set(position, value);
  }
  const n = rows.length;
  const terms = { w: new Float64Array(n), reward: new Float64Array(n), qLogged: new Float64Array(n), qTarget: new Float64Array(n) };
  rows.forEach((row, i) => {
    terms.w[i] = policy(row.item, row.position) / row.propensity;
    terms.reward[i] = row.click;
    terms.qLogged[i] = q(row.item, row.position);
    terms.qTarget[i] = directValue.get(row.position) ?? 0;
  });
  return terms;
}

/** IPS, SNIPS and DR of `policy` on the behaviour logs `rows`. */
export function evaluateOnObd(rows: readonly ObdRow[], policy: PositionPolicy, items: readonly number[], options: OpeOptions = {}): OpeResult {
  return offPolicyEstimates(obdTerms(rows, policy, items), options);
}

/** The on-policy value of a policy in its own logs: its click rate. */
export const onPolicyValue = (rows: readonly ObdRow[]) => rows.reduce((sum, row) => sum + row.click, 0) / Math.max(rows.length, 1);
