import * as fs from 'node:fs';
import type * as http from 'node:http';
import * as path from 'node:path';

/** Answers a request for a static page (returning true), or leaves it to the API routes (false). */
export type StaticSite = (request: http.IncomingMessage, response: http.ServerResponse) => boolean;

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
};

/**
 * Serves `files` (name → absolute path) under `prefix`, GET and HEAD only: `${prefix}` redirects to
 * `${prefix}/`, which serves `index.html`. Only the listed files exist, so no path can escape them.
 */
export function staticSite(prefix: string, files: ReadonlyMap<string, string>): StaticSite {
  return (request, response) => {
    const pathname = new URL(request.url ?? '/', 'http://localhost').pathname;
    if (pathname !== prefix && !pathname.startsWith(`${prefix}/`)) return false;
    if (request.method !== 'GET' && request.method !== 'HEAD') return false;
    if (pathname === prefix) {
      response.writeHead(308, { location: `${prefix}/` }).end();
      return true;
    }
    const name = pathname.slice(prefix.length + 1) || 'index.html';
    const file = files.get(name);
    if (!file) {
      response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end(`no ${pathname}\n`);
      return true;
    }
    sendFile(request, response, file);
    return true;
  };
}

/** Serves one file at exactly `pathname` (GET and HEAD). */
export function staticFile(pathname: string, file: string): StaticSite {
  return (request, response) => {
    if (new URL(request.url ?? '/', 'http://localhost').pathname !== pathname || (request.method !== 'GET' && request.method !== 'HEAD')) return false;
    sendFile(request, response, file);
    return true;
  };
}

function sendFile(request: http.IncomingMessage, response: http.ServerResponse, file: string) {
  const body = fs.readFileSync(file);
  response.writeHead(200, { 'content-type': CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream', 'content-length': String(body.length), 'cache-control': 'no-cache' });
  response.end(request.method === 'HEAD' ? undefined : body);
}
