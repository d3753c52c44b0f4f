import { readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';

const INDEX = readFileSync(new URL('../../web/index.html', import.meta.url), 'utf8');

/** The web front door. The console and portal will grow here; for now it points people at the API. */
export async function webRoutes(app: FastifyInstance): Promise<void> {
  app.get('/', { schema: { hide: true } }, (_request, reply) => reply.type('text/html; charset=utf-8').send(INDEX));
}
