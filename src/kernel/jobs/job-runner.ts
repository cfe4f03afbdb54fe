import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { claimJob, completeJob, failJob, type Job } from './job-queue.ts';

export type JobHandler = (db: Kysely<DB>, job: Job) => Promise<unknown>;

export interface JobRunnerOptions {
  pollMs?: number;
  leaseSeconds?: number;
  log?: (level: 'info' | 'warn' | 'error', message: string) => void;
}

/**
 * Polls for due jobs and runs them one at a time with the handler for their kind. `kick()`
 * wakes it at once (after enqueueing), so on-demand work does not wait for the next poll.
 */
export class JobRunner {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private stopped = true;
  private readonly pollMs: number;
  private readonly leaseSeconds: number;

  constructor(
    private readonly db: Kysely<DB>,
    private readonly handlers: Record<string, JobHandler>,
    private readonly options: JobRunnerOptions = {},
  ) {
    this.pollMs = options.pollMs ?? 2000;
    this.leaseSeconds = options.leaseSeconds ?? 600;
  }

  start() {
    this.stopped = false;
    this.schedule(0);
  }

  kick() {
    if (!this.stopped && !this.running) this.schedule(0);
  }

  async stop() {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
  }

  private schedule(ms: number) {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      this.running = this.drain().finally(() => {
        this.running = null;
        if (!this.stopped) this.schedule(this.pollMs);
      });
    }, ms);
    this.timer.unref();
  }

  /** Runs due jobs until none is left. */
  private async drain() {
    while (!this.stopped) {
      let job: Job | null;
      try {
        job = await claimJob(this.db, this.leaseSeconds);
      } catch (err) {
        this.options.log?.('error', `job claim failed: ${(err as Error).message}`);
        return;
      }
      if (!job) return;
      const handler = this.handlers[job.kind];
      try {
        if (!handler) throw new Error(`no handler for job kind ${job.kind}`);
        const result = await handler(this.db, job);
        await completeJob(this.db, job.id, result);
      } catch (err) {
        this.options.log?.('warn', `job ${job.id} (${job.kind}) failed: ${(err as Error).message}`);
        await failJob(this.db, job, (err as Error).message).catch(() => undefined);
      }
    }
  }
}
