import type { TenantTx } from '../../../kernel/db/tenant-scope.ts';
import type { IvrMenuDefinition } from './ivr-menu.schema.ts';

/** SQL of IVR menus (`ivr_menus`, soft-deleted) and the hotline numbers that use them. */

export interface IvrMenuRecord {
  id: string;
  name: string;
  /** As stored: parsed, with every default filled in. */
  definition: IvrMenuDefinition;
  /** Hotline numbers answering with this menu. */
  numbers: string[];
  createdAt: Date;
  updatedAt: Date;
}

/** Live menus of the tenant (or just `id`), by name. */
export async function loadIvrMenus(tx: TenantTx, id?: string): Promise<IvrMenuRecord[]> {
  let query = tx
    .selectFrom('ivr_menus')
    .select(['id', 'name', 'definition', 'created_at', 'updated_at'])
    .where('deleted_at', 'is', null)
    .orderBy('name')
    .orderBy('id');
  if (id) query = query.where('id', '=', id);
  const rows = await query.execute();
  if (rows.length === 0) return [];
  const numbers = await tx
    .selectFrom('voice_numbers')
    .select(['number', 'ivr_menu_id'])
    .where(
      'ivr_menu_id',
      'in',
      rows.map((r) => r.id),
    )
    .orderBy('number')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    definition: r.definition as IvrMenuDefinition,
    numbers: numbers.filter((n) => n.ivr_menu_id === r.id).map((n) => n.number),
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  }));
}

export async function findIvrMenu(tx: TenantTx, id: string): Promise<IvrMenuRecord | undefined> {
  return (await loadIvrMenus(tx, id))[0];
}

export async function insertIvrMenu(
  tx: TenantTx,
  tenantId: string,
  menu: { name: string; definition: IvrMenuDefinition },
): Promise<string> {
  const row = await tx
    .insertInto('ivr_menus')
    .values({ tenant_id: tenantId, name: menu.name, definition: JSON.stringify(menu.definition) })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function updateIvrMenuRow(
  tx: TenantTx,
  id: string,
  patch: { name?: string | undefined; definition?: IvrMenuDefinition | undefined },
) {
  await tx
    .updateTable('ivr_menus')
    .set({
      ...(patch.name === undefined ? {} : { name: patch.name }),
      ...(patch.definition === undefined ? {} : { definition: JSON.stringify(patch.definition) }),
      updated_at: new Date(),
    })
    .where('id', '=', id)
    .execute();
}

export async function softDeleteIvrMenu(tx: TenantTx, id: string) {
  await tx
    .updateTable('ivr_menus')
    .set({ deleted_at: new Date(), updated_at: new Date() })
    .where('id', '=', id)
    .execute();
}
