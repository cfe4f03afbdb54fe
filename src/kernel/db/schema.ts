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

export type ChannelCode = 'chat' | 'email' | 'voice';
export type AgentStateCode = 'available' | 'busy' | 'wrap_up' | 'break' | 'offline';
export type InteractionStatus = 'queued' | 'offered' | 'active' | 'wrap_up' | 'closed' | 'abandoned';
export type OfferStatus = 'pending' | 'accepted' | 'declined' | 'expired' | 'withdrawn';
export type OfferReasonCode = 'standard' | 'sticky' | 'reoffer' | 'transfer' | 'reassign';
export type MessageAuthor = 'customer' | 'agent' | 'system';

export interface QueuesTable {
  id: Generated<string>;
  tenant_id: string;
  code: string;
  name: string;
  priority: Generated<number>;
  created_at: GeneratedTimestamp;
  channels: Generated<ChannelCode[]>;
  /** null: the tenant's time zone. */
  time_zone: string | null;
  always_open: Generated<boolean>;
  business_hours: ColumnType<unknown, string | undefined, string>;
  holidays: ColumnType<string[], string[] | undefined, string[]>;
  service_level_percent: Generated<number>;
  service_level_seconds: Generated<number>;
  max_wait_seconds: number | null;
  overflow_queue_id: string | null;
  sticky_wait_seconds: Generated<number>;
  wrap_up_seconds: Generated<number>;
  offline_message: string | null;
  email_auto_reply: string | null;
  /** null: the engine's DEFAULT_TIER_RULES. */
  tier_rules: ColumnType<unknown, string | null | undefined, string | null>;
  updated_at: GeneratedTimestamp;
  deleted_at: NullableTimestamp;
}

export interface QueueSkillsTable {
  tenant_id: string;
  queue_id: string;
  skill_id: string;
  min_level: Generated<number>;
}

export interface AgentsTable {
  user_id: string;
  tenant_id: string;
  capacity_voice: Generated<number>;
  capacity_chat: Generated<number>;
  capacity_email: Generated<number>;
  state: Generated<AgentStateCode>;
  state_reason: string | null;
  state_since: GeneratedTimestamp;
  idle_since: GeneratedTimestamp;
  wrap_up_until: NullableTimestamp;
  created_at: GeneratedTimestamp;
  updated_at: GeneratedTimestamp;
}

export interface AgentStateLogTable {
  id: Generated<number>;
  tenant_id: string;
  agent_id: string;
  from_state: AgentStateCode | null;
  state: AgentStateCode;
  reason: string | null;
  changed_by: string | null;
  at: GeneratedTimestamp;
}

export interface InteractionsTable {
  id: Generated<string>;
  tenant_id: string;
  channel: ChannelCode;
  direction: Generated<'inbound' | 'outbound'>;
  queue_id: string;
  customer_id: string | null;
  status: Generated<InteractionStatus>;
  subject: string | null;
  contact_name: string | null;
  contact_phone: string | null;
  contact_email: string | null;
  contact_chat_id: string | null;
  value_tier: ValueTierCode | null;
  priority: number | null;
  enqueued_at: Timestamp;
  queue_entered_at: Timestamp;
  overflowed_from: Generated<string[]>;
  last_agent_id: string | null;
  declined_by: Generated<string[]>;
  agent_id: string | null;
  accepted_at: NullableTimestamp;
  wrap_up_at: NullableTimestamp;
  wrap_up_until: NullableTimestamp;
  closed_at: NullableTimestamp;
  abandoned_at: NullableTimestamp;
  created_by: string | null;
  created_at: GeneratedTimestamp;
  updated_at: GeneratedTimestamp;
}

export interface InteractionMessagesTable {
  id: Generated<number>;
  tenant_id: string;
  interaction_id: string;
  author: MessageAuthor;
  author_user_id: string | null;
  body: string;
  attachments: ColumnType<unknown, string | undefined, string>;
  created_at: GeneratedTimestamp;
}

export interface OffersTable {
  id: Generated<string>;
  tenant_id: string;
  interaction_id: string;
  agent_id: string;
  reason: OfferReasonCode;
  status: Generated<OfferStatus>;
  offered_at: Timestamp;
  expires_at: Timestamp;
  answered_at: NullableTimestamp;
  ended_at: NullableTimestamp;
}

export interface DispositionsTable {
  id: Generated<string>;
  tenant_id: string;
  interaction_id: string;
  agent_id: string | null;
  code: string;
  notes: string | null;
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
  /** The writing transaction (xid8 as text); null for events older than the realtime feed. */
  tx_id: ColumnType<string | null, never, never>;
}

/** The commit order of the transactions that wrote a tenant's events (see 0004-routing). */
export interface OutboxCommitsTable {
  position: Generated<number>;
  tenant_id: string;
  tx_id: ColumnType<string, never, never>;
  committed_at: GeneratedTimestamp;
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

export type WebchatImageType = 'image/png' | 'image/jpeg' | 'image/gif' | 'image/webp';

export interface WebchatSitesTable {
  id: Generated<string>;
  tenant_id: string;
  name: string;
  site_key: string;
  allowed_origins: Generated<string[]>;
  queue_id: string;
  default_locale: Generated<Locale>;
  greeting: string | null;
  pre_chat_form: Generated<'off' | 'optional' | 'required'>;
  created_by: string | null;
  created_at: GeneratedTimestamp;
  updated_at: GeneratedTimestamp;
  deleted_at: NullableTimestamp;
}

export interface WebchatConversationsTable {
  id: Generated<string>;
  tenant_id: string;
  site_id: string;
  interaction_id: string;
  kind: Generated<'chat' | 'offline'>;
  token_hash: Buffer;
  locale: Locale;
  visitor_ip: string | null;
  user_agent: string | null;
  page_url: string | null;
  created_at: GeneratedTimestamp;
  ended_by_visitor_at: NullableTimestamp;
}

export interface WebchatAttachmentsTable {
  id: Generated<string>;
  tenant_id: string;
  conversation_id: string;
  message_id: number | null;
  file_name: string;
  content_type: WebchatImageType;
  size_bytes: number;
  sha256: string;
  data: Buffer;
  created_at: GeneratedTimestamp;
}

export interface WebchatTranscriptRequestsTable {
  id: Generated<string>;
  tenant_id: string;
  conversation_id: string;
  email: string;
  status: 'queued' | 'sent' | 'failed' | 'not_configured';
  error: string | null;
  job_id: number | null;
  requested_at: GeneratedTimestamp;
  sent_at: NullableTimestamp;
}

export interface EmailMailboxesTable {
  id: Generated<string>;
  tenant_id: string;
  name: string;
  queue_id: string;
  from_address: string;
  from_name: string | null;
  enabled: Generated<boolean>;
  imap_host: string | null;
  imap_port: number | null;
  imap_tls: Generated<boolean>;
  imap_user: string | null;
  imap_password: string | null;
  imap_folder: Generated<string>;
  imap_last_polled_at: NullableTimestamp;
  imap_last_error: string | null;
  created_by: string | null;
  created_at: GeneratedTimestamp;
  updated_at: GeneratedTimestamp;
  deleted_at: NullableTimestamp;
}

export interface EmailAddressesTable {
  address: string;
  tenant_id: string;
  mailbox_id: string;
}

export type EmailDirection = 'inbound' | 'outbound';
export type EmailKind = 'message' | 'reply' | 'auto_reply';
export type EmailStatus = 'received' | 'queued' | 'sent' | 'failed';

export interface EmailMessagesTable {
  id: Generated<string>;
  tenant_id: string;
  mailbox_id: string | null;
  interaction_id: string;
  interaction_message_id: number | null;
  direction: EmailDirection;
  kind: Generated<EmailKind>;
  message_id: string;
  in_reply_to: string | null;
  references: Generated<string[]>;
  from_address: string | null;
  from_name: string | null;
  reply_to: string | null;
  to_addresses: Generated<string[]>;
  cc_addresses: Generated<string[]>;
  subject: string | null;
  text_body: string | null;
  html_body: string | null;
  source: 'smtp' | 'imap' | null;
  size_bytes: number | null;
  status: EmailStatus;
  attempts: Generated<number>;
  last_error: string | null;
  next_attempt_at: NullableTimestamp;
  sent_at: NullableTimestamp;
  created_at: GeneratedTimestamp;
}

export interface EmailAttachmentsTable {
  id: Generated<string>;
  tenant_id: string;
  email_message_id: string;
  file_name: string;
  content_type: string;
  content_id: string | null;
  inline: Generated<boolean>;
  size_bytes: number;
  sha256: string;
  data: Buffer;
  created_at: GeneratedTimestamp;
}

export interface SipAccountsTable {
  user_id: string;
  tenant_id: string;
  username: string;
  ha1_md5: string;
  ha1_sha256: string;
  created_at: GeneratedTimestamp;
  updated_at: GeneratedTimestamp;
}

export interface SipRegistrationsTable {
  id: Generated<string>;
  tenant_id: string;
  user_id: string;
  contact: string;
  transport: 'udp' | 'tcp';
  source_address: string;
  source_port: number;
  call_id: string;
  cseq: number;
  user_agent: string | null;
  expires_at: Date;
  created_at: GeneratedTimestamp;
  updated_at: GeneratedTimestamp;
}

export interface VoicePromptsTable {
  id: Generated<string>;
  tenant_id: string;
  name: string;
  language: 'zh' | 'en';
  pcm: Buffer;
  duration_ms: number;
  created_by: string | null;
  created_at: GeneratedTimestamp;
  deleted_at: NullableTimestamp;
}

export interface IvrMenusTable {
  id: Generated<string>;
  tenant_id: string;
  name: string;
  definition: unknown;
  created_at: GeneratedTimestamp;
  updated_at: GeneratedTimestamp;
  deleted_at: NullableTimestamp;
}

export interface VoiceNumbersTable {
  number: string;
  tenant_id: string;
  label: string | null;
  queue_id: string | null;
  ivr_menu_id: string | null;
  outbound_caller_id: string | null;
  created_at: GeneratedTimestamp;
}

export interface VoiceRecordingsTable {
  id: Generated<string>;
  tenant_id: string;
  file: string;
  bytes: Generated<number>;
  duration_ms: Generated<number>;
  created_at: GeneratedTimestamp;
}

export type CallEndedBy = 'caller' | 'agent' | 'system';

export interface VoiceCallsTable {
  id: Generated<string>;
  tenant_id: string;
  interaction_id: string | null;
  direction: 'inbound' | 'outbound';
  sip_call_id: string;
  from_number: string | null;
  to_number: string | null;
  agent_id: string | null;
  arrived_at: GeneratedTimestamp;
  ivr_at: NullableTimestamp;
  queued_at: NullableTimestamp;
  offered_at: NullableTimestamp;
  answered_at: NullableTimestamp;
  ended_at: NullableTimestamp;
  ended_by: CallEndedBy | null;
  end_reason: string | null;
  recording_id: string | null;
  created_at: GeneratedTimestamp;
}

export interface VoiceCallEventsTable {
  id: Generated<number>;
  tenant_id: string;
  call_id: string;
  kind: string;
  at: GeneratedTimestamp;
  agent_id: string | null;
  detail: Generated<unknown>;
}

export interface VoiceCallbackRequestsTable {
  id: Generated<string>;
  tenant_id: string;
  call_id: string | null;
  interaction_id: string | null;
  queue_id: string | null;
  number: string;
  reason: 'queue_timeout' | 'voicemail';
  voicemail_recording_id: string | null;
  status: Generated<'open' | 'done' | 'cancelled'>;
  created_at: GeneratedTimestamp;
}

export type TicketType = 'inquiry' | 'complaint' | 'repair' | 'other';
export type TicketStatus =
  | 'new'
  | 'open'
  | 'pending_customer'
  | 'pending_third_party'
  | 'resolved'
  | 'closed'
  | 'reopened';
export type TicketPriority = 'low' | 'normal' | 'high' | 'urgent';

export interface TicketsTable {
  id: Generated<string>;
  tenant_id: string;
  number: Generated<string>;
  type: TicketType;
  subject: string;
  description: string | null;
  status: Generated<TicketStatus>;
  priority: Generated<TicketPriority>;
  customer_id: string | null;
  owner_id: string | null;
  queue_id: string | null;
  channel: 'voice' | 'chat' | 'email' | 'sms' | 'web' | null;
  custom_fields: Generated<unknown>;
  resolution_code: string | null;
  resolution_summary: string | null;
  merged_into_id: string | null;
  created_by: string | null;
  created_at: GeneratedTimestamp;
  updated_at: GeneratedTimestamp;
  first_responded_at: Date | null;
  resolved_at: Date | null;
  closed_at: Date | null;
  version: Generated<number>;
  sla_policy_id: string | null;
  first_response_due_at: Date | null;
  resolution_due_at: Date | null;
  first_response_breached_at: Date | null;
  resolution_breached_at: Date | null;
  /** The clocks whose warning went out: 'first_response', 'resolution'. */
  sla_warned: Generated<unknown>;
  /** Indexes of the escalation steps carried out. */
  escalations_done: Generated<unknown>;
}

export interface SlaPoliciesTable {
  id: Generated<string>;
  tenant_id: string;
  name: string;
  ticket_type: TicketType | null;
  value_tier: ValueTierCode | null;
  /** numeric: read back as a string by pg. */
  first_response_minutes: ColumnType<string, number, number>;
  resolution_minutes: ColumnType<string, number, number>;
  warn_fraction: ColumnType<string, number | undefined, number>;
  escalation: Generated<unknown>;
  active: Generated<boolean>;
  created_at: GeneratedTimestamp;
  updated_at: GeneratedTimestamp;
}

export type ComplaintCategory =
  | 'product_quality'
  | 'delivery'
  | 'installation'
  | 'service_attitude'
  | 'billing'
  | 'other';

export interface TicketComplaintsTable {
  ticket_id: string;
  tenant_id: string;
  category: ComplaintCategory;
  product: string | null;
  severity: Generated<'minor' | 'major' | 'critical'>;
  compensation_minor: ColumnType<string | null, number | null | undefined, number | null>;
  compensation_note: string | null;
  accepted: boolean | null;
  created_at: GeneratedTimestamp;
  updated_at: GeneratedTimestamp;
}

export interface ComplaintSettingsTable {
  tenant_id: string;
  warn_per_1000_orders: ColumnType<string, number | undefined, number>;
  updated_at: GeneratedTimestamp;
}

export interface TicketEventsTable {
  id: Generated<string>;
  tenant_id: string;
  ticket_id: string;
  kind:
    | 'created'
    | 'status'
    | 'priority'
    | 'assigned'
    | 'fields'
    | 'note'
    | 'linked'
    | 'merged'
    | 'resolution'
    | 'subject'
    | 'sla'
    | 'notified';
  author_id: string | null;
  body: string | null;
  detail: Generated<unknown>;
  at: GeneratedTimestamp;
}

export interface TicketInteractionsTable {
  tenant_id: string;
  ticket_id: string;
  interaction_id: string;
  linked_at: GeneratedTimestamp;
}

export interface TicketFieldsTable {
  tenant_id: string;
  type: TicketType;
  fields: Generated<unknown>;
  updated_at: GeneratedTimestamp;
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
  outbox_commits: OutboxCommitsTable;
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
  queue_skills: QueueSkillsTable;
  agents: AgentsTable;
  agent_state_log: AgentStateLogTable;
  interactions: InteractionsTable;
  interaction_messages: InteractionMessagesTable;
  offers: OffersTable;
  dispositions: DispositionsTable;
  webchat_sites: WebchatSitesTable;
  webchat_conversations: WebchatConversationsTable;
  webchat_attachments: WebchatAttachmentsTable;
  webchat_transcript_requests: WebchatTranscriptRequestsTable;
  email_mailboxes: EmailMailboxesTable;
  email_addresses: EmailAddressesTable;
  email_messages: EmailMessagesTable;
  email_attachments: EmailAttachmentsTable;
  sip_accounts: SipAccountsTable;
  sip_registrations: SipRegistrationsTable;
  voice_prompts: VoicePromptsTable;
  ivr_menus: IvrMenusTable;
  voice_numbers: VoiceNumbersTable;
  voice_recordings: VoiceRecordingsTable;
  voice_calls: VoiceCallsTable;
  voice_call_events: VoiceCallEventsTable;
  voice_callback_requests: VoiceCallbackRequestsTable;
  tickets: TicketsTable;
  ticket_events: TicketEventsTable;
  ticket_interactions: TicketInteractionsTable;
  ticket_fields: TicketFieldsTable;
  sla_policies: SlaPoliciesTable;
  ticket_complaints: TicketComplaintsTable;
  complaint_settings: ComplaintSettingsTable;
}

export type Customer = Selectable<CustomersTable>;
export type NewCustomer = Insertable<CustomersTable>;
export type CustomerUpdate = Updateable<CustomersTable>;
export type Contact = Selectable<ContactsTable>;
export type Order = Selectable<OrdersTable>;
export type User = Selectable<UsersTable>;
export type Tenant = Selectable<TenantsTable>;
