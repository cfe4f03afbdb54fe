import type { TFunction } from 'i18next';
import type { AuditEntry } from '../../api/types.ts';
import { date, dateTime, list, money } from '../../i18n/format.ts';

/** Fields the audit log records, each with its label key in the translations. */
const FIELD_LABELS: Record<string, string> = {
  name: 'customers.name',
  company: 'customers.company',
  gender: 'card.gender',
  birthday: 'card.birthday',
  province: 'customers.province',
  city: 'customers.city',
  tags: 'customers.tags',
  doNotCall: 'customers.doNotCall',
  marketingOptIn: 'customers.marketingOptIn',
  notes: 'card.notes',
  externalRef: 'card.externalRef',
  referredById: 'card.referredBy',
  contact: 'card.contact',
  contacts: 'card.contacts',
  label: 'card.label',
  order: 'card.order',
  product: 'card.product',
  amountMinor: 'card.amount',
  currency: 'card.currency',
  status: 'card.status',
  kind: 'card.factKind',
  score: 'card.score',
  note: 'card.note',
  refId: 'card.reference',
  at: 'card.at',
};

const FIELD_ORDER = Object.keys(FIELD_LABELS);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface ChangeLine {
  field: string;
  label: string;
  before: string | null;
  after: string | null;
}

const isEmpty = (v: unknown) =>
  v === null || v === undefined || v === '' || v === false || (Array.isArray(v) && v.length === 0);

/**
 * One audit entry as readable lines, "field: before → after", in the reader's language.
 * `orderName` turns an order's id or number into something a person recognises.
 */
export function auditLines(
  entry: AuditEntry,
  t: TFunction,
  orderName: (ref: string) => string,
): ChangeLine[] {
  const currency = String(entry.changes.find((c) => c.field === 'currency')?.after ?? 'CNY');
  const show = (field: string, v: unknown): string => {
    if (v === null || v === undefined || v === '') return '—';
    if (typeof v === 'boolean') return v ? t('common.yes') : t('common.no');
    if (Array.isArray(v)) return list(v.map((x) => show(field === 'contacts' ? 'contact' : field, x)));
    switch (field) {
      case 'gender':
        return t(`card.genders.${v}`, { defaultValue: String(v) });
      case 'status':
        return t(`card.orderStatus.${v}`, { defaultValue: String(v) });
      case 'kind':
        return t(`card.factKinds.${v}`, { defaultValue: String(v) });
      case 'amountMinor':
        return money(Number(v), currency);
      case 'birthday':
        return date(String(v));
      case 'at':
        return dateTime(String(v));
      case 'order':
        return orderName(String(v));
      case 'contact': {
        // Stored as "phone:*******5678" — the kind, then the (masked) value.
        const [kind = '', ...rest] = String(v).split(':');
        return `${t(`card.${kind}`, { defaultValue: kind })} ${rest.join(':')}`;
      }
      default:
        return String(v);
    }
  };
  const creating = entry.action === 'create';
  const order = (f: string) => FIELD_ORDER.indexOf(f) >>> 0;
  // An order's product is named on its own line; its id adds nothing a person can use.
  const namesProduct = entry.changes.some((c) => c.field === 'product');
  return (
    [...entry.changes]
      .sort((a, b) => order(a.field) - order(b.field))
      // A new record lists what it was created with, not every empty field.
      .filter((c) => !(creating && isEmpty(c.after)))
      .filter((c) => c.field !== 'currency')
      .filter((c) => !(namesProduct && c.field === 'order' && UUID.test(String(c.after ?? c.before))))
      .map((c) => ({
        field: c.field,
        label: FIELD_LABELS[c.field] ? t(FIELD_LABELS[c.field] as string) : c.field,
        before: c.before === null || c.before === undefined ? null : show(c.field, c.before),
        after: c.after === null || c.after === undefined ? null : show(c.field, c.after),
      }))
  );
}
