import { describe, expect, it } from 'vitest';
import type { Role } from '../db/schema.ts';
import { audienceKeyOf, audienceKeys, mayReceive } from './event-audience.ts';

describe('mayReceive', () => {
  it.each<{ name: string; role: Role; payload: Record<string, unknown>; want: boolean }>([
    { name: 'an agent: an offer to them', role: 'agent', payload: { agentId: 'me' }, want: true },
    { name: 'an agent: an offer to someone else', role: 'agent', payload: { agentId: 'other' }, want: false },
    {
      name: 'an agent: a transfer away from them',
      role: 'agent',
      payload: { previousAgentId: 'me', queueId: 'q' },
      want: true,
    },
    { name: 'an agent: a new interaction in a queue', role: 'agent', payload: { queueId: 'q' }, want: false },
    { name: 'an agent: a customer event', role: 'agent', payload: { from: 'contact' }, want: false },
    { name: 'a supervisor: anything', role: 'supervisor', payload: { agentId: 'other' }, want: true },
    { name: 'an admin: anything', role: 'tenant_admin', payload: {}, want: true },
    { name: 'an analyst: anything (the wallboard)', role: 'analyst', payload: {}, want: true },
  ])('$name', ({ role, payload, want }) => {
    const user = { userId: 'me', role };
    expect(mayReceive(user, { type: 'x.y', payload })).toBe(want);
    // The hub's shortcut agrees: a keyed client is handed exactly what it may receive.
    const key = audienceKeyOf(user);
    if (key !== undefined) expect(audienceKeys({ payload }).includes(key)).toBe(want);
  });

  it('addresses an event once to an agent named twice', () => {
    expect(audienceKeys({ payload: { agentId: 'a', previousAgentId: 'a' } })).toEqual(['a']);
    expect(audienceKeys({ payload: { agentId: null, previousAgentId: 'b' } })).toEqual(['b']);
  });
});
