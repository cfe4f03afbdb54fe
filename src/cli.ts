import { Command } from 'commander';
import { ZodError } from 'zod';
import { loadConfig } from './kernel/config.ts';
import { openDatabase } from './kernel/db/database.ts';
import { migrateToLatest } from './kernel/db/migrate.ts';
import { AppError } from './kernel/http/errors.ts';
import { createTenant, createUser, findTenantBySlug } from './kernel/tenancy/tenancy.service.ts';
import { createServer } from './server.ts';

/**
 * `hotline start | migrate | tenant add | user add | demo` — the server and the set-up of
 * a production install (HOTLINE_DEMO=0) without demo data.
 */
const program = new Command('hotline').description('Hotline contact center');

program
  .command('start')
  .description('Migrate the database, load the demo tenants (unless HOTLINE_DEMO=0) and serve on PORT')
  .option(
    '--traffic <perMinute>',
    'demo mode: simulated calls, chats and emails per minute (HOTLINE_DEMO_TRAFFIC; 0 = none)',
  )
  .option(
    '--agents <count>',
    'demo mode: simulated agents who answer (HOTLINE_DEMO_TRAFFIC_AGENTS; 0 = none)',
  )
  .action(async (opts: { traffic?: string; agents?: string }) => {
    // A started server takes mail for its tenants' mailboxes unless told otherwise.
    const config = loadConfig({
      HOTLINE_SMTP_LISTEN_PORT: '2525',
      HOTLINE_SIP_PORT: '5060',
      ...process.env,
      ...(opts.traffic === undefined ? {} : { HOTLINE_DEMO_TRAFFIC: opts.traffic }),
      ...(opts.agents === undefined ? {} : { HOTLINE_DEMO_TRAFFIC_AGENTS: opts.agents }),
    });
    const server = await createServer(config);
    const log = (line: string) => server.app.log.info(line);
    log(`database: ${config.databaseUrl ? 'PostgreSQL (DATABASE_URL)' : `PGlite in ${config.dataDir}`}`);
    let banner = '';
    if (config.demo) {
      // Loaded only in demo mode: a production start never pulls in the generator.
      const { loadDemo, formatDemoLogins } = await import('./demo/demo-loader.ts');
      const logins = await loadDemo(server.database.db, { log });
      banner = formatDemoLogins(logins);
    }
    await server.app.listen({ port: config.port, host: config.host });
    const url = `http://localhost:${config.port}`;
    process.stdout.write(
      `\nHotline is running on ${url}  (API docs: ${url}/api/docs)\n${banner ? `\nDemo logins:\n${banner}\n` : ''}\n`,
    );
    let traffic: { stop(): Promise<void> } | undefined;
    const wantsTraffic = config.demoTraffic.perMinute > 0 || config.demoTraffic.agents > 0;
    if (wantsTraffic && !config.demo) {
      log('demo traffic: HOTLINE_DEMO_TRAFFIC is ignored without the demo (HOTLINE_DEMO=0)');
    } else if (wantsTraffic) {
      // Simulated customers through the real front doors, so the wallboard and desktop are alive.
      const { startDemoTraffic } = await import('./demo/traffic/start-demo-traffic.ts');
      traffic = await startDemoTraffic(server, config, (level, line) => server.app.log[level](line)).catch(
        (err: unknown) => {
          server.app.log.warn(
            `demo traffic: could not start: ${err instanceof Error ? err.message : String(err)}`,
          );
          return undefined;
        },
      );
    }
    const stop = async () => {
      await traffic?.stop();
      await server.close();
      process.exit(0);
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });

program
  .command('migrate')
  .description('Apply pending database migrations')
  .action(async () => {
    const config = loadConfig();
    const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
    try {
      const applied = await migrateToLatest(database.db);
      console.log(applied.length ? `applied: ${applied.join(', ')}` : 'database is up to date');
    } finally {
      await database.close();
    }
  });

program
  .command('demo')
  .description('Load the demo tenants into the database (does nothing if they exist)')
  .action(async () => {
    const config = loadConfig();
    const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
    try {
      await migrateToLatest(database.db);
      const { loadDemo, formatDemoLogins } = await import('./demo/demo-loader.ts');
      console.log(formatDemoLogins(await loadDemo(database.db, { log: console.log })));
    } finally {
      await database.close();
    }
  });

const tenant = program.command('tenant').description('Manage tenants');
tenant
  .command('add')
  .description('Add a tenant (client company)')
  .requiredOption('--slug <slug>', 'short id, e.g. acme')
  .requiredOption('--name <name>', 'display name')
  .option('--region <CC>', 'default phone region (ISO country)', 'CN')
  .option('--currency <CUR>', 'default currency', 'CNY')
  .option('--time-zone <tz>', 'IANA time zone', 'Asia/Shanghai')
  .action(async (opts: { slug: string; name: string; region: string; currency: string; timeZone: string }) =>
    withDatabase(async (db) => {
      const created = await createTenant(db, {
        slug: opts.slug,
        name: opts.name,
        defaultRegion: opts.region,
        defaultCurrency: opts.currency,
        timeZone: opts.timeZone,
      });
      console.log(`tenant ${created.slug} added (${created.id})`);
    }),
  );

const user = program.command('user').description('Manage users');
user
  .command('add')
  .description('Add a user; the password is read from HOTLINE_PASSWORD or --password')
  .requiredOption('--email <email>')
  .requiredOption('--name <name>', 'display name')
  .requiredOption('--role <role>', 'operator_admin | tenant_admin | supervisor | agent | analyst')
  .option('--tenant <slug>', 'tenant slug (every role but operator_admin)')
  .option(
    '--password <password>',
    'at least 10 characters (prefer HOTLINE_PASSWORD, kept out of shell history)',
  )
  .option('--locale <locale>', 'zh-CN or en', 'zh-CN')
  .action(
    async (opts: {
      email: string;
      name: string;
      role: string;
      tenant?: string;
      password?: string;
      locale: string;
    }) =>
      withDatabase(async (db) => {
        const password = opts.password ?? process.env.HOTLINE_PASSWORD;
        if (!password) throw new Error('give --password or set HOTLINE_PASSWORD');
        let tenantId: string | null = null;
        if (opts.tenant) {
          const found = await findTenantBySlug(db, opts.tenant);
          if (!found) throw new Error(`no tenant with slug ${opts.tenant}`);
          tenantId = found.id;
        }
        const created = await createUser(db, tenantId, {
          email: opts.email,
          displayName: opts.name,
          role: opts.role as 'agent',
          password,
          locale: opts.locale as 'zh-CN',
        });
        console.log(`user ${created.email} (${created.role}) added`);
      }),
  );

async function withDatabase(work: (db: Awaited<ReturnType<typeof openDatabase>>['db']) => Promise<void>) {
  const config = loadConfig();
  let database: Awaited<ReturnType<typeof openDatabase>> | undefined;
  try {
    database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
    await migrateToLatest(database.db);
    await work(database.db);
  } catch (err) {
    process.exitCode = 1;
    console.error(`error: ${describe(err)}`);
  } finally {
    await database?.close();
  }
}

function describe(err: unknown): string {
  if (err instanceof ZodError)
    return err.issues.map((i) => `${i.path.join('.') || 'value'}: ${i.message}`).join('; ');
  if (err instanceof AppError || err instanceof Error) return err.message;
  return String(err);
}

await program.parseAsync(process.argv);
