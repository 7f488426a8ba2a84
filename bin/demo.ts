#!/usr/bin/env node
/**
 * `npm run demo`: drives a realistic, seeded clickstream (sessions with views, searches, carts,
 * purchases, video, bots and duplicates) through the local API with a progress bar, then prints a few
 * resulting profiles, runs a copy job, a budget simulation and a decisions experiment that learns. Talks to a running `npm start`
 * (API_URL / TOKEN, default http://127.0.0.1:3000 with a locally minted token) or, when none is
 * running, starts the suite in-process for the duration of the demo.
 *
 * Environment: SEED (default 7), USERS (default 150), SESSIONS (per user, default 4), DECISION_ROUNDS (default 8).
 */
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
process.env.CDK_DISABLE_CLI_TELEMETRY = 'true';
import { loadOrCreateKeys, mintToken } from '../local/auth';
import { generateClickstream } from '../local/clickstream';
import { runBudgetDemo } from '../local/demo-budget';
import { runCopyDemo } from '../local/demo-copy';
import { runDecisionsDemo } from '../local/demo-decisions';
import { DEFAULT_STATE_DIR, localClientId, startLocalSuite, type LocalSuite } from '../local/runtime';
import { MAX_EVENTS_PER_REQUEST } from '../shared/profiles/events';

const log = (line = '') => console.log(line);

function progressBar(done: number, total: number, note: string) {
  const width = 30;
  const filled = Math.round((done / total) * width);
  process.stdout.write(`\r  [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} ${note}   `);
  if (done === total) process.stdout.write('\n');
}

async function reachable(url: string): Promise<boolean> {
  try {
    await fetch(`${url}/v1/profiles/ping`, { signal: AbortSignal.timeout(1500) });
    return true;
  } catch {
    return false;
  }
}

async function main() {
  let apiUrl = process.env.API_URL ?? 'http://127.0.0.1:3000';
  let token = process.env.TOKEN;
  let suite: LocalSuite | undefined;
  if (!(await reachable(apiUrl))) {
    log(`No suite answers at ${apiUrl}; starting one in this process (takes a few seconds)…`);
    // A 1 s decision cache lets the decisions demo learn round by round (deployed: 30 s).
    suite = await startLocalSuite({ logLevel: 'ERROR', scheduleSpeedup: 0, context: { experimentCacheSeconds: 1 } });
    apiUrl = suite.apiUrl;
    token = await suite.token();
  }
  const stateDir = process.env.STATE_DIR ?? DEFAULT_STATE_DIR;
  token ??= await mintToken(await loadOrCreateKeys(stateDir), undefined, { clientId: localClientId(stateDir) });
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };

  try {
    const seed = Number(process.env.SEED ?? 7);
    const { events, truth } = generateClickstream({ seed, users: Number(process.env.USERS ?? 150), sessionsPerUser: Number(process.env.SESSIONS ?? 4) });
    log(`\n1. Profiles — ${events.length} events from ${truth.users.length} shoppers (${truth.bots.length} bots, ${truth.duplicates} resent events, ${truth.doubleClicks} double clicks), seed ${seed}`);
    const totals = { accepted: 0, rejected: 0, failed: 0 };
    const started = Date.now();
    for (let start = 0; start < events.length; start += MAX_EVENTS_PER_REQUEST) {
      const batch = events.slice(start, start + MAX_EVENTS_PER_REQUEST);
      const response = await fetch(`${apiUrl}/v1/events`, { method: 'POST', headers, body: JSON.stringify({ events: batch }) });
      const body = (await response.json()) as { accepted?: number; rejected?: unknown[]; failed?: unknown[] };
      if (response.status >= 400 && response.status !== 400) throw new Error(`POST /v1/events answered ${response.status}: ${JSON.stringify(body)}`);
      totals.accepted += body.accepted ?? 0;
      totals.rejected += body.rejected?.length ?? 0;
      totals.failed += body.failed?.length ?? 0;
      progressBar(Math.min(start + batch.length, events.length), events.length, `events posted (${Math.round(((start + batch.length) / (Date.now() - started)) * 1000)}/s)`);
    }
    log(`  accepted ${totals.accepted}, rejected ${totals.rejected}, not accepted by the stream ${totals.failed}`);

    // Profiles are updated asynchronously: wait until the shoppers' profiles reflect the stream.
    if (suite) await suite.drain(120_000);
    else await new Promise((resolve) => setTimeout(resolve, 5_000));

    const showcase = [truth.users.find((user) => !truth.bots.includes(user))!, truth.users[Math.floor(truth.users.length / 2)]!, truth.bots[0]].filter((user): user is string => Boolean(user));
    for (const userId of showcase) {
      const response = await fetch(`${apiUrl}/v1/profiles/${encodeURIComponent(userId)}?k=3`, { headers });
      if (response.status === 404 && truth.bots.includes(userId)) {
        // As designed: the stream cleaner drops a crawler's events, so no profile is written for it.
        log(`\n  ${userId} (a bot): 404, no profile: the feature updater dropped every event it sent as bot traffic (metric EventsDropped-bot-user-agent)`);
        continue;
      }
      if (response.status !== 200) {
        log(`\n  ${userId}: ${response.status} ${await response.text()}`);
        continue;
      }
      const profile = (await response.json()) as any;
      const ranked = (entries: { key: string; score: number }[]) => entries.map((entry) => `${entry.key} ${entry.score.toPrecision(3)}`).join(', ') || '—';
      log(`\n  ${userId}${truth.bots.includes(userId) ? ' (a bot)' : ''}  →  pseudonym ${String(profile.userId).slice(0, 12)}…`);
      log(`    short-term interests: ${ranked(profile.interests.shortTerm.categories)}`);
      log(`    long-term brands:     ${ranked(profile.interests.longTerm.brands)}`);
      log(`    spending: ${profile.spending.tier} (typical price ${profile.spending.typicalPrice ?? '—'}), ${profile.spending.orders} orders`);
      log(`    engagement: ${profile.engagement.searches} searches, ${profile.engagement.videosCompleted}/${profile.engagement.videosStarted} videos completed, ${profile.engagement.adClicks} ad clicks`);
      log(`    segments: ${profile.segments.join(', ') || '—'}`);
      log(`    lineage: ${profile.lineage.eventsApplied} events applied, dropped ${JSON.stringify(profile.lineage.dropped)}, pipeline ${profile.lineage.pipelineVersion}`);
    }

    log('\n2. Compliant copy — jobs through the Step Functions workflow: generate → check → regenerate with the findings, or flag for review');
    await runCopyDemo(apiUrl, token, log);

    log('\n3. Budget — a simulated campaign: effects reported each day, the bandit reallocates, an anomalous channel is held');
    await runBudgetDemo(apiUrl, token, log);

    log('\n4. Decisions — a contextual experiment on these shoppers: decisions, clicks back through the clickstream, a model that learns');
    const inProcess = suite;
    await runDecisionsDemo({
      apiUrl,
      token,
      users: truth.users.filter((user) => !truth.bots.includes(user)),
      rounds: Number(process.env.DECISION_ROUNDS ?? 8),
      seed,
      // An external `npm start` caches experiments for 30 s: wait that long so each round sees the refitted model.
      settle: inProcess ? () => inProcess.drain(120_000) : () => new Promise((resolve) => setTimeout(resolve, 35_000)),
      log,
    });
  } finally {
    await suite?.stop();
  }
}

main().catch((error: Error) => {
  console.error(`demo failed: ${error.stack ?? error.message}`);
  process.exit(1);
});
