import { maskPhone } from '../../../customers/contact-value.ts';
import { liveCallState } from './call-live-state.ts';
import type { CallEventRow, CallRow } from './voice-calls.store.ts';

/** A call as the API shows it: its stage times, how it ended, its IVR path and recording. */
export interface CallView {
  id: string;
  interactionId: string | null;
  customerId: string | null;
  direction: 'inbound' | 'outbound';
  fromNumber: string | null;
  toNumber: string | null;
  agent: { id: string; name: string | null } | null;
  arrivedAt: string;
  ivrAt: string | null;
  queuedAt: string | null;
  offeredAt: string | null;
  answeredAt: string | null;
  endedAt: string | null;
  endedBy: 'caller' | 'agent' | 'system' | null;
  endReason: string | null;
  /** Answer to hang-up, in seconds; null when never answered or still talking. */
  talkSeconds: number | null;
  /** Arrival to hang-up, in seconds; null while the call is on. */
  durationSeconds: number | null;
  /** The keys the caller chose in the IVR, e.g. ['2', '1']. */
  ivrPath: string[];
  recording: { id: string; durationMs: number; bytes: number; url: string } | null;
  /** The caller is on hold now. */
  onHold: boolean;
  /** The colleague the agent is consulting before an attended transfer. */
  consult: { agentId: string; answered: boolean } | null;
  /** Supervisors listening in now. */
  listeners: string[];
  transfers: number;
}

export interface CallEventView {
  kind: string;
  at: string;
  agentId: string | null;
  detail: Record<string, unknown>;
}

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);
const seconds = (from: Date | null, to: Date | null) =>
  from && to ? Math.max(0, Math.round((new Date(to).getTime() - new Date(from).getTime()) / 1000)) : null;

/** The customer's number on this call: the caller on an inbound call, the dialled one outbound. */
function customerNumber(row: CallRow): string | null {
  return row.direction === 'inbound' ? row.from_number : row.to_number;
}

function ivrPathOf(events: CallEventRow[]): string[] {
  const done = events.filter((e) => e.kind === 'ivr_done').at(-1);
  const path = (done?.detail as { path?: unknown } | undefined)?.path;
  return Array.isArray(path) ? path.map(String) : [];
}

/**
 * One call row and its events as the API shows them. The customer's number is masked
 * unless `fullPhones`; the hotline's own number is not personal and shows as it is.
 * `withRecording` false hides the recording from a viewer who may not play it.
 */
export function callToView(
  row: CallRow,
  events: CallEventRow[],
  fullPhones: boolean,
  withRecording = true,
): CallView {
  const customer = customerNumber(row);
  const shown = (n: string | null) => (n && n === customer && !fullPhones ? maskPhone(n) : n);
  return {
    id: row.id,
    interactionId: row.interaction_id,
    customerId: row.customer_id,
    direction: row.direction,
    fromNumber: shown(row.from_number),
    toNumber: shown(row.to_number),
    agent: row.agent_id ? { id: row.agent_id, name: row.agent_name } : null,
    arrivedAt: iso(row.arrived_at)!,
    ivrAt: iso(row.ivr_at),
    queuedAt: iso(row.queued_at),
    offeredAt: iso(row.offered_at),
    answeredAt: iso(row.answered_at),
    endedAt: iso(row.ended_at),
    endedBy: row.ended_by,
    endReason: row.end_reason,
    talkSeconds: seconds(row.answered_at, row.ended_at),
    durationSeconds: seconds(row.arrived_at, row.ended_at),
    ivrPath: ivrPathOf(events),
    recording:
      row.recording_id && withRecording
        ? {
            id: row.recording_id,
            durationMs: row.recording_duration_ms ?? 0,
            bytes: Number(row.recording_bytes ?? 0),
            url: `/api/v1/voice/recordings/${row.recording_id}/audio`,
          }
        : null,
    ...liveCallState(events),
  };
}

/** The call's events, with the customer's number masked wherever it appears unless `fullPhones`. */
export function eventsToView(row: CallRow, events: CallEventRow[], fullPhones: boolean): CallEventView[] {
  const customer = customerNumber(row);
  return events.map((e) => {
    const detail = { ...((e.detail ?? {}) as Record<string, unknown>) };
    if (!fullPhones && customer)
      for (const [key, value] of Object.entries(detail))
        if (isSameNumber(value, customer)) detail[key] = maskPhone(value as string);
    return { kind: e.kind, at: new Date(e.at).toISOString(), agentId: e.agent_id, detail };
  });
}

/** The customer's number however an event wrote it: with or without '+', a country code, spaces. */
function isSameNumber(value: unknown, customer: string): boolean {
  if (typeof value !== 'string' || !/^\+?[0-9 ()-]{5,}$/.test(value)) return false;
  const a = value.replace(/\D/g, '');
  const b = customer.replace(/\D/g, '');
  return a.length >= 5 && b.length >= 5 && (a.endsWith(b) || b.endsWith(a));
}
