import type { Agent, Channel } from '../../api/routing-types.ts';

/**
 * Shapes the routing-setup page reads and writes beyond what the desktop needs
 * (src/routing/routing.schemas.ts, src/channels/email/email.schemas.ts,
 * src/channels/webchat/webchat.schemas.ts, src/kernel/tenancy/tenancy.routes.ts).
 */
export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];
export const CHANNELS: Channel[] = ['voice', 'chat', 'email'];
export const VALUE_TIERS = ['high', 'secondary', 'potential', 'low'] as const;

export interface OpeningWindow {
  open: string;
  close: string;
}

export interface TierRule {
  priorityBoost: number;
  minSkillLevel?: number;
}

/** What a queue is set up with: the body of POST /api/v1/queues. */
export interface QueueSettings {
  code: string;
  name: string;
  channels: Channel[];
  requiredSkills: { skill: string; minLevel: number }[];
  priority: number;
  timeZone: string | null;
  alwaysOpen: boolean;
  businessHours: Partial<Record<Weekday, OpeningWindow[]>>;
  holidays: string[];
  serviceLevel: { percent: number; withinSeconds: number };
  maxWaitSeconds: number | null;
  overflowQueueId: string | null;
  stickyWaitSeconds: number;
  wrapUpSeconds: number;
  offlineMessage: string | null;
  emailAutoReply: string | null;
  tierRules: Record<string, TierRule> | null;
}

export interface QueueDetail extends QueueSettings {
  id: string;
  tierRules: Record<string, TierRule>;
  open: boolean;
  nextOpening: string | null;
}

export type AgentProfile = Pick<Agent, 'skills' | 'capacity'>;

export interface Skill {
  id: string;
  code: string;
  name: string;
}

export interface TenantUser {
  id: string;
  email: string;
  displayName: string;
  role: string;
}

export interface ChatSite {
  id: string;
  name: string;
  siteKey: string;
  allowedOrigins: string[];
  queueId: string;
  defaultLocale: 'zh-CN' | 'en';
  greeting: string | null;
  preChatForm: 'off' | 'optional' | 'required';
  embedCode: string;
}

export interface ImapSettings {
  host: string;
  port: number;
  tls: boolean;
  user: string;
  folder: string;
}

export interface Mailbox {
  id: string;
  name: string;
  queueId: string;
  addresses: string[];
  fromAddress: string;
  fromName: string | null;
  enabled: boolean;
  imap: (ImapSettings & { passwordSet: true; lastPolledAt: string | null; lastError: string | null }) | null;
}
