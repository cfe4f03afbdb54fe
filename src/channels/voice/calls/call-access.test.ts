import { describe, expect, it } from 'vitest';
import { mayPlayRecording, seesAllCalls } from './call-access.ts';

describe('call access', () => {
  it.each([
    ['operator_admin', true],
    ['tenant_admin', true],
    ['supervisor', true],
    ['analyst', true],
    ['agent', false],
  ] as const)('%s sees all calls: %s', (role, all) => {
    expect(seesAllCalls(role)).toBe(all);
  });

  it.each([
    [{ userId: 'a', role: 'agent' as const }, ['a'], true],
    [{ userId: 'a', role: 'agent' as const }, ['b'], false],
    [{ userId: 'a', role: 'agent' as const }, [], false],
    [{ userId: 'q', role: 'analyst' as const }, [], true],
  ])('%o plays a recording handled by %o: %s', (user, handledBy, ok) => {
    expect(mayPlayRecording(user, handledBy)).toBe(ok);
  });
});
