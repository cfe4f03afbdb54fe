/**
 * The voice edge's rows: which tenant and route a dialled number belongs to, the call detail
 * record of each call with its events, the phones registered for an agent, recordings.
 */
import type { Kysely, Updateable } from 'kysely';
import type { DB, VoiceCallsTable } from '../../kernel/db/schema.ts';
import type { TenantTx } from '../../kernel/db/tenant-scope.ts';

export interface NumberRoute {
  number: string;
  tenantId: string;
  label: string | null;
  queueId: string | null;
  ivrMenuId: string | null;
}

/** Before the tenant is known (privileged, like sign-in): the number names it. */
export async function findNumberRoute(db: Kysely<DB>, number: string): Promise<NumberRoute | undefined> {
  const row = await db
    .selectFrom('voice_numbers')
    .selectAll()
    .where('number', '=', number)
    .executeTakeFirst();
  return (
    row && {
      number: row.number,
      tenantId: row.tenant_id,
      label: row.label,
      queueId: row.queue_id,
      ivrMenuId: row.ivr_menu_id,
    }
  );
}

export async function insertCall(
  tx: TenantTx,
  values: {
    tenantId: string;
    direction: 'inbound' | 'outbound';
    sipCallId: string;
    fromNumber: string | null;
    toNumber: string | null;
  },
): Promise<string> {
  const row = await tx
    .insertInto('voice_calls')
    .values({
      tenant_id: values.tenantId,
      direction: values.direction,
      sip_call_id: values.sipCallId,
      from_number: values.fromNumber,
      to_number: values.toNumber,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function updateCall(tx: TenantTx, id: string, patch: Updateable<VoiceCallsTable>) {
  await tx.updateTable('voice_calls').set(patch).where('id', '=', id).execute();
}

export async function addCallEvent(
  tx: TenantTx,
  tenantId: string,
  callId: string,
  kind: string,
  detail: Record<string, unknown> = {},
  agentId: string | null = null,
) {
  await tx
    .insertInto('voice_call_events')
    .values({ tenant_id: tenantId, call_id: callId, kind, agent_id: agentId, detail: JSON.stringify(detail) })
    .execute();
}

export interface PhoneBinding {
  contact: string;
  transport: 'udp' | 'tcp';
  address: string;
  port: number;
}

/** The agent's phones registered now, the most recent first. */
export async function phonesOf(tx: TenantTx, userId: string, now: Date): Promise<PhoneBinding[]> {
  const rows = await tx
    .selectFrom('sip_registrations')
    .select(['contact', 'transport', 'source_address', 'source_port'])
    .where('user_id', '=', userId)
    .where('expires_at', '>', now)
    .orderBy('updated_at', 'desc')
    .execute();
  return rows.map((r) => ({
    contact: r.contact,
    transport: r.transport,
    address: r.source_address,
    port: r.source_port,
  }));
}

export async function insertRecording(
  tx: TenantTx,
  values: { tenantId: string; file: string; bytes: number; durationMs: number },
): Promise<string> {
  const row = await tx
    .insertInto('voice_recordings')
    .values({
      tenant_id: values.tenantId,
      file: values.file,
      bytes: values.bytes,
      duration_ms: values.durationMs,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Callers waiting ahead of this interaction in its queue (for "you are number N"). */
export async function callersAhead(tx: TenantTx, interactionId: string): Promise<number> {
  const me = await tx
    .selectFrom('interactions')
    .select(['queue_id', 'queue_entered_at'])
    .where('id', '=', interactionId)
    .executeTakeFirst();
  if (!me) return 0;
  const row = await tx
    .selectFrom('interactions')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('queue_id', '=', me.queue_id)
    .where('status', '=', 'queued')
    .where('queue_entered_at', '<', me.queue_entered_at)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
