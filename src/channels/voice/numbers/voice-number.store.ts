import type { Selectable } from 'kysely';
import type { VoiceNumbersTable } from '../../../kernel/db/schema.ts';
import type { TenantTx } from '../../../kernel/db/tenant-scope.ts';
import type { NumberView } from './voice-number.schemas.ts';

/** SQL of hotline numbers, in the tenant's scope. */

export type NumberRow = Selectable<VoiceNumbersTable>;

export interface NumberValues {
  label: string | null;
  queueId: string | null;
  ivrMenuId: string | null;
  outboundCallerId: string | null;
}

export async function listNumbers(tx: TenantTx): Promise<NumberRow[]> {
  return tx.selectFrom('voice_numbers').selectAll().orderBy('number').execute();
}

export async function findNumber(tx: TenantTx, number: string): Promise<NumberRow | undefined> {
  return tx.selectFrom('voice_numbers').selectAll().where('number', '=', number).executeTakeFirst();
}

/**
 * Inserts the number unless it exists. A number of another tenant is invisible here but still
 * conflicts (the key is global): undefined then, with nothing learnt about its owner.
 */
export async function tryInsertNumber(
  tx: TenantTx,
  tenantId: string,
  number: string,
  values: NumberValues,
): Promise<NumberRow | undefined> {
  return tx
    .insertInto('voice_numbers')
    .values({
      number,
      tenant_id: tenantId,
      label: values.label,
      queue_id: values.queueId,
      ivr_menu_id: values.ivrMenuId,
      outbound_caller_id: values.outboundCallerId,
    })
    .onConflict((oc) => oc.column('number').doNothing())
    .returningAll()
    .executeTakeFirst();
}

export async function updateNumberRow(
  tx: TenantTx,
  number: string,
  values: NumberValues,
): Promise<NumberRow> {
  return tx
    .updateTable('voice_numbers')
    .set({
      label: values.label,
      queue_id: values.queueId,
      ivr_menu_id: values.ivrMenuId,
      outbound_caller_id: values.outboundCallerId,
    })
    .where('number', '=', number)
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function deleteNumberRow(tx: TenantTx, number: string) {
  await tx.deleteFrom('voice_numbers').where('number', '=', number).execute();
}

/** A queue of this tenant, not deleted, with the channels it takes. */
export async function findQueueChannels(tx: TenantTx, queueId: string) {
  return tx
    .selectFrom('queues')
    .select(['id', 'channels'])
    .where('id', '=', queueId)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
}

export async function ivrMenuExists(tx: TenantTx, menuId: string): Promise<boolean> {
  const row = await tx
    .selectFrom('ivr_menus')
    .select('id')
    .where('id', '=', menuId)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  return row !== undefined;
}

export function numberToView(row: NumberRow): NumberView {
  return {
    number: row.number,
    label: row.label,
    queueId: row.queue_id,
    ivrMenuId: row.ivr_menu_id,
    outboundCallerId: row.outbound_caller_id,
    createdAt: row.created_at.toISOString(),
  };
}

export function valuesOf(row: NumberRow): NumberValues {
  return {
    label: row.label,
    queueId: row.queue_id,
    ivrMenuId: row.ivr_menu_id,
    outboundCallerId: row.outbound_caller_id,
  };
}
