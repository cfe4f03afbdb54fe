import { sql } from 'kysely';
import type { TenantTx } from '../../../kernel/db/tenant-scope.ts';

/** The rows an outbound call is decided from: the tenant's numbers, a voice queue, the agent's calls. */

export interface CallerNumber {
  number: string;
  outboundCallerId: string | null;
  queueId: string | null;
}

/** The tenant's hotline numbers, those with an outbound caller ID first. */
export async function tenantNumbers(tx: TenantTx): Promise<CallerNumber[]> {
  const rows = await tx
    .selectFrom('voice_numbers')
    .select(['number', 'outbound_caller_id', 'queue_id'])
    .orderBy((eb) => eb.case().when('outbound_caller_id', 'is', null).then(1).else(0).end())
    .orderBy('number')
    .execute();
  return rows.map((r) => ({ number: r.number, outboundCallerId: r.outbound_caller_id, queueId: r.queue_id }));
}

/** The tenant's first queue that takes voice (for a number that leads only to an IVR menu). */
export async function firstVoiceQueue(tx: TenantTx): Promise<string | undefined> {
  const row = await tx
    .selectFrom('queues')
    .select('id')
    .where('deleted_at', 'is', null)
    .where(sql<boolean>`'voice' = any(channels)`)
    .orderBy('created_at')
    .executeTakeFirst();
  return row?.id;
}

/**
 * Whether the agent is on a call already: a voice interaction offered to or held by them, or
 * an outbound call still ringing their phone (started in the last hour; an older unfinished
 * row is a crash's leftover).
 */
export async function agentOnCall(tx: TenantTx, agentId: string, now: Date): Promise<boolean> {
  const held = await tx
    .selectFrom('interactions')
    .select('id')
    .where('agent_id', '=', agentId)
    .where('channel', '=', 'voice')
    .where('status', 'in', ['offered', 'active'])
    .executeTakeFirst();
  if (held) return true;
  const dialling = await tx
    .selectFrom('voice_calls')
    .select('id')
    .where('agent_id', '=', agentId)
    .where('direction', '=', 'outbound')
    .where('ended_at', 'is', null)
    .where('arrived_at', '>', new Date(now.getTime() - 3_600_000))
    .executeTakeFirst();
  return dialling !== undefined;
}
