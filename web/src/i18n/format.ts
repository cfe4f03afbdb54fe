import i18n from 'i18next';

/** Money, dates and lists in the reader's language. Amounts arrive in minor units (fen). */
export function money(minor: number, currency = 'CNY'): string {
  return new Intl.NumberFormat(i18n.language, {
    style: 'currency',
    currency,
    currencyDisplay: 'narrowSymbol',
    minimumFractionDigits: minor % 100 === 0 ? 0 : 2,
    maximumFractionDigits: minor % 100 === 0 ? 0 : 2,
  }).format(minor / 100);
}

/** A yuan amount typed by the user → integer minor units, without float drift (12.34 → 1234). */
export function toMinor(major: number): number {
  return Math.round(major * 100);
}

export function date(iso: string | null | undefined): string {
  return iso ? new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium' }).format(new Date(iso)) : '—';
}

export function dateTime(iso: string | null | undefined): string {
  return iso
    ? new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium', timeStyle: 'short' }).format(
        new Date(iso),
      )
    : '—';
}

export function percent(share: number): string {
  return new Intl.NumberFormat(i18n.language, { style: 'percent', maximumFractionDigits: 1 }).format(share);
}

/** Items joined the way the language joins them (顿号 in Chinese, comma in English). */
export function list(items: readonly string[]): string {
  return items.length ? items.join(i18n.t('common.listSeparator')) : '—';
}

/** A large number shortened for an axis: 80,000 → "8万" / "80K". */
export function compact(n: number): string {
  return new Intl.NumberFormat(i18n.language, { notation: 'compact' }).format(n);
}
