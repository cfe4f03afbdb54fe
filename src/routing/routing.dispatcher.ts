import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { Database } from '../kernel/db/database.ts';
import { ROUTING_CHANNEL, registerLocalRouter } from './routing.events.ts';
import { type RoutingPassResult, runRoutingPass } from './routing.pass.ts';

export interface RoutingDispatcherOptions {
  offerTimeoutSeconds: number;
  /** How often to sweep for expired offers, ended wrap-ups, overflow and waiting work. */
  sweepMs: number;
  /** Told right after a pass committed changes (the realtime feed reads them at once). */
  onCommitted?: (tenantId: string) => void;
  log?: (level: 'info' | 'warn' | 'error', message: string) => void;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// Deadlock and serialization failures: the pass is simply run again.
const RETRYABLE = new Set(['40P01', '40001']);

/**
 * Runs routing passes on this server instance. A pass runs for a tenant when
 * - a change asks for one (`requestRoutingPass` NOTIFYs every instance at commit: a new
 *   interaction, an agent turning available, a declined offer, a transfer, a closed interaction);
 *   a change made through this instance wakes it in-process the moment it commits;
 * - the sweep (every `sweepMs`) finds a tenant with waiting interactions (sticky windows
 *   close, overflow clocks run out, queues open), offers past their time, or wrap-ups due;
 * - the instance starts: queued interactions are rows, so they are routed again after a restart.
 * Wake-ups for a tenant whose pass is running are folded into one more pass after it, so a
 * burst of arrivals costs a few passes, not one each. Passes run on the database's own ACD
 * pool (`Database.acd`), so they never wait for a connection behind HTTP requests.
 */
export class RoutingDispatcher {
  private readonly tenants = new Map<string, { running: boolean; again: boolean }>();
  private readonly inFlight = new Set<Promise<void>>();
  private timer: NodeJS.Timeout | null = null;
  private sweeping: Promise<void> | null = null;
  private unlisten: (() => Promise<void>) | null = null;
  private unregister: (() => void) | null = null;
  private stopped = true;
  /** Names this instance in the wake-ups it sends, so it can ignore them when they come back. */
  readonly origin = randomUUID();
  /** Passes run on this instance (for tests and the benchmark). */
  readonly stats = {
    passes: 0,
    skipped: 0,
    offered: 0,
    expired: 0,
    overflowed: 0,
    retried: 0,
    failed: 0,
    /** Passes whose engine had to read every agent rather than the longest-idle free ones. */
    readAllAgents: 0,
  };

  constructor(
    private readonly database: Pick<Database, 'db' | 'acd' | 'notifications'>,
    private readonly options: RoutingDispatcherOptions,
  ) {}

  async start() {
    this.stopped = false;
    this.unlisten = await this.database.notifications.listen(ROUTING_CHANNEL, (payload) => {
      // `tenant` or `tenant origin`; this instance already woke itself for its own.
      const [tenantId, origin] = payload.split(' ');
      if (origin !== this.origin) this.wake(tenantId!);
    });
    this.unregister = registerLocalRouter(this.database.db, this);
    // Wake-ups sent while the listening connection was down were lost: look at everything.
    this.database.notifications.onReconnect(() => void this.sweep());
    void this.sweep();
    this.timer = setInterval(() => void this.sweep(), this.options.sweepMs);
    this.timer.unref();
  }

  async stop() {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.unregister?.();
    this.unregister = null;
    await this.unlisten?.();
    this.unlisten = null;
    await this.sweeping;
    await Promise.all([...this.inFlight]);
  }

  /** Runs a pass for the tenant soon (or once more after the running one). */
  wake(tenantId: string) {
    if (this.stopped || !UUID.test(tenantId)) return;
    const state = this.tenants.get(tenantId);
    if (state?.running) {
      state.again = true;
      return;
    }
    const fresh = { running: true, again: false };
    this.tenants.set(tenantId, fresh);
    const run = this.drain(tenantId, fresh).finally(() => {
      this.inFlight.delete(run);
      if (this.tenants.get(tenantId) === fresh) this.tenants.delete(tenantId);
    });
    this.inFlight.add(run);
  }

  /** Resolves once no pass is running or asked for on this instance. */
  async idle() {
    while (this.inFlight.size > 0 || this.sweeping) {
      await Promise.all([...this.inFlight, this.sweeping]);
    }
  }

  /** Finds tenants with routing work due and wakes them. */
  sweep(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    this.sweeping ??= this.findDueTenants()
      .then((tenantIds) => {
        for (const id of tenantIds) this.wake(id);
      })
      .catch((err: unknown) => this.options.log?.('error', `routing sweep failed: ${(err as Error).message}`))
      .finally(() => {
        this.sweeping = null;
      });
    return this.sweeping;
  }

  private async drain(tenantId: string, state: { running: boolean; again: boolean }) {
    do {
      state.again = false;
      try {
        const result = await runRoutingPass(this.database.acd, tenantId, {
          offerTimeoutSeconds: this.options.offerTimeoutSeconds,
        });
        this.count(result);
        if (result.offered + result.expired + result.wrapUpsEnded + result.overflowed > 0) {
          this.options.onCommitted?.(tenantId);
        }
      } catch (err) {
        const code = (err as { code?: string }).code;
        if (code && RETRYABLE.has(code) && !this.stopped) {
          this.stats.retried++;
          state.again = true;
        } else {
          this.stats.failed++;
          this.options.log?.(
            'error',
            `routing pass for tenant ${tenantId} failed: ${(err as Error).message}`,
          );
        }
      }
    } while (state.again && !this.stopped);
    state.running = false;
  }

  private count(result: RoutingPassResult) {
    this.stats.passes++;
    if (result.skipped) this.stats.skipped++;
    this.stats.offered += result.offered;
    this.stats.expired += result.expired;
    this.stats.overflowed += result.overflowed;
    if (result.readAllAgents) this.stats.readAllAgents++;
  }

  /** Privileged read across tenants (like the job runner's claim): only tenant ids leave it. */
  private async findDueTenants(): Promise<string[]> {
    const now = new Date();
    const { rows } = await sql<{ tenant_id: string }>`
      select tenant_id from interactions where status = 'queued'
      union select tenant_id from offers where status = 'pending' and expires_at <= ${now}
      union select tenant_id from interactions where status = 'wrap_up' and wrap_up_until <= ${now}
      union select tenant_id from agents where state = 'wrap_up' and wrap_up_until <= ${now}
    `.execute(this.database.acd);
    return rows.map((r) => r.tenant_id);
  }
}
