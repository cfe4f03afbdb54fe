import { DateTime } from 'luxon';
import type { RowError } from './csv-records.ts';

/** Header names accepted for each order field (English or Chinese, any case). */
export const ORDER_HEADERS = {
  orderRef: ['order_ref', 'order_id', 'order_no', '订单号', '订单编号'],
  customerRef: ['customer_ref', 'external_ref', 'customer_id', '客户编号', '客户编码'],
  phone: ['mobile', '电话', '手机', '手机号', '联系电话'],
  product: ['产品', '商品', '产品名称', '商品名称'],
  category: ['品类', '类别', '产品类别'],
  amount: ['金额', '订单金额', 'total'],
  margin: ['毛利', '利润'],
  currency: ['币种', '货币'],
  orderedAt: ['ordered_at', 'order_date', 'date', '下单时间', '下单日期', '订单日期'],
  status: ['状态', '订单状态'],
} as const;

export interface OrderRowDraft {
  orderRef: string;
  customerRef?: string;
  phone?: string;
  product: string;
  category?: string;
  amountMinor: number;
  marginMinor?: number;
  currency: string;
  orderedAt: Date;
  status: 'completed' | 'refunded' | 'cancelled';
}

const STATUSES: Record<string, OrderRowDraft['status']> = {
  completed: 'completed',
  complete: 'completed',
  paid: 'completed',
  已完成: 'completed',
  完成: 'completed',
  已支付: 'completed',
  refunded: 'refunded',
  refund: 'refunded',
  已退款: 'refunded',
  退款: 'refunded',
  cancelled: 'cancelled',
  canceled: 'cancelled',
  已取消: 'cancelled',
  取消: 'cancelled',
};

const DATE_FORMATS = [
  'yyyy-M-d',
  'yyyy-M-d H:mm',
  'yyyy-M-d H:mm:ss',
  'yyyy/M/d',
  'yyyy/M/d H:mm',
  'yyyy/M/d H:mm:ss',
];

/** One CSV row → an order draft, or the reasons it cannot be one (pure). */
export function parseOrderRow(
  line: number,
  v: Record<string, string>,
  defaults: { currency: string; timeZone: string; now?: Date },
): OrderRowDraft | RowError[] {
  const errors: RowError[] = [];
  const fail = (field: string, reason: string) => errors.push({ line, field, reason });

  if (!v.orderRef) fail('orderRef', 'Order number is required (it keeps re-imports from duplicating)');
  if (!v.customerRef && !v.phone) fail('customerRef', 'Give the customer number or phone');
  if (!v.product) fail('product', 'Product is required');
  const currency = (v.currency ?? defaults.currency).toUpperCase().replace('RMB', 'CNY').replace('¥', 'CNY');
  if (!isCurrency(currency)) fail('currency', `"${v.currency}" is not a currency code (CNY, USD …)`);
  const amountMinor = v.amount === undefined ? null : toMinorUnits(v.amount, currency);
  if (amountMinor === null)
    fail('amount', v.amount ? `"${v.amount}" is not an amount` : 'Amount is required');
  const marginMinor = v.margin === undefined ? undefined : toMinorUnits(v.margin, currency, true);
  if (marginMinor === null) fail('margin', `"${v.margin}" is not an amount`);
  const orderedAt = v.orderedAt ? parseDate(v.orderedAt, defaults.timeZone) : null;
  if (!orderedAt)
    fail('orderedAt', v.orderedAt ? `"${v.orderedAt}" is not a date (YYYY-MM-DD)` : 'Order date is required');
  else if (orderedAt.getTime() > (defaults.now ?? new Date()).getTime() + 86_400_000)
    fail('orderedAt', 'The order date is in the future');
  const status = v.status ? STATUSES[v.status.toLowerCase()] : 'completed';
  if (!status) fail('status', `"${v.status}" is not completed / refunded / cancelled (已完成/已退款/已取消)`);
  if (errors.length > 0) return errors;
  return {
    orderRef: v.orderRef!,
    ...(v.customerRef ? { customerRef: v.customerRef } : {}),
    ...(v.phone ? { phone: v.phone } : {}),
    product: v.product!,
    ...(v.category ? { category: v.category } : {}),
    amountMinor: amountMinor!,
    ...(marginMinor !== undefined && marginMinor !== null ? { marginMinor } : {}),
    currency,
    orderedAt: orderedAt!,
    status: status!,
  };
}

function isCurrency(code: string): boolean {
  if (!/^[A-Z]{3}$/.test(code)) return false;
  return Intl.supportedValuesOf('currency').includes(code);
}

/**
 * "1,299.50", "¥199", "199元" → minor units of the currency (fen for CNY, none for JPY).
 *
 * @example toMinorUnits('1,299.50', 'CNY') // 129950
 */
export function toMinorUnits(raw: string, currency: string, allowNegative = false): number | null {
  const cleaned = raw.replace(/[,\s¥￥$€£元]/g, '').replace(/^RMB/i, '');
  if (!/^-?\d+(\.\d+)?$/.test(cleaned)) return null;
  const digits =
    new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  const [whole, fraction = ''] = cleaned.replace('-', '').split('.');
  if (fraction.length > digits) return null;
  const minor = Number(whole) * 10 ** digits + Number(fraction.padEnd(digits, '0') || '0');
  if (!Number.isSafeInteger(minor)) return null;
  const signed = cleaned.startsWith('-') ? -minor : minor;
  return signed < 0 && !allowNegative ? null : signed;
}

/** A date or date-time in the tenant's time zone (or ISO 8601 with its own offset). */
export function parseDate(raw: string, timeZone: string): Date | null {
  const iso = DateTime.fromISO(raw, { zone: timeZone });
  if (iso.isValid) return iso.toJSDate();
  for (const format of DATE_FORMATS) {
    const parsed = DateTime.fromFormat(raw, format, { zone: timeZone });
    if (parsed.isValid) return parsed.toJSDate();
  }
  return null;
}
