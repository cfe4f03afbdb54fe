import type { AddressInfo } from 'node:net';
import type { Kysely } from 'kysely';
import type { Config } from '../../kernel/config.ts';
import type { DB } from '../../kernel/db/schema.ts';
import type { JobHandler } from '../../kernel/jobs/job-runner.ts';
import { setMessageHook } from '../../routing/message-hooks.ts';
import { deliveryJob } from './email-delivery.ts';
import { SEND_JOB, sendAgentReply } from './email-outbound.ts';
import { POLL_JOB, pollJob, schedulePolls } from './imap-poller.ts';
import { type EmailLog, SmtpListener } from './smtp-listener.ts';

/**
 * The email channel of one server instance: its durable jobs (delivery of replies, IMAP
 * polls), the inbound SMTP listener when a port is configured, and the schedule that keeps
 * one pending poll per IMAP mailbox. Agents' replies are picked up by a routing message hook
 * in the transaction that stores them.
 *
 * @example
 * const email = new EmailChannel(db, config, log);
 * const jobs = new JobRunner(db, { ...JOB_HANDLERS, ...email.jobHandlers }, …);
 * await email.start({ listen: true, poll: true });
 */
export class EmailChannel {
  readonly jobHandlers: Record<string, JobHandler>;
  private listener: SmtpListener | null = null;
  private pollTimer: NodeJS.Timeout | null = null;

  constructor(
    private readonly db: Kysely<DB>,
    private readonly config: Config,
    private readonly log: EmailLog,
  ) {
    const ingest = { offerTimeoutSeconds: config.offerTimeoutSeconds };
    this.jobHandlers = {
      [SEND_JOB]: deliveryJob(config),
      [POLL_JOB]: pollJob(config.email, ingest, log),
    };
    setMessageHook('email', sendAgentReply);
  }

  /**
   * Starts the SMTP listener (when `listen` and a port is configured) and the IMAP poll
   * schedule (when `poll`). A port that cannot be bound is logged and leaves the rest of the
   * server running: the other channels should not go down with the mail port.
   */
  async start(options: { listen: boolean; poll: boolean; onPollsScheduled?: () => void }) {
    if (options.listen && this.config.email.listenPort !== null) {
      const listener = new SmtpListener(
        this.db,
        this.config.email,
        { offerTimeoutSeconds: this.config.offerTimeoutSeconds },
        this.log,
      );
      try {
        const address = await listener.start();
        this.listener = listener;
        this.log('info', `email: SMTP listener on ${address.address}:${address.port}`);
      } catch (err) {
        this.log(
          'error',
          `email: the SMTP listener could not start on ${this.config.email.listenHost}:${this.config.email.listenPort}: ${(err as Error).message}; inbound mail over SMTP is off`,
        );
      }
    }
    if (options.poll) {
      const schedule = () =>
        schedulePolls(this.db).then(
          (n) => {
            if (n > 0) options.onPollsScheduled?.();
          },
          (err: Error) => this.log('warn', `email: scheduling IMAP polls failed: ${err.message}`),
        );
      await schedule();
      this.pollTimer = setInterval(schedule, this.config.email.imapPollSeconds * 1000);
      this.pollTimer.unref();
    }
  }

  /** Where the SMTP listener listens, or null when it does not. */
  get smtpAddress(): AddressInfo | null {
    return this.listener?.address ?? null;
  }

  async stop() {
    if (this.pollTimer) clearInterval(this.pollTimer);
    this.pollTimer = null;
    await this.listener?.stop();
    this.listener = null;
  }
}
