import { describe, expect, it } from 'vitest';
import { liveCallState } from './call-live-state.ts';

const e = (kind: string, agent_id: string | null = 'agent-a') => ({ kind, agent_id });

describe('liveCallState', () => {
  it('follows hold and resume', () => {
    expect(liveCallState([e('answered'), e('held')]).onHold).toBe(true);
    expect(liveCallState([e('answered'), e('held'), e('resumed')]).onHold).toBe(false);
  });

  it('tracks a consultation from ringing to answered to ended', () => {
    const started = [e('answered'), e('held'), e('consult_started', 'b')];
    expect(liveCallState(started).consult).toEqual({ agentId: 'b', answered: false });
    expect(liveCallState([...started, e('consult_answered', 'b')]).consult).toEqual({
      agentId: 'b',
      answered: true,
    });
    expect(
      liveCallState([...started, e('consult_answered', 'b'), e('consult_ended', 'b')]).consult,
    ).toBeNull();
    expect(liveCallState([...started, e('consult_failed', 'b')]).consult).toBeNull();
  });

  it('clears hold and the consultation on a transfer, and counts transfers', () => {
    const state = liveCallState([
      e('answered'),
      e('held'),
      e('consult_started', 'b'),
      e('consult_answered', 'b'),
      e('transferred'),
      e('answered', 'b'),
    ]);
    expect(state).toMatchObject({ onHold: false, consult: null, transfers: 1 });
  });

  it('lists the supervisors listening in now', () => {
    const state = liveCallState([
      e('answered'),
      e('listen_started', 's1'),
      e('listen_started', 's2'),
      e('listen_ended', 's1'),
    ]);
    expect(state.listeners).toEqual(['s2']);
    expect(liveCallState([e('listen_started', 's1'), e('ended', null)]).listeners).toEqual([]);
  });
});
