import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A small OpenAI-compatible chat-completions server on loopback, for tests: a real HTTP server (the
 * adapter's own `fetch`, headers, status codes and timeouts are exercised, nothing is mocked), whose
 * answer to each request a test scripts with `respond`.
 */
export interface ChatCompletionRequest {
  model: string;
  messages: { role: string; content: string }[];
  temperature?: number;
  max_tokens?: number;
  stream?: boolean;
  response_format?: { type: string };
}

export interface RecordedRequest {
  path: string;
  method: string;
  headers: IncomingHttpHeaders;
  body: ChatCompletionRequest;
}

export interface FakeReply {
  status?: number;
  headers?: Record<string, string>;
  /** An object is sent as JSON, a string as it is. */
  body?: unknown;
  /** Wait this long before answering (to drive timeouts). */
  delayMs?: number;
}

export type Responder = (request: RecordedRequest, index: number) => FakeReply | Promise<FakeReply>;

export interface FakeOpenAiServer {
  /** `http://127.0.0.1:<port>/v1` */
  baseUrl: string;
  requests: RecordedRequest[];
  respond: Responder;
  close(): Promise<void>;
}

/** A successful completion with `content` (and the usage a real endpoint reports). */
export function completion(content: string | null, options: { finishReason?: string; usage?: { prompt_tokens: number; completion_tokens: number } | null; refusal?: string } = {}) {
  return {
    id: 'chatcmpl-fake',
    object: 'chat.completion',
    created: 1_764_000_000,
    model: 'fake-model',
    choices: [{ index: 0, message: { role: 'assistant', content, ...(options.refusal ? { refusal: options.refusal } : {}) }, finish_reason: options.finishReason ?? 'stop' }],
    ...(options.usage === null ? {} : { usage: { ...(options.usage ?? { prompt_tokens: 321, completion_tokens: 42 }), total_tokens: 0 } }),
  };
}

/** An OpenAI-style error body. */
export const errorBody = (message: string, code?: string, type = 'invalid_request_error') => ({ error: { message, type, code: code ?? null } });

export async function startFakeOpenAiServer(respond: Responder = () => ({ body: completion('ok') })): Promise<FakeOpenAiServer> {
  const requests: RecordedRequest[] = [];
  const fake: FakeOpenAiServer = { baseUrl: '', requests, respond, close: async () => undefined };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      void (async () => {
        let body: ChatCompletionRequest;
        try {
          body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as ChatCompletionRequest;
        } catch {
          res.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify(errorBody('body is not JSON')));
          return;
        }
        const recorded: RecordedRequest = { path: req.url ?? '', method: req.method ?? '', headers: req.headers, body };
        requests.push(recorded);
        if (req.method !== 'POST' || req.url !== '/v1/chat/completions') {
          res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify(errorBody(`no route ${req.method} ${req.url}`)));
          return;
        }
        const reply = await fake.respond(recorded, requests.length - 1);
        if (reply.delayMs) await new Promise((resolve) => setTimeout(resolve, reply.delayMs));
        if (res.destroyed) return;
        const text = typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body ?? completion('ok'));
        res.writeHead(reply.status ?? 200, { 'content-type': typeof reply.body === 'string' ? 'text/plain' : 'application/json', ...reply.headers }).end(text);
      })();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  fake.baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  fake.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return fake;
}
