/**
 * The calls of a period for the call report (call-report.ts), inside the tenant's scope:
 * each with its queue, its agent, and the few events the report counts.
 */
import type { TenantTx } from '../../../kernel/db/tenant-scope.ts';
import type { ReportCall } from './call-report.ts';

const COUNTED_EVENTS = ['held', 'resumed', 'transferred', 'voicemail', 'callback_requested'];

export async function tenantTimeZone(tx: TenantTx, tenantId: string): Promise<string> {
  const row = await tx
    .selectFrom('tenants')
    .select('time_zone')
    .where('id', '=', tenantId)
    .executeTakeFirst();
  return row?.time_zone ?? 'Asia/Shanghai';
}

/** Calls that arrived in [from, to), with their counted events in order. */
export async function callsForReport(tx: TenantTx, from: Date, to: Date): Promise<ReportCall[]> {
  const rows = await tx
    .selectFrom('voice_calls as c')
    .leftJoin('interactions as i', 'i.id', 'c.interaction_id')
    .leftJoin('queues as q', 'q.id', 'i.queue_id')
    .leftJoin('users as u', 'u.id', 'c.agent_id')
    .select([
      'c.id',
      'c.direction',
      'i.queue_id',
      'q.name as queue_name',
      'c.agent_id',
      'u.display_name as agent_name',
      'c.arrived_at',
      'c.queued_at',
      'c.answered_at',
      'c.ended_at',
    ])
    .where('c.arrived_at', '>=', from)
    .where('c.arrived_at', '<', to)
    .execute();
  const events = await tx
    .selectFrom('voice_call_events as e')
    .innerJoin('voice_calls as c', 'c.id', 'e.call_id')
    .select(['e.call_id', 'e.kind', 'e.at'])
    .where('c.arrived_at', '>=', from)
    .where('c.arrived_at', '<', to)
    .where('e.kind', 'in', COUNTED_EVENTS)
    .orderBy('e.at')
    .orderBy('e.id')
    .execute();
  const byCall = new Map<string, ReportCall['events']>();
  for (const e of events) {
    const list = byCall.get(e.call_id) ?? [];
    list.push({ kind: e.kind, at: new Date(e.at) });
    byCall.set(e.call_id, list);
  }
  return rows.map((r) => ({
    direction: r.direction,
    queueId: r.queue_id,
    queueName: r.queue_name,
    agentId: r.agent_id,
    agentName: r.agent_name,
    arrivedAt: new Date(r.arrived_at),
    queuedAt: r.queued_at ? new Date(r.queued_at) : null,
    answeredAt: r.answered_at ? new Date(r.answered_at) : null,
    endedAt: r.ended_at ? new Date(r.ended_at) : null,
    events: byCall.get(r.id) ?? [],
  }));
}
