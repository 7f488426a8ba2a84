#!/usr/bin/env node
/**
 * `npm start`: the whole suite on this machine, no Docker, no AWS account. Prints `API_URL=` and
 * `TOKEN=` lines a script can read (e.g. `eval "$(npm start --silent | grep -E '^(API_URL|TOKEN)=' )"`
 * from another shell) and `CONSOLE_URL=` (the web console, signed in as admin), then request and handler logs until Ctrl-C.
 *
 * Environment: PORT (default 3000; 0 picks a free port), HOST (default 127.0.0.1), DATA_DIR (persist DynamoDB
 * data, the Kinesis stream and the stream mappings' checkpoints, so a restart resumes; in memory when unset,
 * and then a crash loses the stream), STATE_DIR (dev keys; default .local), LOG_LEVEL (handlers' Powertools level, default
 * WARN), SCHEDULE_SPEEDUP (default 60: an hourly schedule runs every minute). COPY_MODEL_URL and COPY_MODEL_ID
 * (optionally COPY_MODEL_API_KEY, COPY_MODEL_JSON_MODE…) point the copy workflow at an OpenAI-compatible
 * endpoint such as a local Ollama; without them it uses the offline template generator (local/copy-model.ts).
 */
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
process.env.CDK_DISABLE_CLI_TELEMETRY = 'true';
import { CONSOLE_DIST, ensureConsoleBuilt } from '../console/build';
import { consoleSite } from '../local/console';
import { describeCopyModel, installCopyModelKey, localCopyModelFromEnv } from '../local/copy-model';
import { startLocalSuite, DEFAULT_STATE_DIR } from '../local/runtime';

async function main() {
  const started = Date.now();
  console.log('Starting the AI-marketing suite locally (emulators, functions, API)…');
  const copyModel = localCopyModelFromEnv(process.env);
  if (ensureConsoleBuilt()) console.log(`built the console into ${CONSOLE_DIST}`);
  const suite = await startLocalSuite({
    port: Number(process.env.PORT ?? 3000),
    host: process.env.HOST ?? '127.0.0.1',
    dataDir: process.env.DATA_DIR,
    stateDir: process.env.STATE_DIR ?? DEFAULT_STATE_DIR,
    logLevel: process.env.LOG_LEVEL ?? 'WARN',
    scheduleSpeedup: Number(process.env.SCHEDULE_SPEEDUP ?? 60),
    log: (line) => console.log(line),
    context: copyModel.context,
    sites: [consoleSite(CONSOLE_DIST)],
  });
  installCopyModelKey(suite, copyModel);
  console.log(`copy model: ${describeCopyModel(suite.topology)}`);
  const token = await suite.token();
  console.log(`Ready in ${((Date.now() - started) / 1000).toFixed(1)} s. Routes:`);
  for (const route of suite.topology.routes) console.log(`  ${route.method.padEnd(6)} ${route.path}  (scope ${route.scopes.join(', ')})`);
  console.log(`API reference: ${suite.apiUrl}/docs (the OpenAPI document: ${suite.apiUrl}/openapi.json)`);
  console.log(`API_URL=${suite.apiUrl}`);
  console.log(`TOKEN=${token}`);
  // The fragment never reaches a server; the console moves the token to this tab's sessionStorage.
  console.log(`CONSOLE_URL=${suite.apiUrl}/console/#token=${token}`);
  console.log('  (an admin token; for another role: npm run token -- --role reviewer|marketer|analyst, and open /console/#token=<it>)');
  console.log('Ctrl-C stops everything.');

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping…`);
    suite.stop().then(
      () => process.exit(0),
      (error: Error) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

main().catch((error: Error) => {
  console.error(`npm start failed: ${error.stack ?? error.message}`);
  process.exit(1);
});
