/**
 * Where a call in progress stands, read from its events (voice_call_events): whether the caller
 * is on hold, whether the agent is consulting a colleague, and who listens in. The edge writes
 * the events as things happen; the desktop and the control API read this to know what the
 * agent may do next. Pure: the events in, the state out.
 */

export interface CallEventLike {
  kind: string;
  agent_id: string | null;
}

export interface LiveCallState {
  onHold: boolean;
  /** The colleague the agent called before an attended transfer; `answered` once they picked up. */
  consult: { agentId: string; answered: boolean } | null;
  /** Supervisors listening in now. */
  listeners: string[];
  transfers: number;
}

/**
 * @example liveCallState([{ kind: 'answered', agent_id: 'a' }, { kind: 'held', agent_id: 'a' }])
 * // { onHold: true, consult: null, listeners: [], transfers: 0 }
 */
export function liveCallState(events: readonly CallEventLike[]): LiveCallState {
  let onHold = false;
  let consult: LiveCallState['consult'] = null;
  const listeners = new Set<string>();
  let transfers = 0;
  for (const e of events) {
    switch (e.kind) {
      case 'held':
        onHold = true;
        break;
      case 'resumed':
        onHold = false;
        break;
      case 'consult_started':
        if (e.agent_id) consult = { agentId: e.agent_id, answered: false };
        break;
      case 'consult_answered':
        if (consult && consult.agentId === e.agent_id) consult = { agentId: consult.agentId, answered: true };
        break;
      case 'consult_failed':
      case 'consult_ended':
        if (consult?.agentId === e.agent_id) consult = null;
        break;
      case 'transferred':
        // A transfer takes the call off hold: the next agent starts a fresh conversation.
        transfers++;
        onHold = false;
        consult = null;
        break;
      case 'listen_started':
        if (e.agent_id) listeners.add(e.agent_id);
        break;
      case 'listen_ended':
        if (e.agent_id) listeners.delete(e.agent_id);
        break;
      case 'ended':
        onHold = false;
        consult = null;
        listeners.clear();
        break;
    }
  }
  return { onHold, consult, listeners: [...listeners], transfers };
}
