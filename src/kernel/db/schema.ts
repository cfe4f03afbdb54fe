import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';

/** Typed view of the tables created by the migrations in ./migrations. */
type Timestamp = ColumnType<Date, Date | string, Date | string>;
type GeneratedTimestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
type Json = ColumnType<unknown, string, string>;

export type Role = 'operator_admin' | 'tenant_admin' | 'supervisor' | 'agent' | 'analyst';
export const ROLES: readonly Role[] = ['operator_admin', 'tenant_admin', 'supervisor', 'agent', 'analyst'];
export type Locale = 'zh-CN' | 'en';
export type ContactKind = 'phone' | 'email' | 'chat';
export type OrderStatus = 'completed' | 'refunded' | 'cancelled';

export interface TenantsTable {
  id: Generated<string>;
  slug: string;
  name: string;
  default_region: Generated<string>;
  default_currency: Generated<string>;
  time_zone: Generated<string>;
  created_at: GeneratedTimestamp;
}

export interface RolesTable {
  code: Role;
  description: string;
}

export interface TeamsTable {
  id: Generated<string>;
  tenant_id: string;
  name: string;
  created_at: GeneratedTimestamp;
}

export interface SkillsTable {
  id: Generated<string>;
  tenant_id: string;
  code: string;
  name: string;
  created_at: GeneratedTimestamp;
}

export interface UsersTable {
  id: Generated<string>;
  tenant_id: string | null;
  email: string;
  display_name: string;
  password_hash: string;
  role: Role;
  locale: Generated<Locale>;
  team_id: string | null;
  failed_logins: Generated<number>;
  locked_until: NullableTimestamp;
  disabled_at: NullableTimestamp;
  created_at: GeneratedTimestamp;
  updated_at: GeneratedTimestamp;
}

export interface UserSkillsTable {
  tenant_id: string;
  user_id: string;
  skill_id: string;
  level: Generated<number>;
}

export interface QueuesTable {
  id: Generated<string>;
  tenant_id: string;
  code: string;
  name: string;
  required_skill_ids: Generated<string[]>;
  priority: Generated<number>;
  created_at: GeneratedTimestamp;
}

export interface SessionsTable {
  id: Generated<string>;
  token_hash: string;
  user_id: string;
  tenant_id: string | null;
  created_at: GeneratedTimestamp;
  expires_at: Timestamp;
  last_seen_at: GeneratedTimestamp;
  revoked_at: NullableTimestamp;
}

export interface CustomersTable {
  id: Generated<string>;
  tenant_id: string;
  external_ref: string | null;
  name: string;
  company: string | null;
  gender: 'male' | 'female' | 'other' | null;
  birthday: ColumnType<string | null, string | null, string | null>;
  province: string | null;
  city: string | null;
  tags: Generated<string[]>;
  do_not_call: Generated<boolean>;
  marketing_opt_in: Generated<boolean>;
  notes: string | null;
  referred_by_id: string | null;
  created_at: GeneratedTimestamp;
  updated_at: GeneratedTimestamp;
  deleted_at: NullableTimestamp;
  version: Generated<number>;
}

export interface ContactsTable {
  id: Generated<string>;
  tenant_id: string;
  customer_id: string;
  kind: ContactKind;
  value: string;
  value_reversed: string;
  label: string | null;
  is_primary: Generated<boolean>;
  created_at: GeneratedTimestamp;
  deleted_at: NullableTimestamp;
}

export interface OrdersTable {
  id: Generated<string>;
  tenant_id: string;
  customer_id: string;
  external_ref: string | null;
  product: string;
  category: string | null;
  amount_minor: ColumnType<number, number, number>;
  margin_minor: ColumnType<number | null, number | null, number | null>;
  currency: string;
  status: Generated<OrderStatus>;
  ordered_at: Timestamp;
  created_at: GeneratedTimestamp;
  status_changed_at: NullableTimestamp;
}

export interface AuditLogTable {
  id: Generated<number>;
  tenant_id: string;
  entity_type: string;
  entity_id: string;
  action: string;
  actor_user_id: string | null;
  actor_name: string;
  at: GeneratedTimestamp;
  before: Json | null;
  after: Json | null;
}

export interface OutboxEventsTable {
  id: Generated<number>;
  tenant_id: string;
  type: string;
  aggregate_type: string;
  aggregate_id: string;
  payload: Json;
  created_at: GeneratedTimestamp;
  published_at: NullableTimestamp;
}

export interface IdempotencyKeysTable {
  tenant_id: string;
  user_id: string;
  key: string;
  method: string;
  path: string;
  request_hash: string;
  status_code: number;
  response: Json;
  created_at: GeneratedTimestamp;
}

export interface ImportsTable {
  id: Generated<string>;
  tenant_id: string;
  kind: 'customers' | 'orders';
  filename: string | null;
  encoding: string;
  total_rows: number;
  created_rows: number;
  updated_rows: number;
  unchanged_rows: number;
  error_rows: number;
  errors: Json;
  created_by: string | null;
  created_at: GeneratedTimestamp;
}

export interface ValueRulesTable {
  tenant_id: string;
  rules: Json;
  breakpoints: Json | null;
  /** What the stored window figures were counted with (look-back, categories, window start). */
  window_basis: Json | null;
  rescored_at: NullableTimestamp;
  updated_at: GeneratedTimestamp;
  updated_by: string | null;
}

export type ValueTierCode = 'high' | 'secondary' | 'potential' | 'low';

export interface CustomerValueTable {
  customer_id: string;
  tenant_id: string;
  tier: ValueTierCode;
  reason: string;
  frequency: number;
  monetary_minor: number;
  margin_minor: number | null;
  /** The last counted order (completed, in the window and the counted categories). */
  last_counted_at: NullableTimestamp;
  recency_score: number | null;
  frequency_score: number | null;
  monetary_score: number | null;
  margin_score: number | null;
  current_value: number | null;
  potential: number | null;
  order_count: number;
  first_order_at: NullableTimestamp;
  last_order_at: NullableTimestamp;
  previous_order_at: NullableTimestamp;
  last_cancelled_at: NullableTimestamp;
  lifetime_revenue_minor: number;
  expected_interval_days: number | null;
  /** When this row's scores or tier last changed (the tenant's rescored_at says when they were checked). */
  scored_at: Timestamp;
}

export interface LifecycleRulesTable {
  tenant_id: string;
  rules: Json;
  updated_at: GeneratedTimestamp;
  updated_by: string | null;
}

export interface CustomerStagesTable {
  customer_id: string;
  tenant_id: string;
  stage: string;
  reason: string;
  fact: Json;
  since: Timestamp;
  evaluated_at: Timestamp;
}

export interface StageTransitionsTable {
  id: Generated<number>;
  tenant_id: string;
  customer_id: string;
  from_stage: string | null;
  to_stage: string;
  reason: string;
  fact: Json;
  at: GeneratedTimestamp;
}

export type LifecycleFactKind =
  | 'qualified'
  | 'csat'
  | 'nps'
  | 'lost'
  | 'complaint_opened'
  | 'complaint_closed';

export interface LifecycleFactsTable {
  id: Generated<number>;
  tenant_id: string;
  customer_id: string;
  kind: LifecycleFactKind;
  score: number | null;
  note: string | null;
  ref_type: string | null;
  ref_id: string | null;
  at: Timestamp;
  created_by: string | null;
  created_at: GeneratedTimestamp;
}

export interface SegmentsTable {
  id: Generated<string>;
  tenant_id: string;
  name: string;
  description: string | null;
  filter: Json;
  created_by: string | null;
  created_at: GeneratedTimestamp;
  updated_at: GeneratedTimestamp;
  deleted_at: NullableTimestamp;
}

export interface JobsTable {
  id: Generated<number>;
  tenant_id: string | null;
  kind: string;
  dedupe_key: string | null;
  payload: ColumnType<unknown, string | undefined, string>;
  due_at: Timestamp;
  attempts: Generated<number>;
  locked_until: NullableTimestamp;
  started_at: NullableTimestamp;
  finished_at: NullableTimestamp;
  result: ColumnType<unknown, string | null | undefined, string | null>;
  last_error: string | null;
  created_at: GeneratedTimestamp;
}

export interface DB {
  tenants: TenantsTable;
  roles: RolesTable;
  teams: TeamsTable;
  skills: SkillsTable;
  users: UsersTable;
  user_skills: UserSkillsTable;
  queues: QueuesTable;
  sessions: SessionsTable;
  customers: CustomersTable;
  contacts: ContactsTable;
  orders: OrdersTable;
  audit_log: AuditLogTable;
  outbox_events: OutboxEventsTable;
  idempotency_keys: IdempotencyKeysTable;
  imports: ImportsTable;
  value_rules: ValueRulesTable;
  customer_value: CustomerValueTable;
  lifecycle_rules: LifecycleRulesTable;
  customer_stages: CustomerStagesTable;
  stage_transitions: StageTransitionsTable;
  lifecycle_facts: LifecycleFactsTable;
  segments: SegmentsTable;
  jobs: JobsTable;
}

export type Customer = Selectable<CustomersTable>;
export type NewCustomer = Insertable<CustomersTable>;
export type CustomerUpdate = Updateable<CustomersTable>;
export type Contact = Selectable<ContactsTable>;
export type Order = Selectable<OrdersTable>;
export type User = Selectable<UsersTable>;
export type Tenant = Selectable<TenantsTable>;
