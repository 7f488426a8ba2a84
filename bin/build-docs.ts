import { buildDocsSite } from '../lib/docs-site/files';

/** `npm run build:docs`: the API reference as static files (dist/docs), for the console's site. */
console.log(`wrote ${buildDocsSite()}`);
