import * as fs from 'node:fs';
import * as path from 'node:path';
import type { StaticSite } from './static-files';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.txt': 'text/plain; charset=utf-8',
};

/**
 * The built console under `/console/`, with the runtime config it reads at start (`config.json`): the
 * API is the same origin locally, and there is no hosted UI (tokens come in the URL fragment). Only
 * files inside the folder are served; `/console` redirects to `/console/` so relative URLs resolve.
 */
export function consoleSite(directory: string, prefix = '/console'): StaticSite {
  const root = path.resolve(directory);
  const config = JSON.stringify({ apiUrl: '' });
  return (request, response) => {
    const pathname = new URL(request.url ?? '/', 'http://localhost').pathname;
    if (pathname !== prefix && !pathname.startsWith(`${prefix}/`)) return false;
    serve(request, response, pathname);
    return true;
  };

  function serve(request: Parameters<StaticSite>[0], response: Parameters<StaticSite>[1], pathname: string): void {
      request.resume();
      if (request.method !== 'GET' && request.method !== 'HEAD') {
        response.writeHead(405, { allow: 'GET, HEAD' }).end();
        return;
      }
      if (pathname === prefix) {
        response.writeHead(308, { location: `${prefix}/` }).end();
        return;
      }
      const relative = pathname.slice(prefix.length + 1) || 'index.html';
      if (relative === 'config.json') {
        response.writeHead(200, { 'content-type': CONTENT_TYPES['.json']!, 'cache-control': 'no-store' }).end(request.method === 'HEAD' ? undefined : config);
        return;
      }
      let file: string;
      try {
        file = path.resolve(root, decodeURIComponent(relative));
      } catch {
        response.writeHead(400).end();
        return;
      }
      if (!file.startsWith(root + path.sep) || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
        response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end(`not found: ${pathname}`);
        return;
      }
      const body = fs.readFileSync(file);
      response.writeHead(200, {
        'content-type': CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream',
        'content-length': String(body.length),
        // Chunks carry a content hash; the rest is small and must follow a rebuild at once.
        'cache-control': relative.startsWith('chunks/') ? 'public, max-age=31536000, immutable' : 'no-cache',
        'x-content-type-options': 'nosniff',
        'content-security-policy': "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'",
      });
      response.end(request.method === 'HEAD' ? undefined : body);
  }
}
