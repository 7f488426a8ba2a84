/**
 * Bundles the console (Preact + uPlot) with the project's esbuild into a static folder: index.html,
 * main.js, main.css. `npm run build:console` runs it; `npm start` runs it only when a source file is
 * newer than the last build, and CDK runs it as the site's local bundling step.
 */
import { buildSync } from 'esbuild';
import * as fs from 'node:fs';
import * as path from 'node:path';

export const CONSOLE_ROOT = __dirname;
export const CONSOLE_DIST = path.join(__dirname, 'dist');
const SOURCES = [path.join(__dirname, 'src'), path.join(__dirname, 'public'), path.join(__dirname, '..', 'shared', 'compliance', 'vocabulary.ts'), path.join(__dirname, '..', 'shared', 'copy', 'tones.ts')];

function newestModification(entry: string): number {
  const stat = fs.statSync(entry);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(0, ...fs.readdirSync(entry).map((name) => newestModification(path.join(entry, name))));
}

/** Builds into `outdir` (minified, with a linked source map) and returns the bytes of each file written. */
export function buildConsole(outdir: string = CONSOLE_DIST): Record<string, number> {
  fs.rmSync(outdir, { recursive: true, force: true });
  buildSync({
    entryPoints: { main: path.join(__dirname, 'src', 'main.tsx') },
    outdir,
    bundle: true,
    minify: true,
    sourcemap: 'linked',
    format: 'esm',
    splitting: true,
    chunkNames: 'chunks/[name]-[hash]',
    target: ['es2022'],
    jsx: 'automatic',
    jsxImportSource: 'preact',
    tsconfig: path.join(__dirname, 'tsconfig.json'),
    legalComments: 'linked',
    logLevel: 'warning',
  });
  fs.copyFileSync(path.join(__dirname, 'public', 'index.html'), path.join(outdir, 'index.html'));
  return Object.fromEntries(fs.readdirSync(outdir, { recursive: true, encoding: 'utf8' }).filter((name) => fs.statSync(path.join(outdir, name)).isFile()).map((name) => [name, fs.statSync(path.join(outdir, name)).size]));
}

/** Builds when the output is missing or older than any source; answers whether it built. */
export function ensureConsoleBuilt(outdir: string = CONSOLE_DIST): boolean {
  const stamp = path.join(outdir, 'index.html');
  if (fs.existsSync(stamp) && fs.statSync(stamp).mtimeMs >= Math.max(...SOURCES.map(newestModification))) return false;
  buildConsole(outdir);
  return true;
}

if (require.main === module) {
  const sizes = buildConsole();
  for (const [name, bytes] of Object.entries(sizes)) console.log(`${name.padEnd(20)} ${(bytes / 1024).toFixed(1)} KiB`);
}
