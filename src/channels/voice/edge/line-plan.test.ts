import { describe, expect, it } from 'vitest';
import { linePlan } from './line-plan.ts';

describe('linePlan', () => {
  it('connects caller and agent both ways on a plain call', () => {
    const plan = linePlan({ agentConnected: true, held: false, consultConnected: false });
    expect(plan.caller).toBe('agent');
    expect(plan.agent).toBe('caller');
    expect(plan.consult).toBe('silence');
  });

  it('plays music to a held caller and silence to the agent', () => {
    const plan = linePlan({ agentConnected: true, held: true, consultConnected: false });
    expect(plan.caller).toBe('music');
    expect(plan.agent).toBe('silence');
  });

  it('holds the caller while the agent consults a colleague, who hears only the agent', () => {
    const plan = linePlan({ agentConnected: true, held: false, consultConnected: true });
    expect(plan).toMatchObject({ caller: 'music', agent: 'consult', consult: 'agent' });
  });

  it('plays music to a caller waiting again after a blind transfer', () => {
    const plan = linePlan({ agentConnected: false, held: false, consultConnected: false });
    expect(plan.caller).toBe('music');
    expect(plan.listener).toEqual({ caller: true, agent: false });
  });

  it('lets a listening supervisor hear both parties', () => {
    expect(linePlan({ agentConnected: true, held: false, consultConnected: false }).listener).toEqual({
      caller: true,
      agent: true,
    });
  });
});
