import { httpEvent, jsonBody, lambdaContext, silenceEmptyMetricsWarning, type HttpHandler } from '../handlers/api-gateway';

let handler: HttpHandler;

beforeAll(async () => {
  silenceEmptyMetricsWarning();
  ({ handler } = (await import('../../functions/compliance-check/handler')) as unknown as { handler: HttpHandler });
});

const post = (body: unknown) =>
  handler(httpEvent({ method: 'POST', route: '/v1/compliance/check', body: JSON.stringify(body), scopes: ['compliance:check'] }), lambdaContext('compliance-check'));

describe('POST /v1/compliance/check with BCP-47 locales', () => {
  it.each([
    ['en-US', 'en'],
    ['en-GB', 'en'],
    ['zh-Hans-CN', 'zh-CN'],
    ['zh-TW', 'zh-CN'],
  ])('serves %s with the %s pack and says so', async (tag, pack) => {
    const response = await post({ text: pack === 'en' ? 'The best blender' : '最好的保温杯', locale: tag });
    expect(response.statusCode).toBe(200);
    const body = jsonBody(response);
    expect(body.locale).toBe(pack);
    expect(body.requestedLocale).toBe(tag);
    expect(body.localeResolution).toContain(`${pack} pack`);
    expect(body.findings[0].lawRef).toEqual(expect.any(String));
  });

  it('refuses a tag no pack serves with 400 and the reason', async () => {
    const response = await post({ text: 'le meilleur mixeur', locale: 'fr-FR' });
    expect(response.statusCode).toBe(400);
    const body = jsonBody(response);
    expect(body.error.details).toEqual(expect.arrayContaining([expect.objectContaining({ path: 'locale', message: expect.stringMatching(/no rule pack serves "fr-FR"/) })]));
  });
});

describe('POST /v1/compliance/check: an answer too large for Lambda', () => {
  it('answers 422 with the reason, not a payload Lambda cannot return (API Gateway would answer 500)', async () => {
    // One forbidden term of 100 最 over 10,000 最 matches at 9,901 offsets: a 17.8 MB answer.
    const response = await post({ text: '最'.repeat(10_000), locale: 'zh-CN', brand: { forbiddenTerms: ['最'.repeat(100)] } });
    expect(response.statusCode).toBe(422);
    expect(jsonBody(response).error.message).toMatch(/findings/);
    expect(Buffer.byteLength(String(response.body))).toBeLessThan(10_000);
    // An ordinary long text still gets its findings.
    expect((await post({ text: '最好的保温杯。'.repeat(1000), locale: 'zh-CN' })).statusCode).toBe(200);
  }, 30_000);
});

