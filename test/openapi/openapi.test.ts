import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { buildTopology } from '../../local/topology';
import { SECURITY_SCHEME, WRITE_KEY_SCHEME } from '../../shared/openapi/document';
import { openApiDocumentJson } from '../../shared/openapi/file';
import { readmeCurlExamples } from '../../shared/openapi/readme-examples';
import { synthesizeOncePerRun } from '../synthesis-cache';

const root = path.join(__dirname, '..', '..');
const committed = () => fs.readFileSync(path.join(root, 'openapi.json'), 'utf8');

describe('openapi.json', () => {
  it('is what the zod schemas and the README generate (run `npm run openapi` when this fails)', () => {
    const generated = openApiDocumentJson(root);
    if (committed() !== generated) throw new Error('openapi.json differs from what the code generates: run `npm run openapi` and commit the result');
  });

  it("documents every route the synthesized template declares, with the template's scope, or the write key where it has no authorizer", () => {
    const templates = synthesizeOncePerRun('us-east-1');
    const { routes } = buildTopology(templates, { region: 'us-east-1', queueUrl: (name) => `http://local/${name}` });
    const document = JSON.parse(committed()) as { paths: Record<string, Record<string, { security?: Record<string, string[]>[] }>> };
    const missing: string[] = [];
    const wrongScope: string[] = [];
    for (const route of routes) {
      const documented = document.paths[route.path]?.[route.method.toLowerCase()];
      if (!documented) {
        missing.push(`${route.method} ${route.path}`);
        continue;
      }
      const security = documented.security ?? [];
      const documentedAuth = JSON.stringify({ schemes: security.flatMap(Object.keys).sort(), scopes: security.flatMap((requirement) => Object.values(requirement).flat()).sort() });
      // A route without an authorizer checks a write key in its function: documented as HTTP Basic, with no scope.
      const templateAuth = JSON.stringify(route.authorization === 'none' ? { schemes: [WRITE_KEY_SCHEME], scopes: [] } : { schemes: [SECURITY_SCHEME], scopes: [...route.scopes].sort() });
      if (documentedAuth !== templateAuth) wrongScope.push(`${route.method} ${route.path}: template ${templateAuth}, document ${documentedAuth}`);
    }
    expect({ missing, wrongScope }).toEqual({ missing: [], wrongScope: [] });
    // And nothing documented that the API does not serve.
    const served = new Set(routes.map((route) => `${route.method} ${route.path}`));
    const extra = Object.entries(document.paths).flatMap(([routePath, item]) => Object.keys(item).map((method) => `${method.toUpperCase()} ${routePath}`)).filter((key) => !served.has(key));
    expect(extra).toEqual([]);
  }, 120_000);

  it("passes Redocly's recommended ruleset with no error (offline)", async () => {
    const redocly = path.join(root, 'node_modules', '.bin', 'redocly');
    const env = { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true', NO_COLOR: '1' };
    const result = await promisify(execFile)(redocly, ['lint', 'openapi.json', '--format=json'], { cwd: root, env, maxBuffer: 16 * 1024 * 1024 }).catch((error: { stdout?: string; stderr?: string }) => error);
    const report = JSON.parse(result.stdout ?? '{}') as { totals?: { errors: number }; problems?: { ruleId: string; message: string }[] };
    expect(report.totals).toBeDefined();
    expect(report.problems?.map((problem) => `${problem.ruleId}: ${problem.message}`)).toEqual([]);
  }, 60_000);

  it('reads $(date -u +%FT%TZ) in an example payload as the given time, and refuses any other command substitution', () => {
    const readme = (payload: string) => `\`\`\`bash\ncurl -s -X POST $API_URL/v1/events -H 'content-type: application/json' -d '${payload}'\n\`\`\`\n`;
    const [example] = readmeCurlExamples(readme(`{ "at": "'$(date -u +%FT%TZ)'" }`), new Date('2027-01-05T09:08:07.654Z'));
    expect(example?.body).toEqual({ at: '2027-01-05T09:08:07Z' });
    expect(readmeCurlExamples(readme(`{ "at": "'$(date -u +%FT%TZ)'" }`))[0]?.body).toEqual({ at: '2026-11-27T12:15:00Z' });
    expect(() => readmeCurlExamples(readme(`{ "id": "'$(uuidgen)'" }`))).toThrow(/command substitution/);
  });

  it('attaches the README curl examples to their routes, bodies included', () => {
    const document = JSON.parse(committed()) as { paths: Record<string, Record<string, { 'x-codeSamples'?: { source: string }[]; requestBody?: { content: Record<string, { examples?: Record<string, { value: unknown }> }> } }>> };
    const examples = readmeCurlExamples(fs.readFileSync(path.join(root, 'README.md'), 'utf8'));
    expect(examples.length).toBeGreaterThanOrEqual(2);
    const samples = Object.values(document.paths).flatMap((item) => Object.values(item).flatMap((operation) => operation['x-codeSamples'] ?? []));
    for (const example of examples) expect(samples.map((sample) => sample.source)).toContain(example.source);
    const events = document.paths['/v1/events']!.post!.requestBody!.content['application/json']!.examples!;
    expect(Object.values(events).map((entry) => entry.value)).toContainEqual(examples.find((example) => example.target === '/v1/events')!.body);
  });
});
