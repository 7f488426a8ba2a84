/**
 * The copy part of `npm run demo`: submits two copy jobs to a running suite and prints what the
 * workflow did with every variant — accepted at once, regenerated with the compliance findings as
 * feedback, or flagged for human review. Locally the copy model is the offline template generator
 * (shared/copy/offline-model.ts), so the output is reproducible; its odd-numbered variants open with
 * an absolute claim on the first attempt, and the second job's selling point is itself a banned claim.
 */

type Log = (line?: string) => void;

const product = {
  name: '山行保温杯',
  brand: '山行',
  category: '保温杯',
  material: '316不锈钢内胆',
  benefits: ['12小时保温', '一键开盖单手喝水'],
  price: { amount: 129, currency: 'CNY' },
  sellingPoints: ['轻至280克', '杯盖可拆洗'],
};

const JOBS = [
  {
    title: 'zh-CN feed ads for two audiences, with a required disclaimer',
    body: {
      product,
      audiences: [
        { id: 'young-runners', description: '都市年轻跑者', tone: 'playful', profileSegment: 'cart-abandoner' },
        { id: 'commuters', description: '通勤白领', tone: 'premium' },
      ],
      variantsPerAudience: 2,
      locale: 'zh-CN',
      channel: 'feed',
      brand: { requiredDisclaimer: '理性消费' },
      maxAttempts: 3,
    },
  },
  {
    title: 'English push notifications (the offline model quotes facts, it does not translate them)',
    body: {
      product: {
        name: 'Trailhead Bottle',
        brand: 'Trailhead',
        category: 'bottle',
        material: 'double-wall stainless steel',
        benefits: ['keeps coffee hot for 12 hours'],
        price: { amount: 29, currency: 'USD' },
        sellingPoints: ['weighs just 280 g'],
      },
      audiences: [{ id: 'new-parents', description: 'new parents on the go', tone: 'warm', profileSegment: 'new-user' }],
      variantsPerAudience: 2,
      locale: 'en',
      channel: 'push',
      maxAttempts: 3,
    },
  },
  {
    title: 'A brief whose selling point is itself a banned claim',
    body: {
      product: { ...product, sellingPoints: ['全网销量第一'] },
      audiences: [{ id: 'bargain-hunters', description: '价格敏感的年轻人', tone: 'urgent', profileSegment: 'price-sensitive' }],
      variantsPerAudience: 1,
      locale: 'zh-CN',
      channel: 'sms',
      maxAttempts: 2,
    },
  },
];

interface Finding {
  ruleId: string;
  match: string;
  suggestion: string;
}
interface Variant {
  variantId: string;
  audienceId: string;
  locale: string;
  status: string;
  text: string;
  attemptCount: number;
  findings: Finding[];
  audit: { modelId: string; promptHash: string; rulePackVersion: string; attempts: { text: string; verdict: string; findings: Finding[] }[] };
}

async function call(apiUrl: string, token: string, method: string, path: string, body?: unknown) {
  const response = await fetch(`${apiUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

const describeFindings = (findings: Finding[]) => findings.map((finding) => `${finding.ruleId} “${finding.match}” → ${finding.suggestion}`).join('; ');

/** Submits the demo jobs, waits for them and prints accepted, regenerated and flagged variants. */
export async function runCopyDemo(apiUrl: string, token: string, log: Log = console.log): Promise<void> {
  for (const [index, job] of JOBS.entries()) {
    log(`\n  Job ${index + 1}: ${job.title}`);
    const submitted = await call(apiUrl, token, 'POST', '/v1/copy-jobs', job.body);
    if (submitted.status !== 202) throw new Error(`POST /v1/copy-jobs answered ${submitted.status}: ${JSON.stringify(submitted.body)}`);
    const jobId = submitted.body.jobId as string;
    const deadline = Date.now() + 60_000;
    let result = submitted.body;
    while (result.status === 'QUEUED' || result.status === 'RUNNING') {
      if (Date.now() > deadline) throw new Error(`copy job ${jobId} did not finish within a minute`);
      await new Promise((resolve) => setTimeout(resolve, 200));
      result = (await call(apiUrl, token, 'GET', `/v1/copy-jobs/${jobId}`)).body;
    }
    const { summary } = result;
    log(`    job ${jobId}: ${result.status}${result.failure ? ` — ${result.failure.reason}` : ''}`);
    log(`    ${summary.variants} variants: ${summary.accepted} accepted, ${summary.regenerated} needed regeneration, ${summary.pendingReview} flagged for review`);
    for (const variant of result.variants as Variant[]) {
      const label = variant.status === 'pending-review' ? 'FLAGGED    ' : variant.attemptCount > 1 ? 'REGENERATED' : 'ACCEPTED   ';
      log(`    ${label} [${variant.audienceId} · ${variant.locale}] ${variant.text}`);
      if (variant.attemptCount > 1 && variant.status !== 'pending-review') {
        const first = variant.audit.attempts[0]!;
        log(`                first draft: ${first.text}`);
        log(`                findings fed back: ${describeFindings(first.findings)}`);
      }
      if (variant.status === 'pending-review') log(`                after ${variant.attemptCount} attempts still: ${describeFindings(variant.findings)}`);
    }
    const sample = (result.variants as Variant[])[0];
    if (sample) log(`    lineage of each variant: model ${sample.audit.modelId}, prompt sha256 ${sample.audit.promptHash.slice(0, 12)}…, rules ${sample.audit.rulePackVersion}`);
  }
  const queue = await call(apiUrl, token, 'GET', '/v1/reviews?limit=100');
  log(`\n  Review queue (GET /v1/reviews): ${queue.body.items.length} variant(s) waiting; decide with POST /v1/reviews/{variantId} {"decision":"approve"|"reject","note":"…"} (scope copy:review)`);
}
