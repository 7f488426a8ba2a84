#!/usr/bin/env node
/**
 * `npm run ope -- --logs <csv> [--policy uniform|item:<id>|logs:<csv>] [--bootstrap N] [--seed S] [--json]`
 *
 * Off-policy estimates (IPS, SNIPS, DR, each with a 95% interval and the effective sample size) of a
 * policy from logs in the Open Bandit Dataset CSV format. `--policy logs:<csv>` evaluates the policy
 * that wrote those logs (its action distribution is read from their `propensity_score`, per item and
 * position) and prints its on-policy click rate beside the estimates, with each relative error. Example:
 *
 *   npm run ope -- --logs ../shared/data/obd/random/men/men.csv --policy logs:../shared/data/obd/bts/men/men.csv
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { empiricalPolicy, evaluateOnObd, fixedItemPolicy, itemsOf, onPolicyValue, parseObdCsv, uniformPolicy } from '../shared/decisions/obd';

function main(): void {
  const { values } = parseArgs({
    options: {
      logs: { type: 'string' },
      policy: { type: 'string', default: 'uniform' },
      bootstrap: { type: 'string', default: '200' },
      seed: { type: 'string', default: '1' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help || !values.logs) {
    console.error('usage: npm run ope -- --logs <obd.csv> [--policy uniform|item:<id>|logs:<csv>] [--bootstrap 200] [--seed 1] [--json]');
    process.exit(values.help ? 0 : 2);
  }
  const bootstrap = Number(values.bootstrap);
  const seed = Number(values.seed);
  if (!Number.isInteger(bootstrap) || bootstrap < 0 || bootstrap > 10_000) throw new Error('--bootstrap must be an integer 0-10000');
  if (!Number.isInteger(seed)) throw new Error('--seed must be an integer');
  const rows = parseObdCsv(readFileSync(values.logs, 'utf8'));
  const spec = values.policy;
  let policyRows: ReturnType<typeof parseObdCsv> | undefined;
  let items = itemsOf(rows);
  let policy;
  if (spec === 'uniform') policy = uniformPolicy(items);
  else if (spec.startsWith('item:')) {
    const item = Number(spec.slice(5));
    if (!Number.isInteger(item)) throw new Error(`--policy item:<id> needs an integer item id, got '${spec}'`);
    policy = fixedItemPolicy(item);
  } else if (spec.startsWith('logs:')) {
    policyRows = parseObdCsv(readFileSync(spec.slice(5), 'utf8'));
    items = itemsOf(rows, policyRows);
    policy = empiricalPolicy(policyRows, items);
  } else throw new Error(`unknown --policy '${spec}': use uniform, item:<id> or logs:<csv>`);
  const result = evaluateOnObd(rows, policy, items, { bootstrapResamples: bootstrap, seed });
  const truth = policyRows ? onPolicyValue(policyRows) : undefined;
  const report = {
    logs: values.logs,
    rows: result.n,
    policy: spec,
    onPolicyValue: truth,
    directMethod: result.directMethod,
    estimates: result.estimates.map((estimate) => ({ ...estimate, ...(truth ? { relativeError: Math.abs(estimate.value - truth) / truth } : {}) })),
  };
  if (values.json) {
    console.log(JSON.stringify(report, null, 2));
    return;
  }
  console.log(`${result.n} logged rows from ${values.logs}; policy ${spec}${truth !== undefined ? `; on-policy click rate ${truth.toFixed(5)}` : ''}`);
  console.log('estimator  value     95% interval            method     ESS' + (truth !== undefined ? '     rel. error' : ''));
  for (const estimate of report.estimates) {
    console.log(
      `${estimate.estimator.padEnd(10)} ${estimate.value.toFixed(5)}  [${estimate.interval.lower.toFixed(5)}, ${estimate.interval.upper.toFixed(5)}]  ${estimate.intervalMethod.padEnd(9)}  ${estimate.effectiveSampleSize.toFixed(0).padStart(6)}` +
        ('relativeError' in estimate ? `  ${(estimate.relativeError as number).toFixed(3)}` : ''),
    );
  }
}

try {
  main();
} catch (error) {
  console.error((error as Error).message);
  process.exit(1);
}
