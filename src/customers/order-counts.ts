import type { TenantTx } from '../kernel/db/tenant-scope.ts';

/**
 * Orders placed in [from, to) per product (refunded ones included: they were sold), for
 * slices that relate something to sales, such as the complaint rate per 1,000 orders.
 *
 * @example (await orderCountsByProduct(tx, from, to)).get('格力空调 KFR-35GW') // 1234
 */
export async function orderCountsByProduct(tx: TenantTx, from: Date, to: Date): Promise<Map<string, number>> {
  const rows = await tx
    .selectFrom('orders')
    .select(['product', (eb) => eb.fn.countAll<string>().as('orders')])
    .where('ordered_at', '>=', from)
    .where('ordered_at', '<', to)
    .groupBy('product')
    .execute();
  return new Map(rows.map((r) => [r.product, Number(r.orders)]));
}
