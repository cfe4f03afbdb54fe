import { z } from 'zod';
import { writeAudit } from '../kernel/audit/audit-log.ts';
import { AppError, notFound } from '../kernel/http/errors.ts';
import type { TenantScope } from '../kernel/http/request-context.ts';
import {
  findQueue,
  insertQueue,
  type QueueRecord,
  queueUsage,
  softDeleteQueue,
  updateQueueRow,
} from './queue.store.ts';
import { emitRoutingEvent, requestRoutingPass } from './routing.events.ts';
import { type CreateQueueBody, checkOpeningHours, type UpdateQueueBody } from './routing.schemas.ts';

/** Queue administration: create, change, delete, with audit entries and events. */
type Scope = Pick<TenantScope, 'tx' | 'tenantId' | 'actor'>;

export async function createQueue(scope: Scope, body: CreateQueueBody): Promise<QueueRecord> {
  await assertCodeFree(scope, body.code);
  await assertOverflowTarget(scope, body.overflowQueueId, null);
  const id = await insertQueue(scope.tx, scope.tenantId, body);
  const queue = (await findQueue(scope.tx, id))!;
  await writeAudit(scope.tx, scope.tenantId, scope.actor, {
    entityType: 'queue',
    entityId: id,
    action: 'queue_create',
    after: body,
  });
  await emitRoutingEvent(scope.tx, scope.tenantId, 'queue.created', id, { queueId: id, code: body.code });
  return queue;
}

export async function updateQueue(scope: Scope, id: string, patch: UpdateQueueBody): Promise<QueueRecord> {
  const current = await findQueue(scope.tx, id);
  if (!current) throw notFound('Queue');
  if (patch.code !== undefined && patch.code !== current.code) await assertCodeFree(scope, patch.code);
  if (patch.overflowQueueId !== undefined) await assertOverflowTarget(scope, patch.overflowQueueId, id);
  // Business hours are checked on the result: a patch may switch off 7×24 and add hours together.
  const merged = {
    alwaysOpen: patch.alwaysOpen ?? current.alwaysOpen,
    businessHours: patch.businessHours ?? current.businessHours,
  };
  const issues = z
    .object({ alwaysOpen: z.boolean(), businessHours: z.record(z.string(), z.array(z.unknown())) })
    .superRefine(checkOpeningHours)
    .safeParse(merged);
  if (!issues.success) throw issues.error;
  await updateQueueRow(scope.tx, scope.tenantId, id, patch);
  await writeAudit(scope.tx, scope.tenantId, scope.actor, {
    entityType: 'queue',
    entityId: id,
    action: 'queue_update',
    before: Object.fromEntries(Object.keys(patch).map((k) => [k, current[k as keyof QueueRecord]])),
    after: patch,
  });
  await emitRoutingEvent(scope.tx, scope.tenantId, 'queue.updated', id, {
    queueId: id,
    code: patch.code ?? current.code,
    changed: Object.keys(patch),
  });
  // New hours, skills or limits may let waiting interactions through now.
  await requestRoutingPass(scope.tx, scope.tenantId);
  return (await findQueue(scope.tx, id))!;
}

/** Deletes a queue nothing depends on any more; its history stays readable on interactions. */
export async function deleteQueue(scope: Scope, id: string) {
  const current = await findQueue(scope.tx, id);
  if (!current) throw notFound('Queue');
  const usage = await queueUsage(scope.tx, id);
  if (usage.openInteractions > 0 || usage.overflowFrom.length > 0) {
    throw new AppError(
      'QUEUE_IN_USE',
      usage.openInteractions > 0
        ? `Queue ${current.code} still holds ${usage.openInteractions} interaction(s)`
        : `Queue ${current.code} is the overflow of ${usage.overflowFrom.join(', ')}`,
      usage,
    );
  }
  await softDeleteQueue(scope.tx, id);
  await writeAudit(scope.tx, scope.tenantId, scope.actor, {
    entityType: 'queue',
    entityId: id,
    action: 'queue_delete',
    before: { code: current.code, name: current.name },
  });
  await emitRoutingEvent(scope.tx, scope.tenantId, 'queue.deleted', id, { queueId: id, code: current.code });
}

async function assertCodeFree(scope: Scope, code: string) {
  const taken = await scope.tx
    .selectFrom('queues')
    .select('id')
    .where('code', '=', code)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  if (taken) throw new AppError('CONFLICT', `A queue with code ${code} exists`, { path: 'code' });
}

async function assertOverflowTarget(scope: Scope, overflowQueueId: string | null, selfId: string | null) {
  if (overflowQueueId === null) return;
  if (overflowQueueId === selfId) {
    throw new AppError('VALIDATION_FAILED', 'overflowQueueId: a queue cannot overflow into itself', [
      { path: 'overflowQueueId', message: 'a queue cannot overflow into itself' },
    ]);
  }
  if (!(await findQueue(scope.tx, overflowQueueId))) {
    throw new AppError('VALIDATION_FAILED', 'overflowQueueId: no such queue', [
      { path: 'overflowQueueId', message: 'no such queue' },
    ]);
  }
}
