import * as fs from 'node:fs';
import * as path from 'node:path';
import { openApiDocumentJson } from '../shared/openapi/file';

/** `npm run openapi`: writes openapi.json at the repository root from the zod schemas and the README. */
const root = path.join(__dirname, '..');
fs.writeFileSync(path.join(root, 'openapi.json'), openApiDocumentJson(root));
console.log('wrote openapi.json');
