import dayjs, { type Dayjs } from 'dayjs';
import type { Channel } from '../../api/routing-types.ts';
import {
  type OpeningWindow,
  type QueueDetail,
  type QueueSettings,
  type TierRule,
  VALUE_TIERS,
  WEEKDAYS,
  type Weekday,
} from './setup-types.ts';

/** The queue form's fields: the API's settings with dates as dayjs and blanks as undefined. */
export interface QueueFormValues {
  code: string;
  name: string;
  channels: Channel[];
  requiredSkills: { skill: string; minLevel: number }[];
  priority: number;
  timeZone?: string;
  alwaysOpen: boolean;
  businessHours: Record<Weekday, OpeningWindow[]>;
  holidays: Dayjs[];
  serviceLevel: { percent: number; withinSeconds: number };
  maxWaitSeconds?: number | null;
  overflowQueueId?: string | null;
  stickyWaitSeconds: number;
  wrapUpSeconds: number;
  offlineMessage?: string | null;
  emailAutoReply?: string | null;
  tierRules: Record<string, { priorityBoost: number; minSkillLevel?: number | null }>;
}

/** A new queue starts as the API would make it, with office hours ready for when 7×24 is off. */
const OFFICE_HOURS: Record<Weekday, OpeningWindow[]> = Object.fromEntries(
  WEEKDAYS.map((d) => [d, d === 'sat' || d === 'sun' ? [] : [{ open: '09:00', close: '18:00' }]]),
) as Record<Weekday, OpeningWindow[]>;

/** The tier rules the server applies when a queue has none (src/routing/routing.engine.ts). */
const DEFAULT_TIER_RULES: Record<string, TierRule> = {
  high: { priorityBoost: 30, minSkillLevel: 3 },
  secondary: { priorityBoost: 15 },
  potential: { priorityBoost: 5 },
  low: { priorityBoost: 0 },
};

export function toFormValues(queue: QueueDetail | null): QueueFormValues {
  if (!queue)
    return {
      code: '',
      name: '',
      channels: ['voice', 'chat', 'email'],
      requiredSkills: [],
      priority: 0,
      alwaysOpen: true,
      businessHours: OFFICE_HOURS,
      holidays: [],
      serviceLevel: { percent: 80, withinSeconds: 20 },
      maxWaitSeconds: null,
      overflowQueueId: null,
      stickyWaitSeconds: 30,
      wrapUpSeconds: 30,
      tierRules: DEFAULT_TIER_RULES,
    };
  const hasHours = WEEKDAYS.some((d) => (queue.businessHours[d]?.length ?? 0) > 0);
  return {
    ...queue,
    timeZone: queue.timeZone ?? undefined,
    businessHours: Object.fromEntries(
      WEEKDAYS.map((d) => [d, hasHours ? (queue.businessHours[d] ?? []) : OFFICE_HOURS[d]]),
    ) as Record<Weekday, OpeningWindow[]>,
    holidays: queue.holidays.map((h) => dayjs(h)),
  };
}

/**
 * The body to send. Tier rules go only when the user touched them, so a queue that follows
 * the defaults keeps following them; a 7×24 queue's hours and holidays are left as they are
 * (the server ignores them, and they are back when 7×24 is switched off).
 */
export function toQueueBody(v: QueueFormValues, sendTierRules: boolean): Partial<QueueSettings> {
  const businessHours = Object.fromEntries(
    WEEKDAYS.filter((d) => (v.businessHours[d]?.length ?? 0) > 0).map((d) => [d, v.businessHours[d]]),
  );
  const body: Partial<QueueSettings> = {
    code: v.code.trim(),
    name: v.name.trim(),
    channels: v.channels,
    requiredSkills: (v.requiredSkills ?? []).map((r) => ({ skill: r.skill.trim(), minLevel: r.minLevel })),
    priority: v.priority,
    timeZone: v.timeZone ?? null,
    alwaysOpen: v.alwaysOpen,
    ...(v.alwaysOpen
      ? {}
      : {
          businessHours,
          holidays: [...new Set((v.holidays ?? []).map((d) => d.format('YYYY-MM-DD')))].sort(),
        }),
    serviceLevel: v.serviceLevel,
    maxWaitSeconds: v.maxWaitSeconds ?? null,
    overflowQueueId: v.maxWaitSeconds ? (v.overflowQueueId ?? null) : null,
    stickyWaitSeconds: v.stickyWaitSeconds,
    wrapUpSeconds: v.wrapUpSeconds,
    offlineMessage: v.offlineMessage?.trim() || null,
    emailAutoReply: v.emailAutoReply?.trim() || null,
  };
  if (sendTierRules)
    body.tierRules = Object.fromEntries(
      VALUE_TIERS.map((tier) => {
        const rule = v.tierRules[tier] ?? { priorityBoost: 0 };
        return [
          tier,
          {
            priorityBoost: rule.priorityBoost ?? 0,
            ...(rule.minSkillLevel ? { minSkillLevel: rule.minSkillLevel } : {}),
          },
        ];
      }),
    );
  return body;
}
