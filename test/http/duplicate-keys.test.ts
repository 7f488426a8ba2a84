import { httpEvent, jsonBody, lambdaContext, silenceEmptyMetricsWarning, type HttpHandler } from '../handlers/api-gateway';

/**
 * A body with one key twice in one object means two things: JSON.parse keeps the last, a proxy, a WAF
 * rule or a log reader may keep the first. Every route that reads a body refuses it with 400 naming the
 * key's path, through the one body reader (shared/aws/lambda-http.ts) and the tracker's gzip-aware one.
 */
let compliance: HttpHandler;

beforeAll(async () => {
  silenceEmptyMetricsWarning();
  ({ handler: compliance } = (await import('../../functions/compliance-check/handler')) as unknown as { handler: HttpHandler });
});

const postCompliance = (body: string) => compliance(httpEvent({ method: 'POST', route: '/v1/compliance/check', body, scopes: ['compliance:check'] }), lambdaContext('compliance-check'));

describe('request bodies with a duplicate key', () => {
  it('are refused with 400 naming the key path, at the top level', async () => {
    const response = await postCompliance('{"text":"The best blender","locale":"en","text":"A fine blender"}');
    expect(response.statusCode).toBe(400);
    const body = jsonBody(response);
    expect(body.error.message).toMatch(/duplicate key "text"/);
    expect(body.error.details).toEqual({ key: 'text', path: 'text' });
  });

  it('are refused at any depth, naming the nested path', async () => {
    const response = await postCompliance('{"text":"The best blender","locale":"en","brand":{"forbiddenTerms":["x"],"forbiddenTerms":[]}}');
    expect(response.statusCode).toBe(400);
    expect(jsonBody(response).error.details).toEqual({ key: 'forbiddenTerms', path: 'brand.forbiddenTerms' });
  });

  it('see through escapes: "locale" and "\\u006cocale" are one key', async () => {
    const response = await postCompliance('{"text":"The best blender","locale":"en","\\u006cocale":"zh-CN"}');
    expect(response.statusCode).toBe(400);
    expect(jsonBody(response).error.details).toEqual({ key: 'locale', path: 'locale' });
  });

  it('leave equal keys in different objects, and key-like strings in values, alone', async () => {
    const response = await postCompliance('{"text":"\\"locale\\":1, \\"text\\":2","locale":"en","brand":{"text":"x","forbiddenTerms":["text","text"]}}');
    expect(response.statusCode).toBe(200);
  });
});
