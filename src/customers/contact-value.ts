import { type CountryCode, parsePhoneNumberWithError } from 'libphonenumber-js';
import { z } from 'zod';
import type { ContactKind } from '../kernel/db/schema.ts';

/**
 * Normalising and masking contact values (pure).
 *
 * Phones become E.164 (`+8613812345678`) whatever way they were typed; a number without a
 * country code is read in the tenant's default region (China unless set otherwise).
 */
export type Normalized = { ok: true; value: string } | { ok: false; reason: string };

export function normalizePhone(raw: string, defaultRegion: string = 'CN'): Normalized {
  const trimmed = raw.trim();
  if (!/\d/.test(trimmed)) return { ok: false, reason: `"${raw}" is not a phone number` };
  // "0086…" and "86…" without a plus are common in Chinese exports.
  const prepared = trimmed.replace(/^00/, '+');
  try {
    const phone = parsePhoneNumberWithError(prepared, defaultRegion as CountryCode);
    if (!phone.isValid()) return { ok: false, reason: `"${raw}" is not a valid phone number` };
    return { ok: true, value: phone.number };
  } catch {
    return { ok: false, reason: `"${raw}" is not a valid phone number` };
  }
}

const emailSchema = z.email();

export function normalizeEmail(raw: string): Normalized {
  const value = raw.trim().toLowerCase();
  return emailSchema.safeParse(value).success
    ? { ok: true, value }
    : { ok: false, reason: `"${raw}" is not a valid email` };
}

export function normalizeChatId(raw: string): Normalized {
  const value = raw.trim();
  if (value.length === 0 || value.length > 200)
    return { ok: false, reason: 'A chat id must be 1 to 200 characters' };
  return { ok: true, value };
}

export function normalizeContact(kind: ContactKind, raw: string, defaultRegion = 'CN'): Normalized {
  switch (kind) {
    case 'phone':
      return normalizePhone(raw, defaultRegion);
    case 'email':
      return normalizeEmail(raw);
    case 'chat':
      return normalizeChatId(raw);
  }
}

/**
 * Shows only the last four digits of a phone number.
 *
 * @example maskPhone('+8613812345678') // '*******5678'
 */
export function maskPhone(e164: string): string {
  const digits = e164.replace(/\D/g, '');
  const visible = digits.slice(-4);
  return `${'*'.repeat(Math.max(digits.length - 4, 3))}${visible}`;
}

/** The digits a user typed when searching by phone, or null when the text is not phone-like. */
export function phoneSearchDigits(query: string): string | null {
  const compact = query.replace(/[\s\-().]/g, '');
  if (!/^\+?\d{3,}$/.test(compact)) return null;
  return compact.replace(/^\+/, '');
}

export function reversed(value: string): string {
  return [...value].reverse().join('');
}
