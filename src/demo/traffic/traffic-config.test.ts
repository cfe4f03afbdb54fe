import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../kernel/config.ts';

/** HOTLINE_DEMO_TRAFFIC and HOTLINE_DEMO_TRAFFIC_MIX as loadConfig reads them. */
describe('demo traffic settings', () => {
  const traffic = (env: Record<string, string>) => loadConfig(env).demoTraffic;

  it('is off unless a rate is given, with the default mix', () => {
    expect(traffic({})).toEqual({ perMinute: 0, mix: { calls: 2, chats: 2, emails: 1 }, agents: 0 });
    expect(traffic({ HOTLINE_DEMO_TRAFFIC_AGENTS: '3' }).agents).toBe(3);
    expect(traffic({ HOTLINE_DEMO_TRAFFIC: '0' }).perMinute).toBe(0);
    expect(traffic({ HOTLINE_DEMO_TRAFFIC: ' 6 ' }).perMinute).toBe(6);
    expect(traffic({ HOTLINE_DEMO_TRAFFIC: '0.5' }).perMinute).toBe(0.5);
  });

  it('takes a mix, and a channel left out gets nothing', () => {
    expect(traffic({ HOTLINE_DEMO_TRAFFIC_MIX: 'calls:3, emails:1' }).mix).toEqual({
      calls: 3,
      chats: 0,
      emails: 1,
    });
  });

  it('refuses bad values with a message that says what is wanted', () => {
    for (const bad of ['fast', '-1', '601', 'Infinity'])
      expect(() => traffic({ HOTLINE_DEMO_TRAFFIC: bad })).toThrow(
        /HOTLINE_DEMO_TRAFFIC must be contacts per minute/,
      );
    for (const [mix, why] of [
      ['calls=2', /"calls=2" is not channel:weight/],
      ['calls:1,faxes:2', /"faxes:2" is not channel:weight/],
      ['calls:1,calls:2', /calls given twice/],
      ['calls:0,chats:0', /every weight is 0/],
      ['chats:101', /more than 100/],
    ] as const)
      expect(() => traffic({ HOTLINE_DEMO_TRAFFIC_MIX: mix })).toThrow(why);
    expect(() => traffic({ HOTLINE_DEMO_TRAFFIC_AGENTS: '20' })).toThrow(
      /HOTLINE_DEMO_TRAFFIC_AGENTS must be 0 to 19/,
    );
    expect(() => traffic({ HOTLINE_DEMO_TRAFFIC_AGENTS: 'two' })).toThrow(/non-negative integer/);
  });
});
