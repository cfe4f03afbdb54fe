import { writeAudit } from '../../../kernel/audit/audit-log.ts';
import { AppError, notFound } from '../../../kernel/http/errors.ts';
import type { TenantScope } from '../../../kernel/http/request-context.ts';
import { numberAuditId } from './number-audit-id.ts';
import {
  type CreateNumberBody,
  QUEUE_OR_MENU,
  routesSomewhere,
  type UpdateNumberBody,
} from './voice-number.schemas.ts';
import {
  deleteNumberRow,
  findNumber,
  findQueueChannels,
  ivrMenuExists,
  type NumberRow,
  type NumberValues,
  tryInsertNumber,
  updateNumberRow,
  valuesOf,
} from './voice-number.store.ts';

/**
 * A tenant's hotline numbers: where a dialled number leads (a voice queue, an IVR menu, or a
 * menu that falls back to a queue), and the caller id shown on outbound calls. Each change
 * is audited. Numbers are unique across tenants, and a clash never says whose number it is.
 */
type Scope = Pick<TenantScope, 'tx' | 'tenantId' | 'actor'>;

export async function createNumber(scope: Scope, body: CreateNumberBody): Promise<NumberRow> {
  const { number, ...values } = body;
  await assertTargets(scope, values);
  if (await findNumber(scope.tx, number)) {
    throw new AppError('CONFLICT', `${number} is already one of your hotline numbers`, { path: 'number' });
  }
  const row = await tryInsertNumber(scope.tx, scope.tenantId, number, values);
  if (!row) throw new AppError('CONFLICT', `${number} is not available`, { path: 'number' });
  await writeAudit(scope.tx, scope.tenantId, scope.actor, {
    entityType: 'voice_number',
    entityId: numberAuditId(number),
    action: 'voice_number_create',
    after: body,
  });
  return row;
}

export async function updateNumber(
  scope: Scope,
  number: string,
  patch: UpdateNumberBody,
): Promise<NumberRow> {
  const current = await findNumber(scope.tx, number);
  if (!current) throw notFound('Number');
  const before = valuesOf(current);
  const after: NumberValues = { ...before, ...patch };
  await assertTargets(scope, {
    // Only what the patch names is checked: a queue that stopped taking voice since stays put.
    queueId: patch.queueId ?? null,
    ivrMenuId: patch.ivrMenuId ?? null,
  });
  if (!routesSomewhere(after)) {
    throw new AppError('VALIDATION_FAILED', `queueId: ${QUEUE_OR_MENU}`, [
      { path: 'queueId', message: QUEUE_OR_MENU },
    ]);
  }
  const row = await updateNumberRow(scope.tx, number, after);
  await writeAudit(scope.tx, scope.tenantId, scope.actor, {
    entityType: 'voice_number',
    entityId: numberAuditId(number),
    action: 'voice_number_update',
    before: {
      number,
      ...Object.fromEntries(Object.keys(patch).map((k) => [k, before[k as keyof NumberValues]])),
    },
    after: { number, ...patch },
  });
  return row;
}

export async function deleteNumber(scope: Scope, number: string) {
  const current = await findNumber(scope.tx, number);
  if (!current) throw notFound('Number');
  await deleteNumberRow(scope.tx, number);
  await writeAudit(scope.tx, scope.tenantId, scope.actor, {
    entityType: 'voice_number',
    entityId: numberAuditId(number),
    action: 'voice_number_delete',
    before: { number, ...valuesOf(current) },
  });
}

async function assertTargets(scope: Scope, target: { queueId: string | null; ivrMenuId: string | null }) {
  if (target.queueId !== null) {
    const queue = await findQueueChannels(scope.tx, target.queueId);
    if (!queue) invalid('queueId', 'no such queue');
    if (!queue.channels.includes('voice')) invalid('queueId', 'this queue does not take voice calls');
  }
  if (target.ivrMenuId !== null && !(await ivrMenuExists(scope.tx, target.ivrMenuId))) {
    invalid('ivrMenuId', 'no such IVR menu');
  }
}

function invalid(path: string, message: string): never {
  throw new AppError('VALIDATION_FAILED', `${path}: ${message}`, [{ path, message }]);
}
