import type { TenantTx } from '../db/tenant-scope.ts';

export interface Actor {
  userId: string | null;
  name: string;
}

export interface AuditEntryInput {
  entityType: string;
  entityId: string;
  action: string;
  before?: Record<string, unknown> | null;
  after?: Record<string, unknown> | null;
}

/** Writes who changed what, when, with the state before and after, in the caller's transaction. */
export async function writeAudit(tx: TenantTx, tenantId: string, actor: Actor, entry: AuditEntryInput) {
  await tx
    .insertInto('audit_log')
    .values({
      tenant_id: tenantId,
      entity_type: entry.entityType,
      entity_id: entry.entityId,
      action: entry.action,
      actor_user_id: actor.userId,
      actor_name: actor.name,
      before: entry.before ? JSON.stringify(entry.before) : null,
      after: entry.after ? JSON.stringify(entry.after) : null,
    })
    .execute();
}

export interface FieldChange {
  field: string;
  before: unknown;
  after: unknown;
}

/**
 * The fields that differ between two snapshots, for showing an audit entry.
 *
 * @example diffSnapshots({ name: 'A', city: 'X' }, { name: 'B', city: 'X' })
 *   // [{ field: 'name', before: 'A', after: 'B' }]
 */
export function diffSnapshots(
  before: Record<string, unknown> | null | undefined,
  after: Record<string, unknown> | null | undefined,
): FieldChange[] {
  const keys = new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})]);
  const changes: FieldChange[] = [];
  for (const field of [...keys].sort()) {
    const a = before?.[field] ?? null;
    const b = after?.[field] ?? null;
    if (JSON.stringify(a) !== JSON.stringify(b)) changes.push({ field, before: a, after: b });
  }
  return changes;
}
