/**
 * Who hears whom on a call that an agent has answered: the rules for hold, a consultation
 * before an attended transfer, and a supervisor listening in. Kept apart from the sockets so
 * the rules can be read (and tested) in one place; inbound-call.ts wires the legs to match.
 */

export interface LineState {
  /** An agent is on the call (answered); false while it waits again after a transfer. */
  agentConnected: boolean;
  /** The caller is on hold (from the desktop, or the agent's phone). */
  held: boolean;
  /** The agent is talking to a colleague before handing the call over. */
  consultConnected: boolean;
}

export interface LinePlan {
  /** Music while held or waiting; the agent's voice otherwise. */
  caller: 'agent' | 'music';
  agent: 'caller' | 'consult' | 'silence';
  consult: 'agent' | 'silence';
  /** A listening supervisor hears the call as the parties do: the caller and the agent mixed. */
  listener: { caller: boolean; agent: boolean };
}

/**
 * @example linePlan({ agentConnected: true, held: true, consultConnected: true })
 * // { caller: 'music', agent: 'consult', consult: 'agent', listener: { caller: true, agent: true } }
 */
export function linePlan(state: LineState): LinePlan {
  if (!state.agentConnected)
    return {
      caller: 'music',
      agent: 'silence',
      consult: 'silence',
      listener: { caller: true, agent: false },
    };
  // A consultation always holds the caller: the colleague is told about the caller, not in front of them.
  const held = state.held || state.consultConnected;
  return {
    caller: held ? 'music' : 'agent',
    agent: state.consultConnected ? 'consult' : held ? 'silence' : 'caller',
    consult: state.consultConnected ? 'agent' : 'silence',
    listener: { caller: true, agent: true },
  };
}
