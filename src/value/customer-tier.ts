import type { TenantTx } from '../kernel/db/tenant-scope.ts';
import type { ValueTier } from './value-rules.ts';

/**
 * The current value tier of each given customer, for slices that act on it (routing puts
 * high-value customers first). Customers never scored are absent from the map.
 *
 * @example
 * const tiers = await customerTiers(tx, [customerId]);
 * tiers.get(customerId); // 'high'
 */
export async function customerTiers(tx: TenantTx, customerIds: readonly string[]) {
  const tiers = new Map<string, ValueTier>();
  if (customerIds.length === 0) return tiers;
  const rows = await tx
    .selectFrom('customer_value')
    .select(['customer_id', 'tier'])
    .where('customer_id', 'in', [...customerIds])
    .execute();
  for (const row of rows) tiers.set(row.customer_id, row.tier);
  return tiers;
}
