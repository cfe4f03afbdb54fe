import { DateTime } from 'luxon';
import { minutesOf, type QueueHours, WEEKDAYS } from '../../routing/business-hours.ts';

/**
 * The SLA clock: business time counted in a queue's calendar (`QueueHours`, 7×24 where
 * set), paused while the ticket waits on the customer, and the escalation chain that runs
 * once a target is breached. Pure: every instant, `now` included, is passed in.
 */

/** How far ahead `addBusinessMs` looks before giving up on a calendar that never opens. */
export const SEARCH_HORIZON_DAYS = 400;

const MINUTE_MS = 60_000;

/** [start, end) in epoch milliseconds. */
type Span = readonly [number, number];

function zoneCheck(hours: QueueHours, at: number): DateTime {
  const local = DateTime.fromMillis(at, { zone: hours.timeZone });
  if (!local.isValid) throw new RangeError(`unknown time zone: ${hours.timeZone}`);
  return local;
}

/**
 * The instant of a local wall-clock minute on `day` (its local midnight). Set on the wall
 * clock rather than added as elapsed minutes, so 09:00 stays 09:00 on a DST-change day.
 */
function wallClock(day: DateTime, minutes: number): number {
  if (minutes >= 1440) return day.plus({ days: 1 }).startOf('day').toMillis();
  return day.set({ hour: Math.floor(minutes / 60), minute: minutes % 60 }).toMillis();
}

/** The opening spans of one local day, sorted and merged (overlapping windows count once). */
function daySpans(hours: QueueHours, day: DateTime): Span[] {
  if (hours.holidays.includes(day.toISODate() ?? '')) return [];
  const windows = (hours.businessHours[WEEKDAYS[day.weekday - 1]!] ?? [])
    .map((w) => [minutesOf(w.open), minutesOf(w.close)] as const)
    .filter(([open, close]) => close > open)
    .sort((a, b) => a[0] - b[0]);
  const spans: [number, number][] = [];
  for (const [open, close] of windows) {
    const start = wallClock(day, open);
    const end = wallClock(day, close);
    const last = spans.at(-1);
    if (last && start <= last[1]) last[1] = Math.max(last[1], end);
    else if (end > start) spans.push([start, end]);
  }
  return spans;
}

/**
 * Opening spans clipped to [from, until), in order, one local day at a time. Windows never
 * cross midnight ('24:00' is the latest close), so each belongs to the day it is listed on.
 */
function* openSpans(hours: QueueHours, from: number, until: number, maxDays: number): Generator<Span> {
  let day = zoneCheck(hours, from).startOf('day');
  for (let n = 0; n < maxDays && day.toMillis() < until; n++) {
    for (const [start, end] of daySpans(hours, day)) {
      const s = Math.max(start, from);
      const e = Math.min(end, until);
      if (e > s) yield [s, e];
    }
    day = day.plus({ days: 1 }).startOf('day');
  }
}

/**
 * Working milliseconds between two instants in the queue's calendar (0 when `to` ≤ `from`);
 * wall-clock time for a 7×24 queue. Holidays count as closed, DST changes as the clock on
 * the wall says (a 09:00–17:00 day is 8 hours on either side of the change).
 *
 * @example
 * // Shanghai, Mon–Fri 09:00–18:00: Friday 17:00 → Monday 10:00 is 2 hours.
 * businessMsBetween(weekdaysShanghai, new Date('2026-10-09T09:00:00Z'),
 *   new Date('2026-10-12T02:00:00Z')); // 7_200_000
 */
export function businessMsBetween(hours: QueueHours, from: Date, to: Date): number {
  const a = from.getTime();
  const b = to.getTime();
  if (b <= a) return 0;
  if (hours.alwaysOpen) return b - a;
  let total = 0;
  for (const [s, e] of openSpans(hours, a, b, Number.POSITIVE_INFINITY)) total += e - s;
  return total;
}

/**
 * The earliest instant by which `ms` of business time have elapsed after `from` (counting
 * starts at the next opening when `from` is outside hours). A target that uses up the day
 * exactly falls due at closing time, not at the next opening. Null when the calendar does
 * not provide that much open time within `SEARCH_HORIZON_DAYS`, e.g. it has no windows.
 *
 * @example
 * // Shanghai, Mon–Fri 09:00–18:00: Friday 17:00 plus 2 hours is Monday 10:00.
 * addBusinessMs(weekdaysShanghai, new Date('2026-10-09T09:00:00Z'), 7_200_000);
 * // → 2026-10-12T02:00:00.000Z
 */
export function addBusinessMs(hours: QueueHours, from: Date, ms: number): Date | null {
  if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`business time must be ≥ 0 ms, got ${ms}`);
  const start = from.getTime();
  if (hours.alwaysOpen || ms === 0) return new Date(start + ms);
  let left = ms;
  for (const [s, e] of openSpans(hours, start, Number.POSITIVE_INFINITY, SEARCH_HORIZON_DAYS)) {
    if (e - s >= left) return new Date(s + left);
    left -= e - s;
  }
  return null;
}

export interface SlaPause {
  from: Date;
  /** Null while the ticket is still waiting on the customer. */
  to: Date | null;
}

export interface SlaClockInput {
  hours: QueueHours;
  startedAt: Date;
  /** Business minutes allowed, e.g. 240 for a 4-hour first response. */
  targetMinutes: number;
  /** While the ticket waited on the customer; any order, may overlap. */
  pauses: readonly SlaPause[];
  /** When the target was met (first response sent, ticket resolved); null while open. */
  stoppedAt: Date | null;
  now: Date;
  /** Share of the target after which to warn; 0.8 unless given. */
  warnAtFraction?: number;
}

export type SlaState = 'running' | 'paused' | 'met' | 'breached' | 'met_late';

export interface SlaClockState {
  state: SlaState;
  /** Business time counted so far, pauses excluded. */
  elapsedMs: number;
  /**
   * Target minus elapsed. Zero, not negative, for a clock breached at closing time until
   * the queue opens again: the due instant has passed but no more business time has.
   */
  remainingMs: number;
  /**
   * When the target falls (or fell) due. Projected from now for a running clock, assuming
   * no further pauses; the past instant once reached. Null while paused short of the
   * target (it depends on when the customer answers), once met before it fell due, or
   * when the calendar never opens.
   */
  dueAt: Date | null;
  /** Same rules as `dueAt`, for `warnAtFraction` of the target. */
  warnAt: Date | null;
  /** The instant the target was exceeded, if it was (equal to `dueAt` then). */
  breachedAt: Date | null;
  /** Running (not paused, met or breached) and at or past `warnAt`. */
  warning: boolean;
}

/** Pauses clipped to [start, end] and sorted; empty or inverted ones dropped. */
function normalizePauses(pauses: readonly SlaPause[], start: number, end: number): Span[] {
  return pauses
    .map((p) => [Math.max(p.from.getTime(), start), Math.min(p.to?.getTime() ?? end, end)] as const)
    .filter(([s, e]) => e > s)
    .sort((a, b) => a[0] - b[0]);
}

/** [start, end) minus the pauses; overlapping pauses need no merging, the cursor only moves on. */
function activeSpans(start: number, end: number, pauses: readonly Span[]): Span[] {
  const spans: Span[] = [];
  let cursor = start;
  for (const [s, e] of pauses) {
    if (s > cursor) spans.push([cursor, s]);
    cursor = Math.max(cursor, e);
  }
  if (end > cursor) spans.push([cursor, end]);
  return spans;
}

/**
 * Where an SLA target stands at `now`: running, paused (waiting on the customer), breached,
 * met, or met late; business time elapsed and remaining, and the warning and due instants.
 * A stop is on time when it comes at or before the due instant; a clock is breached once
 * `now` is past it. Pauses count only between `startedAt` and the stop; a `stoppedAt` after
 * `now` is not yet a stop, so the clock can be replayed as of any moment.
 *
 * @example
 * // Shanghai, Mon–Fri 09:00–18:00, 4-hour target started Monday 10:00, asked at 13:00.
 * slaClock({ hours: weekdaysShanghai, startedAt: new Date('2026-09-28T02:00:00Z'),
 *   targetMinutes: 240, pauses: [], stoppedAt: null, now: new Date('2026-09-28T05:00:00Z') });
 * // → { state: 'running', elapsedMs: 10_800_000, remainingMs: 3_600_000,
 * //     dueAt: 2026-09-28T06:00:00Z, warnAt: 2026-09-28T05:12:00Z, breachedAt: null, warning: false }
 */
export function slaClock(input: SlaClockInput): SlaClockState {
  const { hours, targetMinutes, now } = input;
  const fraction = input.warnAtFraction ?? 0.8;
  if (!(targetMinutes >= 0) || !Number.isFinite(targetMinutes)) {
    throw new RangeError(`targetMinutes must be ≥ 0, got ${targetMinutes}`);
  }
  if (!(fraction > 0 && fraction <= 1))
    throw new RangeError(`warnAtFraction must be in (0, 1], got ${fraction}`);

  const start = input.startedAt.getTime();
  const nowMs = now.getTime();
  const stopped = input.stoppedAt !== null && input.stoppedAt.getTime() <= nowMs;
  // The clock reads up to the stop, or up to now; never before it started.
  const end = Math.max(start, stopped ? input.stoppedAt!.getTime() : nowMs);
  const active = activeSpans(start, end, normalizePauses(input.pauses, start, end));
  const perSpan = active.map(([s, e]) => businessMsBetween(hours, new Date(s), new Date(e)));
  const elapsedMs = perSpan.reduce((sum, ms) => sum + ms, 0);

  const paused =
    !stopped &&
    nowMs >= start &&
    input.pauses.some((p) => p.from.getTime() <= nowMs && (p.to === null || p.to.getTime() > nowMs));

  /** When `ms` of counted time is (or was) reached: past if already, else projected. */
  const reaching = (ms: number): Date | null => {
    let counted = 0;
    for (const [i, [s]] of active.entries()) {
      const inSpan = perSpan[i]!;
      if (counted + inSpan >= ms) return addBusinessMs(hours, new Date(s), ms - counted);
      counted += inSpan;
    }
    if (active.length === 0 && ms === 0) return new Date(start);
    if (stopped || paused) return null;
    return addBusinessMs(hours, new Date(end), ms - counted);
  };

  const targetMs = targetMinutes * MINUTE_MS;
  const dueAt = reaching(targetMs);
  const warnAt = reaching(Math.round(targetMs * fraction));
  const breachedAt = dueAt !== null && dueAt.getTime() < end ? dueAt : null;

  let state: SlaState;
  if (stopped) state = breachedAt ? 'met_late' : 'met';
  else if (breachedAt) state = 'breached';
  else if (paused) state = 'paused';
  else state = 'running';

  return {
    state,
    elapsedMs,
    remainingMs: targetMs - elapsedMs,
    dueAt,
    warnAt,
    breachedAt,
    warning: state === 'running' && warnAt !== null && nowMs >= warnAt.getTime(),
  };
}

export type EscalationAction = 'notify_supervisor' | 'raise_priority' | 'reassign';

/** One link of an escalation chain; `afterMinutes` are business minutes after the breach (negative counts as 0). */
export interface EscalationStep {
  afterMinutes: number;
  action: EscalationAction;
  /** For 'reassign': the queue to move the ticket to. */
  queueId?: string;
}

export interface ScheduledEscalation<S extends EscalationStep = EscalationStep> {
  /** Position in the chain; what callers record as done. */
  index: number;
  step: S;
  /** Null when the queue does not open again within the search horizon. */
  dueAt: Date | null;
}

export interface EscalationInput<S extends EscalationStep = EscalationStep> {
  hours: QueueHours;
  chain: readonly S[];
  breachedAt: Date;
  /** Indexes of the steps already carried out. */
  done: readonly number[];
  now: Date;
}

/**
 * When each step of an escalation chain falls due, counted in business minutes of the
 * queue's calendar after the breach: a supervisor is not paged overnight for a queue that
 * is closed, and "30 minutes after breach" means 30 minutes the queue was staffed.
 *
 * @example
 * // Breached Friday 18:00 in Shanghai (Mon–Fri 09:00–18:00):
 * escalationSchedule(weekdaysShanghai, [{ afterMinutes: 0, action: 'notify_supervisor' },
 *   { afterMinutes: 30, action: 'raise_priority' }], new Date('2026-10-09T10:00:00Z'));
 * // → [{ index: 0, dueAt: 2026-10-09T10:00:00Z, … }, { index: 1, dueAt: 2026-10-12T01:30:00Z, … }]
 */
export function escalationSchedule<S extends EscalationStep>(
  hours: QueueHours,
  chain: readonly S[],
  breachedAt: Date,
): ScheduledEscalation<S>[] {
  return chain.map((step, index) => ({
    index,
    step,
    dueAt: addBusinessMs(hours, breachedAt, Math.max(0, step.afterMinutes) * MINUTE_MS),
  }));
}

/**
 * The steps not yet done whose time has come (due at or before `now`), in chain order.
 *
 * @example
 * dueEscalations({ hours, chain, breachedAt, done: [0], now });
 * // → [{ index: 1, step: { afterMinutes: 30, action: 'raise_priority' }, dueAt }]
 */
export function dueEscalations<S extends EscalationStep>(
  input: EscalationInput<S>,
): ScheduledEscalation<S>[] {
  const nowMs = input.now.getTime();
  return escalationSchedule(input.hours, input.chain, input.breachedAt).filter(
    (s) => !input.done.includes(s.index) && s.dueAt !== null && s.dueAt.getTime() <= nowMs,
  );
}

/**
 * When the next step not yet done falls due strictly after `now` — the instant to schedule
 * a durable job for — or null when nothing is left. Steps already due are
 * `dueEscalations`' to return.
 *
 * @example
 * nextEscalationAt({ hours, chain, breachedAt, done: [0], now: breachedAt });
 * // → breachedAt plus 30 business minutes
 */
export function nextEscalationAt<S extends EscalationStep>(input: EscalationInput<S>): Date | null {
  const nowMs = input.now.getTime();
  let next: Date | null = null;
  for (const s of escalationSchedule(input.hours, input.chain, input.breachedAt)) {
    if (input.done.includes(s.index) || s.dueAt === null || s.dueAt.getTime() <= nowMs) continue;
    if (next === null || s.dueAt < next) next = s.dueAt;
  }
  return next;
}
