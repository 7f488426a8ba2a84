import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { consoleSite } from '../../local/console';

/** The console's static serving under `npm start`: its files, its config, and nothing outside its folder. */
describe('console site (local)', () => {
  let root: string;
  let server: http.Server;
  let base: string;

  beforeAll(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'console-site-'));
    fs.mkdirSync(path.join(root, 'dist', 'chunks'), { recursive: true });
    fs.writeFileSync(path.join(root, 'dist', 'index.html'), '<!doctype html><title>console</title>');
    fs.writeFileSync(path.join(root, 'dist', 'chunks', 'a-1.js'), 'export {}');
    fs.writeFileSync(path.join(root, 'secret.txt'), 'outside the site');
    const site = consoleSite(path.join(root, 'dist'));
    server = http.createServer((request, response) => {
      if (!site(request, response)) response.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('serves index.html at /console/ and sends /console there, so relative URLs resolve', async () => {
    const redirect = await fetch(`${base}/console`, { redirect: 'manual' });
    expect(redirect.status).toBe(308);
    expect(redirect.headers.get('location')).toBe('/console/');
    const index = await fetch(`${base}/console/`);
    expect(index.status).toBe(200);
    expect(index.headers.get('content-type')).toMatch(/^text\/html/);
    expect(index.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(await index.text()).toContain('<title>console</title>');
  });

  it('answers the runtime config (same-origin API, no hosted UI) uncached, and caches hashed chunks for good', async () => {
    const config = await fetch(`${base}/console/config.json`);
    expect(await config.json()).toEqual({ apiUrl: '' });
    expect(config.headers.get('cache-control')).toBe('no-store');
    expect((await fetch(`${base}/console/chunks/a-1.js`)).headers.get('cache-control')).toContain('immutable');
  });

  it('serves nothing outside its folder, whatever the encoding', async () => {
    for (const attempt of ['/console/../secret.txt', '/console/%2e%2e/secret.txt', '/console/..%2fsecret.txt', '/console/chunks/..%2f..%2fsecret.txt']) {
      const response = await fetch(`${base}${attempt}`);
      expect([400, 404]).toContain(response.status);
      expect(await response.text()).not.toContain('outside the site');
    }
    expect((await fetch(`${base}/console/%E0%A4%A`)).status).toBe(400);
    expect((await fetch(`${base}/console/missing.js`)).status).toBe(404);
  });

  it('refuses anything but GET and HEAD', async () => {
    const response = await fetch(`${base}/console/index.html`, { method: 'POST', body: 'x' });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('GET, HEAD');
  });
});
