/** A call detail record as GET /api/v1/voice/calls returns it (numbers masked by role). */
export interface VoiceCall {
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
  talkSeconds: number | null;
  durationSeconds: number | null;
  ivrPath: string[];
  recording: { id: string; durationMs: number; bytes: number; url: string } | null;
  onHold: boolean;
  /** The colleague the agent consults before an attended transfer. */
  consult: { agentId: string; answered: boolean } | null;
  /** Supervisors listening in now. */
  listeners: string[];
  transfers: number;
}

/** The customer's side of the call: the caller inbound, the dialled number outbound. */
export function customerNumber(call: VoiceCall): string | null {
  return call.direction === 'inbound' ? call.fromNumber : call.toNumber;
}

/** Where the call stands: ringing the agent, talking, on hold, or over. */
export function callState(call: VoiceCall): 'waiting' | 'talking' | 'held' | 'ended' {
  if (call.endedAt) return 'ended';
  if (!call.answeredAt) return 'waiting';
  return call.onHold ? 'held' : 'talking';
}
