import type { VoiceCall } from '../voice/calls/call-types.ts';
/** Shapes of the API responses the app reads (see /api/openapi.json). */
export type Role = 'operator_admin' | 'tenant_admin' | 'supervisor' | 'agent' | 'analyst';
export type Locale = 'zh-CN' | 'en';

export interface TenantRef {
  id: string;
  slug: string;
  name: string;
}

export interface Me {
  id: string;
  email: string;
  displayName: string;
  role: Role;
  locale: Locale;
  tenant: TenantRef | null;
  tenants: TenantRef[];
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface CustomerSummary {
  id: string;
  name: string;
  company: string | null;
  province: string | null;
  city: string | null;
  tags: string[];
  doNotCall: boolean;
  marketingOptIn: boolean;
  primaryPhone: string | null;
  primaryEmail: string | null;
  orderCount: number;
  lifetimeValueMinor: number;
  currency: string;
  lastOrderAt: string | null;
  createdAt: string;
}

export interface Contact {
  id: string;
  kind: 'phone' | 'email' | 'chat';
  value: string;
  masked: boolean;
  label: string | null;
  isPrimary: boolean;
}

export interface Customer extends CustomerSummary {
  gender: 'male' | 'female' | 'other' | null;
  birthday: string | null;
  notes: string | null;
  externalRef: string | null;
  referredBy: { id: string; name: string } | null;
  contacts: Contact[];
  updatedAt: string;
  version: number;
}

export interface Order {
  id: string;
  externalRef: string | null;
  product: string;
  category: string | null;
  amountMinor: number;
  marginMinor: number | null;
  currency: string;
  status: 'completed' | 'refunded' | 'cancelled';
  orderedAt: string;
}

export interface AuditEntry {
  id: string;
  action: string;
  actorName: string;
  at: string;
  changes: { field: string; before: unknown; after: unknown }[];
}

export interface TimelineItem {
  kind: 'order' | 'audit' | 'interaction' | 'stage';
  at: string;
  title: string;
  detail: string | null;
  refId: string;
  /** Voice interactions: the call, with its recording when the reader may play it. */
  call?: VoiceCall;
}

export interface Standing {
  currency: string;
  value: {
    tier: string;
    tierName: string;
    explanation: string;
    recencyDays: number | null;
    frequency: number;
    monetaryMinor: number;
    scores: {
      recency: number | null;
      frequency: number | null;
      monetary: number | null;
      margin: number | null;
      currentValue: number | null;
      potential: number | null;
    };
    lifetimeRevenueMinor: number;
    orderCount: number;
    expectedIntervalDays: number | null;
    nextPurchaseExpectedAt: string | null;
  } | null;
  stage: { code: string; name: string; since: string; explanation: string } | null;
  transitions: {
    from: string | null;
    fromName: string | null;
    to: string;
    toName: string;
    explanation: string;
    at: string;
  }[];
  referrals: {
    referredBy: { id: string; name: string } | null;
    made: { id: string; name: string; lifetimeRevenueMinor: number }[];
    revenueMinor: number;
  };
}

export interface ImportReport {
  id: string;
  kind: 'customers' | 'orders';
  filename: string | null;
  encoding: string;
  totalRows: number;
  created: number;
  updated: number;
  unchanged: number;
  errorCount: number;
  errors: { line: number; field: string | null; reason: string }[];
  ignoredColumns: string[];
  createdAt: string;
}
