import { readFileSync } from 'node:fs';
import { SingleBar } from 'cli-progress';
import { Command, Option } from 'commander';
import { createApiKey } from '../access/commands/create-api-key';
import { STAFF_ROLES, SYSTEM_ACTOR } from '../access/roles';
import { loadConfig } from '../config';
import { systemClock } from '../core/clock';
import { importOrders } from '../entry/commands/import-orders';
import { migrate } from '../db/migrate';
import { transact } from '../db/transaction';
import { prepareDatabase, startServer } from '../server';
import { startStatistics, startSweeps } from '../automation/sweeps';
import { DEMO_ADMIN_EMAIL, DEMO_API_KEY, DEMO_PASSWORD, seedDemo } from './demo';

const program = new Command('omc').description('omc — the order management cycle');

program
  .command('serve')
  .description('Run the API (and the web console) on the embedded database or DATABASE_URL')
  .option('--port <n>', 'port (PORT, default 3000)')
  .option('--data-dir <dir>', 'embedded database folder (OMC_DATA_DIR, default ./data)')
  .option('--demo', 'seed the demo company when the database has none')
  .action(async (flags: { port?: string; dataDir?: string; demo?: boolean }) => {
    const config = loadConfig(flags);
    const database = await prepareDatabase(config.database, config.adminToken);
    if (flags.demo) await seedDemo(database.db);
    const server = await startServer(database, { port: config.port, host: config.host }, { logger: { level: config.logLevel }, trustProxy: config.trustProxy });
    const where = 'databaseUrl' in config.database ? 'PostgreSQL (DATABASE_URL)' : `embedded PGlite in ${config.database.dataDir}`;
    process.stdout.write(
      `\nomc is running at ${server.url} on ${where}\n  Console: ${server.url}/   Customer portal: ${server.url}/portal   API docs: ${server.url}/docs\n`,
    );
    if (flags.demo) {
      process.stdout.write(
        `  Log in as ${DEMO_ADMIN_EMAIL} (or sales@, csr@, finance@… demo.omc) with password ${DEMO_PASSWORD}\n` +
          `  Portal: buyer@nordhafen.example or claire@lumiere-pack.example, same password\n` +
          `  API: curl -H 'Authorization: Bearer ${DEMO_API_KEY}' ${server.url}/v1/customers\n\n`,
      );
    }
    // Time-driven work (quote expiry): every process looks every minute; SKIP LOCKED keeps them apart.
    const stopSweeps = startSweeps(database.db, systemClock, server.app.log);
    const stopStatistics = startStatistics(database, server.app.log);
    const shutdown = async () => {
      stopSweeps();
      stopStatistics();
      await server.stop();
      process.exit(0);
    };
    process.once('SIGINT', shutdown);
    process.once('SIGTERM', shutdown);
  });

program
  .command('migrate')
  .description('Apply pending database migrations and exit')
  .option('--data-dir <dir>', 'embedded database folder')
  .action(async (flags: { dataDir?: string }) => {
    const config = loadConfig(flags);
    const database = await prepareDatabase(config.database, null);
    const applied = await migrate(database.db);
    await database.close();
    process.stdout.write(applied.length ? `Applied ${applied.join(', ')}\n` : 'The database is up to date.\n');
  });

program
  .command('seed')
  .description('Seed data: `omc seed demo` adds the demo company')
  .addArgument(new Command().createArgument('<what>', 'what to seed').choices(['demo']))
  .option('--data-dir <dir>', 'embedded database folder')
  .action(async (_what: string, flags: { dataDir?: string }) => {
    const config = loadConfig(flags);
    const database = await prepareDatabase(config.database, config.adminToken);
    const seeded = await seedDemo(database.db);
    await database.close();
    process.stdout.write(seeded ? `Demo company seeded. Log in as ${DEMO_ADMIN_EMAIL} / ${DEMO_PASSWORD}\n` : 'The demo company is already there.\n');
  });

program
  .command('import')
  .description('Import data: `omc import orders FILE.csv` enters the orders of a CSV file')
  .addArgument(new Command().createArgument('<what>', 'what to import').choices(['orders']))
  .argument('<file>', 'CSV: external_ref, customer_id, sku, quantity[, requested_date, notes]')
  .option('--data-dir <dir>', 'embedded database folder')
  .action(async (_what: string, file: string, flags: { dataDir?: string }) => {
    const csv = readFileSync(file, 'utf8');
    const config = loadConfig(flags);
    const database = await prepareDatabase(config.database, config.adminToken);
    const bar = new SingleBar({ format: 'Importing orders [{bar}] {value}/{total}', stream: process.stderr });
    try {
      const report = await importOrders(database.db, systemClock, { ...SYSTEM_ACTOR, name: 'omc import' }, csv, (done, total) => {
        if (done === 1) bar.start(total, 0);
        bar.update(done);
      });
      bar.stop();
      for (const order of report.orders.filter((o) => o.outcome === 'failed')) {
        for (const error of order.errors) process.stdout.write(`line ${error.line}: ${error.message}\n`);
      }
      process.stdout.write(`${report.rows} rows: ${report.created} orders created, ${report.already_imported} already imported, ${report.failed} failed.\n`);
      if (report.failed > 0) process.exitCode = 2;
    } finally {
      bar.stop();
      await database.close();
    }
  });

const keys = program.command('keys').description('API keys');
keys
  .command('create')
  .description('Create an API key and print its secret (shown once)')
  .addOption(new Option('--role <role>', 'admin or a department').choices([...STAFF_ROLES]))
  .option('--customer <id>', "make it this customer's key instead")
  .option('--name <name>', 'a label for the key', 'created by omc keys create')
  .option('--data-dir <dir>', 'embedded database folder')
  .action(async (flags: { role?: (typeof STAFF_ROLES)[number]; customer?: string; name: string; dataDir?: string }) => {
    if (!flags.role && !flags.customer) program.error('Give --role <role> or --customer <id>.');
    const config = loadConfig(flags);
    const database = await prepareDatabase(config.database, config.adminToken);
    try {
      const key = await transact(database.db, (trx) =>
        createApiKey({ db: trx, now: new Date(), actor: SYSTEM_ACTOR, requestId: null }, { name: flags.name, role: flags.role, customer_id: flags.customer }),
      );
      process.stdout.write(`${key.secret}\n`);
      process.stderr.write(`Created ${key.id} (${key.role}${key.customer_id ? ` for ${key.customer_id}` : ''}). The secret is shown only now.\n`);
    } finally {
      await database.close();
    }
  });

program.parseAsync().catch((error: unknown) => {
  process.stderr.write(`omc: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
