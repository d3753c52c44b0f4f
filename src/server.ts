import type { FastifyInstance } from 'fastify';
import { ensureBootstrapKey } from './access/commands/ensure-bootstrap-key';
import { SYSTEM_ACTOR } from './access/roles';
import type { Clock } from './core/clock';
import { systemClock } from './core/clock';
import { openDatabase, type Database, type DatabaseConfig } from './db/database';
import { migrate } from './db/migrate';
import { transact } from './db/transaction';
import { buildApp, type AppOptions } from './http/app';

/** Open the database, bring its schema up to date, and make sure the bootstrap admin key exists. */
export async function prepareDatabase(config: DatabaseConfig, adminToken: string | null, clock: Clock = systemClock): Promise<Database> {
  const database = await openDatabase(config);
  try {
    await migrate(database.db);
    if (adminToken) {
      await transact(database.db, (trx) => ensureBootstrapKey({ db: trx, now: clock.now(), actor: SYSTEM_ACTOR, requestId: null }, adminToken));
    }
    return database;
  } catch (error) {
    await database.close();
    throw error;
  }
}

export interface RunningServer {
  app: FastifyInstance;
  database: Database;
  url: string;
  stop(): Promise<void>;
}

/** Build the app on a prepared database and listen; `stop` closes both, in that order. */
export async function startServer(database: Database, listen: { port: number; host: string }, options: Omit<AppOptions, 'database'> = {}): Promise<RunningServer> {
  const app = await buildApp({ ...options, database });
  await app.listen(listen);
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : listen.port;
  return {
    app,
    database,
    url: `http://${listen.host === '0.0.0.0' || listen.host === '::' ? 'localhost' : listen.host}:${port}`,
    stop: async () => {
      await app.close();
      await database.close();
    },
  };
}
