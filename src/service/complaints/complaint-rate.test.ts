import { describe, expect, it } from 'vitest';
import { complaintRates } from './complaint-rate.ts';

describe('complaintRates', () => {
  const orders = new Map([
    ['空调', 400],
    ['冰箱', 1000],
  ]);

  it('rates each product per 1,000 of its orders and warns at the threshold', () => {
    const rates = complaintRates(
      [
        { product: '空调', category: 'installation' },
        { product: '空调', category: 'product_quality' },
        { product: '冰箱', category: 'delivery' },
        { product: '洗衣机', category: 'delivery' },
        { product: null, category: 'service_attitude' },
      ],
      orders,
      5,
    );
    expect(rates.products).toEqual([
      { product: '空调', complaints: 2, orders: 400, per1000Orders: 5, warning: true },
      { product: '冰箱', complaints: 1, orders: 1000, per1000Orders: 1, warning: false },
      { product: '洗衣机', complaints: 1, orders: 0, per1000Orders: null, warning: false },
    ]);
    expect(rates.byCategory).toEqual({
      installation: 1,
      product_quality: 1,
      delivery: 2,
      service_attitude: 1,
    });
    expect(rates.total).toEqual({ complaints: 5, orders: 1400, per1000Orders: 3.57, warning: false });
  });

  it('has no rate without orders', () => {
    expect(complaintRates([], new Map(), 5).total).toEqual({
      complaints: 0,
      orders: 0,
      per1000Orders: null,
      warning: false,
    });
  });
});
