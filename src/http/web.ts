import { readFile } from 'node:fs/promises';
import { extname, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import type { FastifyInstance, FastifyReply } from 'fastify';

/**
 * The web front door: the console (staff) and the portal (customers), one React app built by Vite into
 * web/dist (`npm install`, `npm start` and `npm test` build it; see web/vite.config.ts). The pages are
 * public — they hold no data; every read goes through the API and its permissions.
 *
 * The app's own paths answer with index.html (the app routes on the client); /assets/* are the built
 * files, content-hashed and so cached for good.
 */
export const WEB_DIST = fileURLToPath(new URL('../../web/dist/', import.meta.url));
const ASSETS = resolve(WEB_DIST, 'assets');

/** The client-side pages: each answers with the app. Keep in step with web/src/App.tsx and the permission map. */
export const WEB_PAGES = ['/', '/login', '/orders', '/orders/:id', '/quotes', '/quotes/:id', '/pipeline', '/insights', '/invoices', '/invoices/:id', '/payments', '/quote-rules', '/disputes', '/disputes/:id', '/shipments', '/work-orders', '/schedule', '/dropped-balls', '/queue', '/customers', '/customers/:id', '/products', '/products/:id', '/stock', '/portal', '/portal/*'] as const;

const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.ico': 'image/x-icon',
};

const NOT_BUILT = `<!doctype html><meta charset="utf-8"><title>omc</title>
<p>The web app is not built. Run <code>npm run build:web</code> (npm install, npm start and npm test do it).
The API is documented at <a href="/docs">/docs</a>.</p>`;

let index: string | null = null;
/** Built files gzipped once: they never change under their hashed names (a rebuild makes new names). */
const gzipped = new Map<string, Buffer>();

async function sendIndex(reply: FastifyReply) {
  // Read once it exists: a build after the server started is picked up.
  index ??= await readFile(resolve(WEB_DIST, 'index.html'), 'utf8').catch(() => null);
  return reply
    .type('text/html; charset=utf-8')
    .header('cache-control', 'no-cache')
    .header('x-content-type-options', 'nosniff')
    .header('referrer-policy', 'same-origin')
    .header('x-frame-options', 'DENY')
    .send(index ?? NOT_BUILT); // unbuilt, the front door still answers, and says how to build
}

export async function webRoutes(app: FastifyInstance): Promise<void> {
  for (const page of WEB_PAGES) app.get(page, { schema: { hide: true } }, (_request, reply) => sendIndex(reply));

  app.get('/assets/*', { schema: { hide: true } }, async (request, reply) => {
    const name = (request.params as { '*': string })['*'];
    const file = resolve(ASSETS, name);
    const type = TYPES[extname(file)];
    // Only files directly under web/dist/assets, of a known type: no traversal, no dot files.
    if (!type || !file.startsWith(ASSETS + sep) || name.includes('/') || name.startsWith('.')) return reply.code(404).type('text/plain').send('Not found');
    const body = await readFile(file).catch(() => null);
    if (!body) return reply.code(404).type('text/plain').send('Not found');
    reply.type(type).header('cache-control', 'public, max-age=31536000, immutable').header('x-content-type-options', 'nosniff').header('vary', 'accept-encoding');
    if (!/\bgzip\b/.test(request.headers['accept-encoding'] ?? '')) return reply.send(body);
    if (!gzipped.has(file)) gzipped.set(file, gzipSync(body));
    return reply.header('content-encoding', 'gzip').send(gzipped.get(file));
  });
}
