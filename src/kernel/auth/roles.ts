import type { Role } from '../db/schema.ts';

/** Role groups that endpoints declare, so a route reads as who may call it. */
export const ANY_ROLE: readonly Role[] = ['operator_admin', 'tenant_admin', 'supervisor', 'agent', 'analyst'];
export const WRITERS: readonly Role[] = ['operator_admin', 'tenant_admin', 'supervisor', 'agent'];
export const MANAGERS: readonly Role[] = ['operator_admin', 'tenant_admin', 'supervisor'];
export const ADMINS: readonly Role[] = ['operator_admin', 'tenant_admin'];
export const OPERATORS: readonly Role[] = ['operator_admin'];

/**
 * Roles that see phone numbers in full. Agents and analysts see only the last four digits
 * and must reveal a number (an audited action) when they need it.
 */
const UNMASKED: readonly Role[] = ['operator_admin', 'tenant_admin', 'supervisor'];

export function seesFullPhoneNumbers(role: Role): boolean {
  return UNMASKED.includes(role);
}

/** Who reads reports and analytics: managers and analysts (agents work the floor). */
export const REPORT_READERS: readonly Role[] = ['operator_admin', 'tenant_admin', 'supervisor', 'analyst'];
