/**
 * The call report: the call detail records of a period summed up by queue, agent or day, as
 * a supervisor reads them: calls in and out, answered and abandoned, the service level, the
 * average wait and talk, time on hold, transfers, voicemails and callbacks. Pure: the calls
 * in, the rows out (the store reads them, the route serves them).
 */
import { DateTime } from 'luxon';

export type ReportGrouping = 'queue' | 'agent' | 'day';

export interface ReportCall {
  direction: 'inbound' | 'outbound';
  queueId: string | null;
  queueName: string | null;
  agentId: string | null;
  agentName: string | null;
  arrivedAt: Date;
  queuedAt: Date | null;
  answeredAt: Date | null;
  endedAt: Date | null;
  /** held, resumed, transferred, voicemail, callback_requested (others are ignored). */
  events: { kind: string; at: Date }[];
}

export interface CallReportRow {
  key: string;
  label: string | null;
  inbound: number;
  outbound: number;
  answered: number;
  /** Inbound calls that waited in a queue and ended unanswered. */
  abandoned: number;
  /** Answered within the service-level threshold, of answered + abandoned; null with neither. */
  serviceLevel: number | null;
  avgWaitSeconds: number | null;
  avgTalkSeconds: number | null;
  holdSeconds: number;
  holds: number;
  transfers: number;
  voicemails: number;
  callbacks: number;
}

export interface CallReport {
  rows: CallReportRow[];
  total: CallReportRow;
}

interface Tally {
  label: string | null;
  inbound: number;
  outbound: number;
  answered: number;
  abandoned: number;
  withinThreshold: number;
  waits: number[];
  talks: number[];
  holdMs: number;
  holds: number;
  transfers: number;
  voicemails: number;
  callbacks: number;
}

const newTally = (label: string | null): Tally => ({
  label,
  inbound: 0,
  outbound: 0,
  answered: 0,
  abandoned: 0,
  withinThreshold: 0,
  waits: [],
  talks: [],
  holdMs: 0,
  holds: 0,
  transfers: 0,
  voicemails: 0,
  callbacks: 0,
});

const seconds = (from: Date, to: Date) => Math.max(0, (to.getTime() - from.getTime()) / 1000);
const average = (values: number[]) =>
  values.length === 0 ? null : Math.round((values.reduce((a, b) => a + b, 0) / values.length) * 10) / 10;

/** Time on hold: each `held` until the next `resumed`, transfer or the end of the call. */
export function holdTime(events: ReportCall['events'], endedAt: Date | null): { ms: number; holds: number } {
  let ms = 0;
  let holds = 0;
  let since: Date | null = null;
  for (const e of events) {
    if (e.kind === 'held' && !since) {
      since = e.at;
      holds++;
    } else if ((e.kind === 'resumed' || e.kind === 'transferred') && since) {
      ms += e.at.getTime() - since.getTime();
      since = null;
    }
  }
  if (since && endedAt) ms += endedAt.getTime() - since.getTime();
  return { ms: Math.max(0, ms), holds };
}

function groupOf(
  call: ReportCall,
  by: ReportGrouping,
  timeZone: string,
): { key: string; label: string | null } {
  if (by === 'queue') return { key: call.queueId ?? 'none', label: call.queueName };
  if (by === 'agent') return { key: call.agentId ?? 'none', label: call.agentName };
  const day = DateTime.fromJSDate(call.arrivedAt, { zone: timeZone }).toISODate() ?? 'none';
  return { key: day, label: day };
}

function add(t: Tally, call: ReportCall, slSeconds: number): void {
  if (call.direction === 'outbound') t.outbound++;
  else t.inbound++;
  if (call.answeredAt) {
    t.answered++;
    if (call.direction === 'inbound' && call.queuedAt) {
      const wait = seconds(call.queuedAt, call.answeredAt);
      t.waits.push(wait);
      if (wait <= slSeconds) t.withinThreshold++;
    }
    if (call.endedAt) t.talks.push(seconds(call.answeredAt, call.endedAt));
  } else if (call.direction === 'inbound' && call.queuedAt && call.endedAt) {
    t.abandoned++;
  }
  const hold = holdTime(call.events, call.endedAt);
  t.holdMs += hold.ms;
  t.holds += hold.holds;
  for (const e of call.events) {
    if (e.kind === 'transferred') t.transfers++;
    else if (e.kind === 'voicemail') t.voicemails++;
    else if (e.kind === 'callback_requested') t.callbacks++;
  }
}

function toRow(key: string, t: Tally): CallReportRow {
  // Callers who waited in a queue: those answered (with a wait) and those who gave up.
  const offered = t.waits.length + t.abandoned;
  return {
    key,
    label: t.label,
    inbound: t.inbound,
    outbound: t.outbound,
    answered: t.answered,
    abandoned: t.abandoned,
    serviceLevel: offered === 0 ? null : Math.round((t.withinThreshold / offered) * 1000) / 1000,
    avgWaitSeconds: average(t.waits),
    avgTalkSeconds: average(t.talks),
    holdSeconds: Math.round(t.holdMs / 1000),
    holds: t.holds,
    transfers: t.transfers,
    voicemails: t.voicemails,
    callbacks: t.callbacks,
  };
}

/**
 * Sums the calls by queue, agent or day (in the tenant's time zone); `slSeconds` is the
 * service level's threshold (answered within it counts as in time).
 *
 * @example summarizeCalls(calls, { by: 'queue', timeZone: 'Asia/Shanghai', slSeconds: 20 }).total.answered
 */
export function summarizeCalls(
  calls: readonly ReportCall[],
  options: { by: ReportGrouping; timeZone: string; slSeconds: number },
): CallReport {
  const groups = new Map<string, Tally>();
  const total = newTally(null);
  for (const call of calls) {
    const { key, label } = groupOf(call, options.by, options.timeZone);
    let tally = groups.get(key);
    if (!tally) {
      tally = newTally(label);
      groups.set(key, tally);
    }
    add(tally, call, options.slSeconds);
    add(total, call, options.slSeconds);
  }
  const rows = [...groups].map(([key, t]) => toRow(key, t));
  rows.sort((a, b) =>
    options.by === 'day' ? a.key.localeCompare(b.key) : b.inbound + b.outbound - (a.inbound + a.outbound),
  );
  return { rows, total: toRow('total', total) };
}
