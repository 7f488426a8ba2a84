import * as fs from 'node:fs';
import * as path from 'node:path';
import { openApiDocument } from './document';
import { readmeCurlExamples } from './readme-examples';

/** `openapi.json` as `npm run openapi` writes it: the document for the repository at `root`, pretty-printed. */
export function openApiDocumentJson(root: string): string {
  const { version } = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string };
  const examples = readmeCurlExamples(fs.readFileSync(path.join(root, 'README.md'), 'utf8'));
  return `${JSON.stringify(openApiDocument({ version, examples }), null, 2)}\n`;
}
