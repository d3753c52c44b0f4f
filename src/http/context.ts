import type { Kysely } from 'kysely';
import type { Actor } from '../access/roles';
import type { Clock } from '../core/clock';
import type { Backend } from '../db/database';
import type { DB } from '../db/schema';

/** What every route can reach: the database and the clock. Nothing else is shared between requests. */
export interface AppContext {
  db: Kysely<DB>;
  backend: Backend;
  clock: Clock;
}

declare module 'fastify' {
  interface FastifyInstance {
    omc: AppContext;
  }
  interface FastifyRequest {
    /** Who is calling; null on public routes without credentials. */
    actor: Actor | null;
  }
}
