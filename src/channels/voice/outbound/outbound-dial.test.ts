import { describe, expect, it } from 'vitest';
import { dialUser, refusalOf, trunkRequestUri } from './outbound-dial.ts';
import { busyTone, cadencedTone } from './outbound-tones.ts';

describe('outbound dialling', () => {
  it.each([
    [
      '+8613912345678',
      { host: '10.0.0.5', port: 5060, transport: 'udp' },
      'sip:+8613912345678@10.0.0.5:5060',
    ],
    [
      '+442071234567',
      { host: 'trunk.example', port: 5080, transport: 'tcp' },
      'sip:+442071234567@trunk.example:5080;transport=tcp',
    ],
    ['+8613912345678', { host: '::1', port: 5060, transport: 'udp' }, 'sip:+8613912345678@[::1]:5060'],
  ] as const)('dials %s at %o as %s', (number, trunk, uri) => {
    expect(trunkRequestUri(number, trunk)).toBe(uri);
  });

  it('keeps only digits and a leading plus in the user part', () => {
    expect(dialUser(' +86 139-1234-5678 ')).toBe('+8613912345678');
    expect(dialUser('4008001234')).toBe('4008001234');
  });

  it.each([
    [486, 'busy'],
    [600, 'busy'],
    [408, 'no_answer'],
    [480, 'no_answer'],
    [487, 'no_answer'],
    [603, 'declined'],
    [404, 'invalid_number'],
    [484, 'invalid_number'],
    [503, 'unavailable'],
    [403, 'unavailable'],
  ] as const)('reads a %i as %s', (status, refusal) => {
    expect(refusalOf(status)).toBe(refusal);
  });

  it('plays the tones on their cadence', () => {
    const ring = cadencedTone(5, [1, 4]);
    expect(ring.length).toBe(40_000);
    expect(ring.subarray(0, 8000).some((s) => s !== 0)).toBe(true);
    expect(ring.subarray(8000).every((s) => s === 0)).toBe(true);
    const busy = busyTone();
    expect(busy.length).toBe(16_800);
    expect(busy.subarray(2800, 5600).every((s) => s === 0)).toBe(true);
  });
});
