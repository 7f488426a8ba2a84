import * as fs from 'node:fs';
import * as path from 'node:path';

const PROJECT_ROOT = path.resolve(__dirname, '..', '..');

/** Where `npm run build:docs` writes the reference docs, ready for the console's static site. */
export const DOCS_ASSET_DIR = path.join(PROJECT_ROOT, 'dist', 'docs');

/**
 * The files of the interactive API reference, by the name they are served under: Swagger UI's
 * offline bundle from npm (no CDN), this folder's page and script, and the committed openapi.json.
 */
export function docsSiteFiles(): Map<string, string> {
  const swaggerUi = path.dirname(require.resolve('swagger-ui-dist/package.json'));
  return new Map([
    ['index.html', path.join(__dirname, 'index.html')],
    ['docs.js', path.join(__dirname, 'docs.js')],
    ['docs.css', path.join(__dirname, 'docs.css')],
    ['swagger-ui-bundle.js', path.join(swaggerUi, 'swagger-ui-bundle.js')],
    ['swagger-ui.css', path.join(swaggerUi, 'swagger-ui.css')],
    ['openapi.json', path.join(PROJECT_ROOT, 'openapi.json')],
  ]);
}

/** Copies the docs into `outDir` (default `dist/docs`) and returns it: the asset directory to deploy under `/docs`. */
export function buildDocsSite(outDir: string = DOCS_ASSET_DIR): string {
  fs.rmSync(outDir, { recursive: true, force: true });
  fs.mkdirSync(outDir, { recursive: true });
  for (const [name, source] of docsSiteFiles()) fs.copyFileSync(source, path.join(outDir, name));
  return outDir;
}
