/**
 * Reads of the call detail records (`voice_calls`, `voice_call_events`) and their recordings,
 * always inside the caller's tenant scope: row-level security keeps other tenants' calls out.
 */
import type { TenantTx } from '../../../kernel/db/tenant-scope.ts';
import type { Cursor } from '../../../kernel/http/pagination.ts';

export interface CallFilters {
  interactionId?: string;
  customerId?: string;
  /** Calls that arrived at or after this moment. */
  from?: Date;
  /** Calls that arrived before this moment. */
  to?: Date;
  direction?: 'inbound' | 'outbound';
  /** Only the calls this agent handled (an agent's own list). */
  handledBy?: string;
}

function callsQuery(tx: TenantTx) {
  return tx
    .selectFrom('voice_calls as c')
    .leftJoin('interactions as i', 'i.id', 'c.interaction_id')
    .leftJoin('users as u', 'u.id', 'c.agent_id')
    .leftJoin('voice_recordings as r', 'r.id', 'c.recording_id')
    .selectAll('c')
    .select([
      'i.customer_id',
      'i.agent_id as interaction_agent_id',
      'u.display_name as agent_name',
      'r.duration_ms as recording_duration_ms',
      'r.bytes as recording_bytes',
    ]);
}

export type CallRow = Awaited<ReturnType<ReturnType<typeof callsQuery>['executeTakeFirstOrThrow']>>;

/** Calls newest first, `limit + 1` rows from after `cursor` (see pageOf). */
export async function listCalls(
  tx: TenantTx,
  filters: CallFilters,
  limit: number,
  cursor: Cursor | null,
): Promise<CallRow[]> {
  let q = callsQuery(tx);
  if (filters.interactionId) q = q.where('c.interaction_id', '=', filters.interactionId);
  if (filters.customerId) q = q.where('i.customer_id', '=', filters.customerId);
  if (filters.from) q = q.where('c.arrived_at', '>=', filters.from);
  if (filters.to) q = q.where('c.arrived_at', '<', filters.to);
  if (filters.direction) q = q.where('c.direction', '=', filters.direction);
  const agentId = filters.handledBy;
  if (agentId) q = q.where((eb) => eb.or([eb('c.agent_id', '=', agentId), eb('i.agent_id', '=', agentId)]));
  if (cursor) {
    const at = new Date(cursor.at);
    q = q.where((eb) =>
      eb.or([eb('c.arrived_at', '<', at), eb.and([eb('c.arrived_at', '=', at), eb('c.id', '<', cursor.id)])]),
    );
  }
  return q
    .orderBy('c.arrived_at', 'desc')
    .orderBy('c.id', 'desc')
    .limit(limit + 1)
    .execute();
}

export async function findCall(tx: TenantTx, id: string): Promise<CallRow | undefined> {
  return callsQuery(tx).where('c.id', '=', id).executeTakeFirst();
}

/** The calls of these interactions (a voice interaction has one call per leg from the edge). */
export async function callsOfInteractions(tx: TenantTx, interactionIds: string[]): Promise<CallRow[]> {
  if (interactionIds.length === 0) return [];
  return callsQuery(tx).where('c.interaction_id', 'in', interactionIds).orderBy('c.arrived_at').execute();
}

export interface CallEventRow {
  kind: string;
  at: Date;
  agent_id: string | null;
  detail: unknown;
}

/** Each call's events in order, by call id. */
export async function eventsOfCalls(tx: TenantTx, callIds: string[]): Promise<Map<string, CallEventRow[]>> {
  const byCall = new Map<string, CallEventRow[]>();
  if (callIds.length === 0) return byCall;
  const rows = await tx
    .selectFrom('voice_call_events')
    .select(['call_id', 'kind', 'at', 'agent_id', 'detail'])
    .where('call_id', 'in', callIds)
    .orderBy('at')
    .orderBy('id')
    .execute();
  for (const { call_id, ...event } of rows) {
    const list = byCall.get(call_id) ?? [];
    list.push(event);
    byCall.set(call_id, list);
  }
  return byCall;
}

export interface RecordingRow {
  id: string;
  file: string;
  bytes: number;
  durationMs: number;
  /** The agents who handled a call this recording belongs to (empty for a voicemail). */
  handledBy: string[];
}

export async function findRecording(tx: TenantTx, id: string): Promise<RecordingRow | undefined> {
  const row = await tx
    .selectFrom('voice_recordings')
    .select(['id', 'file', 'bytes', 'duration_ms'])
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) return undefined;
  const calls = await tx
    .selectFrom('voice_calls as c')
    .leftJoin('interactions as i', 'i.id', 'c.interaction_id')
    .select(['c.agent_id', 'i.agent_id as interaction_agent_id'])
    .where('c.recording_id', '=', id)
    .execute();
  const handledBy = calls.flatMap((c) => [c.agent_id, c.interaction_agent_id]).filter((a) => a !== null);
  return { id: row.id, file: row.file, bytes: Number(row.bytes), durationMs: row.duration_ms, handledBy };
}
