import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { emailRoutes } from './channels/email/email.routes.ts';
import { EmailChannel } from './channels/email/email-channel.ts';
import { mailboxRoutes } from './channels/email/mailboxes.routes.ts';
import { sipAccountRoutes } from './channels/voice/accounts/sip-account.routes.ts';
import { callControlRoutes } from './channels/voice/calls/call-control.routes.ts';
import { callReportRoutes } from './channels/voice/calls/call-report.routes.ts';
import { voiceCallRoutes } from './channels/voice/calls/voice-calls.routes.ts';
import { VoiceEdge } from './channels/voice/edge/voice-edge.ts';
import { ivrRoutes } from './channels/voice/ivr/ivr.routes.ts';
import { voiceNumberRoutes } from './channels/voice/numbers/voice-numbers.routes.ts';
import { outboundCallRoutes } from './channels/voice/outbound/outbound-call.routes.ts';
import { TRANSCRIPT_JOB, transcriptJob } from './channels/webchat/transcript.service.ts';
import { webchatRoutes } from './channels/webchat/webchat.routes.ts';
import { customerRoutes } from './customers/customers.routes.ts';
import { importRoutes } from './customers/import/import.routes.ts';
import { insightRoutes } from './insight/insight.routes.ts';
import { wallboardRoutes } from './insight/wallboard.routes.ts';
import { authRoutes } from './kernel/auth/auth.routes.ts';
import type { Config } from './kernel/config.ts';
import { type Database, openDatabase } from './kernel/db/database.ts';
import { migrateToLatest } from './kernel/db/migrate.ts';
import { EventHub } from './kernel/events/event-hub.ts';
import { streamRoutes } from './kernel/events/stream.routes.ts';
import { buildApp, type RouteModule } from './kernel/http/app.ts';
import { JobRunner } from './kernel/jobs/job-runner.ts';
import { jobRoutes } from './kernel/jobs/jobs.routes.ts';
import { tenancyRoutes } from './kernel/tenancy/tenancy.routes.ts';
import { lifecycleRoutes } from './lifecycle/lifecycle.routes.ts';
import { ensureNightlyRescores, RESCORE_JOB, runRescoreJob } from './lifecycle/standing-jobs.ts';
import { agentRoutes } from './routing/agents.routes.ts';
import { interactionRoutes } from './routing/interactions.routes.ts';
import { queueRoutes } from './routing/queues.routes.ts';
import { RoutingDispatcher } from './routing/routing.dispatcher.ts';
import { segmentRoutes } from './segments/segments.routes.ts';
import { complaintRoutes } from './service/complaints/complaints.routes.ts';
import { slaRoutes } from './service/sla/sla.routes.ts';
import { runSlaJob } from './service/sla/sla-job.ts';
import { SLA_JOB } from './service/sla/ticket-sla.ts';
import { ticketRoutes } from './service/tickets/tickets.routes.ts';
import { valueRoutes } from './value/value.routes.ts';

/** Every slice's routes, in one list: a new capability adds its module here. */
export const ROUTE_MODULES: RouteModule[] = [
  authRoutes,
  tenancyRoutes,
  jobRoutes,
  customerRoutes,
  importRoutes,
  valueRoutes,
  lifecycleRoutes,
  segmentRoutes,
  insightRoutes,
  wallboardRoutes,
  queueRoutes,
  agentRoutes,
  interactionRoutes,
  streamRoutes,
  webchatRoutes,
  mailboxRoutes,
  emailRoutes,
  sipAccountRoutes,
  voiceNumberRoutes,
  ivrRoutes,
  outboundCallRoutes,
  voiceCallRoutes,
  callControlRoutes,
  callReportRoutes,
  ticketRoutes,
  slaRoutes,
  complaintRoutes,
];

/** Every durable job kind and its handler. */
export const JOB_HANDLERS = { [RESCORE_JOB]: runRescoreJob, [SLA_JOB]: runSlaJob };

export const WEB_DIST = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../web/dist');

export interface Server {
  app: FastifyInstance;
  database: Database;
  jobs: JobRunner;
  /** This instance's ACD: routing passes on wake-ups, the sweep, and at start. */
  routing: RoutingDispatcher;
  /** This instance's realtime hub (GET /api/v1/stream). */
  events: EventHub;
  /** This instance's email channel: the SMTP listener (when configured), reply delivery, IMAP polls. */
  email: EmailChannel;
  /** This instance's SIP edge (when `config.voice.sipPort` is set): phones, calls, media. */
  voice: VoiceEdge;
  close(): Promise<void>;
}

/** Opens the database, migrates it and builds the HTTP app (not yet listening). */
export async function createServer(
  config: Config,
  options: { database?: Database; logger?: boolean; jobs?: boolean } = {},
) {
  const database =
    options.database ?? (await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir }));
  await migrateToLatest(database.db);
  let app: FastifyInstance | undefined;
  // Jobs that need this instance's settings (the SMTP server) are bound to them here.
  const handlers = { ...JOB_HANDLERS, [TRANSCRIPT_JOB]: transcriptJob(config) };
  const email = new EmailChannel(database.db, config, (level, message) => app?.log[level](message));
  const jobs = new JobRunner(
    database.db,
    { ...handlers, ...email.jobHandlers },
    {
      pollMs: 1000,
      log: (level, message) => app?.log[level](message),
    },
  );
  const log = (level: 'info' | 'warn' | 'error', message: string) => app?.log[level](message);
  // The ACD and the feed read on the database's own small pool, never behind HTTP requests.
  const events = new EventHub(database.acd, database.notifications, { log });
  const routing = new RoutingDispatcher(database, {
    offerTimeoutSeconds: config.offerTimeoutSeconds,
    sweepMs: config.routingSweepMs,
    onCommitted: (tenantId) => events.committed(tenantId),
    log,
  });
  app = await buildApp(
    {
      db: database.db,
      config,
      webDir: WEB_DIST,
      jobs,
      events,
      ...(options.logger === undefined ? {} : { logger: options.logger }),
    },
    ROUTE_MODULES,
  );
  await events.start();
  let nightly: NodeJS.Timeout | undefined;
  if (options.jobs !== false) {
    await ensureNightlyRescores(database.db);
    // New tenants, and the next night after a nightly run finished.
    nightly = setInterval(() => void ensureNightlyRescores(database.db).catch(() => undefined), 10 * 60_000);
    nightly.unref();
    jobs.start();
    // Queued interactions are rows: the first sweep routes what waited through a restart.
    await routing.start();
  }
  await email.start({ listen: true, poll: options.jobs !== false, onPollsScheduled: () => jobs.kick() });
  const voice = new VoiceEdge({
    db: database.db,
    events,
    settings: config.voice,
    offerTimeoutSeconds: config.offerTimeoutSeconds,
    log,
  });
  await voice.start();
  const built = app;
  return {
    app: built,
    database,
    jobs,
    routing,
    events,
    email,
    voice,
    async close() {
      if (nightly) clearInterval(nightly);
      await voice.stop();
      await email.stop();
      await routing.stop();
      await jobs.stop();
      await built.close();
      await events.stop();
      await database.close();
    },
  } satisfies Server;
}
