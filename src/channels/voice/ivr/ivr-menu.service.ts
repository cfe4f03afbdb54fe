import { writeAudit } from '../../../kernel/audit/audit-log.ts';
import { AppError, notFound } from '../../../kernel/http/errors.ts';
import type { TenantScope } from '../../../kernel/http/request-context.ts';
import { loadQueues } from '../../../routing/queue.store.ts';
import type { CreateIvrMenuBody, UpdateIvrMenuBody } from './ivr.schemas.ts';
import { type IvrMenuDefinition, menuReferences } from './ivr-menu.schema.ts';
import {
  findIvrMenu,
  type IvrMenuRecord,
  insertIvrMenu,
  softDeleteIvrMenu,
  updateIvrMenuRow,
} from './ivr-menu.store.ts';

/** IVR menu administration: create, change, delete, each checked against the tenant's data and audited. */
type Scope = Pick<TenantScope, 'tx' | 'tenantId' | 'actor'>;

export async function createIvrMenu(scope: Scope, body: CreateIvrMenuBody): Promise<IvrMenuRecord> {
  await assertReferencesExist(scope, body.definition);
  const id = await insertIvrMenu(scope.tx, scope.tenantId, body);
  await writeAudit(scope.tx, scope.tenantId, scope.actor, {
    entityType: 'ivr_menu',
    entityId: id,
    action: 'ivr_menu_create',
    after: body,
  });
  return (await findIvrMenu(scope.tx, id))!;
}

export async function updateIvrMenu(
  scope: Scope,
  id: string,
  patch: UpdateIvrMenuBody,
): Promise<IvrMenuRecord> {
  const current = await findIvrMenu(scope.tx, id);
  if (!current) throw notFound('IVR menu');
  if (patch.definition) await assertReferencesExist(scope, patch.definition);
  await updateIvrMenuRow(scope.tx, id, patch);
  await writeAudit(scope.tx, scope.tenantId, scope.actor, {
    entityType: 'ivr_menu',
    entityId: id,
    action: 'ivr_menu_update',
    before: Object.fromEntries(Object.keys(patch).map((k) => [k, current[k as keyof UpdateIvrMenuBody]])),
    after: patch,
  });
  return (await findIvrMenu(scope.tx, id))!;
}

/** Deletes a menu no hotline number answers with (409 naming the numbers otherwise). */
export async function deleteIvrMenu(scope: Scope, id: string) {
  const current = await findIvrMenu(scope.tx, id);
  if (!current) throw notFound('IVR menu');
  if (current.numbers.length > 0) {
    throw new AppError(
      'CONFLICT',
      `IVR menu "${current.name}" answers ${current.numbers.join(', ')}; give the number(s) another menu or queue first`,
      { numbers: current.numbers },
    );
  }
  await softDeleteIvrMenu(scope.tx, id);
  await writeAudit(scope.tx, scope.tenantId, scope.actor, {
    entityType: 'ivr_menu',
    entityId: id,
    action: 'ivr_menu_delete',
    before: { name: current.name, definition: current.definition },
  });
}

/**
 * Every queue a menu leads to exists in this tenant and takes voice; every uploaded prompt
 * it plays exists. Row-level security hides other tenants' rows, so theirs count as missing.
 */
async function assertReferencesExist(scope: Scope, definition: IvrMenuDefinition) {
  const { queueIds, promptIds } = menuReferences(definition);
  const details: { path: string; message: string }[] = [];
  const queues = await loadQueues(scope.tx, [...queueIds]);
  for (const id of queueIds) {
    const queue = queues.find((q) => q.id === id);
    if (!queue) details.push({ path: 'definition', message: `queue ${id} does not exist` });
    else if (!queue.channels.includes('voice')) {
      details.push({ path: 'definition', message: `queue ${queue.code} does not take voice calls` });
    }
  }
  if (promptIds.size > 0) {
    const found = await scope.tx
      .selectFrom('voice_prompts')
      .select('id')
      .where('id', 'in', [...promptIds])
      .where('deleted_at', 'is', null)
      .execute();
    for (const id of promptIds) {
      if (!found.some((p) => p.id === id))
        details.push({ path: 'definition', message: `prompt ${id} does not exist` });
    }
  }
  if (details.length > 0) {
    throw new AppError(
      'VALIDATION_FAILED',
      `definition: ${details[0]!.message}${details.length > 1 ? ` (and ${details.length - 1} more)` : ''}`,
      details,
    );
  }
}
