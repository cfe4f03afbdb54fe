import type { Kysely } from 'kysely';
import type { DB } from '../../kernel/db/schema.ts';
import { withTenant } from '../../kernel/db/tenant-scope.ts';
import type { Job } from '../../kernel/jobs/job-queue.ts';
import { evaluateTicketSla } from './ticket-sla.ts';

/** The durable job at a ticket's next SLA instant: evaluate it then (and schedule the next). */
export async function runSlaJob(db: Kysely<DB>, job: Job): Promise<{ ticketId: string }> {
  const ticketId = String(job.payload.ticketId);
  if (!job.tenant_id) throw new Error('an SLA job needs its tenant');
  await withTenant(db, job.tenant_id, (tx) => evaluateTicketSla(tx, job.tenant_id!, ticketId, new Date()));
  return { ticketId };
}
