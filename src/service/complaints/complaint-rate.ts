/**
 * The complaint rate a manager watches: complaints per 1,000 orders, per product and overall,
 * against the tenant's warning threshold, and complaints by reason. Pure.
 */

export interface ComplaintFact {
  product: string | null;
  category: string;
}

export interface ProductRate {
  product: string;
  complaints: number;
  orders: number;
  /** Null for a product with no orders in the period (a rate would be meaningless). */
  per1000Orders: number | null;
  warning: boolean;
}

export interface ComplaintRates {
  products: ProductRate[];
  byCategory: Record<string, number>;
  total: { complaints: number; orders: number; per1000Orders: number | null; warning: boolean };
  warnPer1000Orders: number;
}

const per1000 = (complaints: number, orders: number) =>
  orders === 0 ? null : Math.round((complaints / orders) * 1000 * 100) / 100;

/**
 * @example complaintRates([{ product: 'A', category: 'delivery' }], new Map([['A', 200]]), 5)
 * // products: [{ product: 'A', complaints: 1, orders: 200, per1000Orders: 5, warning: true }], …
 */
export function complaintRates(
  complaints: readonly ComplaintFact[],
  orders: ReadonlyMap<string, number>,
  warnPer1000Orders: number,
): ComplaintRates {
  const byProduct = new Map<string, number>();
  const byCategory: Record<string, number> = {};
  for (const c of complaints) {
    if (c.product) byProduct.set(c.product, (byProduct.get(c.product) ?? 0) + 1);
    byCategory[c.category] = (byCategory[c.category] ?? 0) + 1;
  }
  const products = [...byProduct].map(([product, count]) => {
    const sold = orders.get(product) ?? 0;
    const rate = per1000(count, sold);
    return {
      product,
      complaints: count,
      orders: sold,
      per1000Orders: rate,
      warning: rate !== null && rate >= warnPer1000Orders,
    };
  });
  // Worst first: the rate, then the count for products without orders in the period.
  products.sort((a, b) => (b.per1000Orders ?? -1) - (a.per1000Orders ?? -1) || b.complaints - a.complaints);
  const totalOrders = [...orders.values()].reduce((a, b) => a + b, 0);
  const rate = per1000(complaints.length, totalOrders);
  return {
    products,
    byCategory,
    total: {
      complaints: complaints.length,
      orders: totalOrders,
      per1000Orders: rate,
      warning: rate !== null && rate >= warnPer1000Orders,
    },
    warnPer1000Orders,
  };
}
