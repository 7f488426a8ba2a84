/**
 * Console first paint: how long the built console takes, cold (a fresh browser context each load, so
 * nothing is cached), from navigation to its first contentful paint and to the review queue's heading
 * being on screen, against the smallest page a browser can paint (a one-line HTML document) served by
 * the same server in the same run. The API is a stub answering an empty queue, so only the console's
 * own cost is measured. Needs Debian's chromium (CHROMIUM_PATH, default /usr/bin/chromium).
 *
 *   npx tsx bench/console/first-paint.ts [--runs 15]
 */
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { buildConsole, CONSOLE_DIST } from '../../console/build';
import { consoleSite } from '../../local/console';

// Without --runs, 15 (indexOf's -1 would otherwise read argv[0], the node binary, as NaN runs).
const runsFlag = process.argv.indexOf('--runs');
const runs = runsFlag >= 0 ? Number(process.argv[runsFlag + 1]) : 15;
if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs must be a positive integer, not ${process.argv[runsFlag + 1]}`);
const WARM_UPS = 2;
const BASELINE_HTML = '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>baseline</title></head><body><h2>Review queue</h2></body></html>';

/** An unsigned token: the console only reads its scopes; the stub API does not check it. */
const base64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const token = `${base64url({ alg: 'none' })}.${base64url({ sub: 'bench', scope: 'marketing/copy:read', exp: Math.floor(Date.now() / 1000) + 3600 })}.x`;

interface Sample {
  firstContentfulPaint: number;
  heading: number;
}

async function load(browser: Browser, url: string): Promise<Sample> {
  const context = await browser.newContext();
  const page = await context.newPage();
  // Records when the review queue's heading first exists in the document.
  await page.addInitScript(() => {
    new MutationObserver((_records, observer) => {
      if (document.querySelector('h2')) {
        (window as unknown as { headingAt: number }).headingAt = performance.now();
        observer.disconnect();
      }
    }).observe(document, { childList: true, subtree: true });
  });
  await page.goto(url);
  await page.waitForSelector('h2');
  await page.waitForFunction(() => performance.getEntriesByName('first-contentful-paint').length > 0);
  const sample = await page.evaluate(() => ({
    firstContentfulPaint: performance.getEntriesByName('first-contentful-paint')[0]!.startTime,
    heading: (window as unknown as { headingAt?: number }).headingAt ?? performance.now(),
  }));
  await context.close();
  return sample;
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};
const quantile = (values: number[], q: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(q * values.length))]!;

async function main() {
  const loadBefore = os.loadavg()[0] ?? 0;
  const sizes = buildConsole();
  const site = consoleSite(CONSOLE_DIST);
  const server = http.createServer((request, response) => {
    if (site(request, response)) return;
    const url = new URL(request.url ?? '/', 'http://localhost');
    if (url.pathname === '/baseline/') return response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(BASELINE_HTML);
    if (url.pathname === '/v1/reviews') return response.writeHead(200, { 'content-type': 'application/json' }).end('{"items":[]}');
    response.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const pages = { baseline: `${origin}/baseline/`, console: `${origin}/console/#token=${token}` };
  const samples: Record<keyof typeof pages, Sample[]> = { baseline: [], console: [] };
  try {
    // Interleaved, so both see the same machine load.
    for (let run = 0; run < WARM_UPS + runs; run++) {
      for (const name of Object.keys(pages) as (keyof typeof pages)[]) {
        const sample = await load(browser, pages[name]);
        if (run >= WARM_UPS) samples[name].push(sample);
      }
    }
  } finally {
    await browser.close();
    server.close();
  }

  const row = (name: keyof typeof pages, metric: keyof Sample) => {
    const values = samples[name].map((sample) => sample[metric]);
    return `| ${name} | ${metric === 'firstContentfulPaint' ? 'first contentful paint' : 'review-queue heading on screen'} | ${median(values).toFixed(0)} | ${quantile(values, 0.9).toFixed(0)} | ${Math.max(...values).toFixed(0)} |`;
  };
  const consoleFcp = median(samples.console.map((sample) => sample.firstContentfulPaint));
  const baselineFcp = median(samples.baseline.map((sample) => sample.firstContentfulPaint));
  const heading = median(samples.console.map((sample) => sample.heading));
  const gzip = (file: string) => require('node:zlib').gzipSync(fs.readFileSync(path.join(CONSOLE_DIST, file))).length as number;
  const chunk = Object.keys(sizes).find((name) => /^chunks\/uPlot.*\.js$/.test(name));
  const kib = (bytes: number) => (bytes / 1024).toFixed(1);
  // The shell: main.js and, transitively, every chunk it imports statically (dynamic import() excluded).
  const staticImports = (file: string): string[] =>
    [...fs.readFileSync(path.join(CONSOLE_DIST, file), 'utf8').matchAll(/(?:from|import)\s*"\.\/((?:chunks\/)?[^"]+\.js)"/g)].map((match) => path.posix.join(path.posix.dirname(file), match[1]!));
  const closure = new Set<string>();
  const visit = (file: string) => {
    if (closure.has(file)) return;
    closure.add(file);
    staticImports(file).forEach(visit);
  };
  visit('main.js');
  const total = (files: string[]) => ({ files, bytes: files.reduce((sum, file) => sum + sizes[file]!, 0), gzip: files.reduce((sum, file) => sum + gzip(file), 0) });
  const shell = total([...closure]);
  const lazy = total(Object.keys(sizes).filter((name) => name.endsWith('.js') && !closure.has(name) && name !== chunk));
  const lines = [
    '# Console: first paint',
    '',
    `Generated by \`npx tsx bench/console/first-paint.ts\` on ${new Date().toISOString().slice(0, 10)}. Node ${process.version}, ${os.cpus().length} x ${os.cpus()[0]?.model.trim() ?? 'CPU'}, Debian chromium headless.`,
    `Each load in a fresh browser context (cold cache) from a local server; ${runs} loads of each page, interleaved, after ${WARM_UPS} warm-ups. The baseline is a one-line HTML page from the same server: what any page costs this browser here. Times in ms from navigation; the load of the machine (shared) moves both: its 1-minute load average was ${loadBefore.toFixed(1)} at the start and ${(os.loadavg()[0] ?? 0).toFixed(1)} at the end of this run, on ${os.cpus().length} cores.`,
    '',
    '| page | metric | median ms | p90 ms | max ms |',
    '| --- | --- | ---: | ---: | ---: |',
    row('baseline', 'firstContentfulPaint'),
    row('console', 'firstContentfulPaint'),
    row('console', 'heading'),
    '',
    `Bundle (minified): what the first paint loads — main.js and the chunks it imports statically — ${kib(shell.bytes)} KiB (${kib(shell.gzip)} KiB gzip) in ${shell.files.length} files, main.css ${kib(sizes['main.css']!)} KiB (${kib(gzip('main.css'))} KiB gzip). ` +
      `Loaded when a page is first opened: the budget, copy-job and experiment pages ${kib(lazy.bytes)} KiB (${kib(lazy.gzip)} KiB gzip)` +
      (chunk ? `, and uPlot ${kib(sizes[chunk]!)} KiB (${kib(gzip(chunk))} KiB gzip) with the first chart.` : '.'),
    '',
    `**${heading < 1000 ? 'target met' : 'target missed'}: the review queue's heading is on screen ${heading.toFixed(0)} ms after navigation (median; target < 1000 ms); first contentful paint ${consoleFcp.toFixed(0)} ms against ${baselineFcp.toFixed(0)} ms for the one-line baseline (x${(consoleFcp / baselineFcp).toFixed(2)}).**`,
  ];
  const out = path.join(__dirname, '..', 'results', 'console-first-paint.md');
  fs.writeFileSync(out, `${lines.join('\n')}\n`);
  console.log(lines.join('\n'));
}

main().catch((error: Error) => {
  console.error(error.stack ?? error.message);
  process.exit(1);
});
