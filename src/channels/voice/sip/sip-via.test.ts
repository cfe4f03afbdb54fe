import { describe, expect, it } from 'vitest';
import { SipParseError } from './sip-parse-error.ts';
import { formatVia, parseVia, stampVia } from './sip-via.ts';

describe('parseVia', () => {
  it.each([
    [
      'SIP/2.0/UDP 192.0.2.7:5060;branch=z9hG4bK776;rport',
      {
        transport: 'UDP',
        host: '192.0.2.7',
        port: 5060,
        branch: 'z9hG4bK776',
        rport: 'requested',
        received: null,
      },
    ],
    [
      'SIP/2.0/tcp PBX.example.cn;branch=z9hG4bKx;received=198.51.100.4;rport=40111',
      { transport: 'TCP', host: 'pbx.example.cn', port: null, received: '198.51.100.4', rport: 40111 },
    ],
    [
      'SIP / 2.0 / TLS [2001:db8::9]:5061 ; branch = z9hG4bKy',
      { transport: 'TLS', host: '[2001:db8::9]', port: 5061, branch: 'z9hG4bKy' },
    ],
    [
      'SIP/2.0/WSS df7jal23ls0d.invalid;branch=z9hG4bK56sdasks',
      { transport: 'WSS', host: 'df7jal23ls0d.invalid' },
    ],
    ['SIP/2.0/UDP h;received=2001:db8::1;maddr=239.1.1.1;ttl=16', { received: '2001:db8::1' }],
    ['SIP/2.0/UDP h;received=[2001:db8::1]', { received: '[2001:db8::1]' }],
    ['SIP/2.0/UDP h', { branch: null, rport: null }],
  ])('%s', (text, expected) => {
    expect(parseVia(text)).toMatchObject({ protocol: 'SIP', version: '2.0', ...expected });
  });

  it.each([
    ['', 'bad Via sent-protocol'],
    ['SIP/2.0 h', 'bad Via sent-protocol'],
    ['SIP/2.0/UDP', 'bad Via sent-protocol'],
    ['SIP/2.0/UDP h:0', 'bad Via port'],
    ['SIP/2.0/UDP h:99999', 'bad Via port'],
    ['SIP/2.0/UDP [zz::1]', 'bad Via sent-by'],
    ['SIP/2.0/UDP [1::2::3]', 'bad Via IPv6 sent-by'],
    ['SIP/2.0/UDP h@x', 'bad Via sent-by'],
    ['SIP/2.0/UDP h;branch=a"b', 'unterminated quoted string'],
    ['SIP/2.0/UDP h;branch=a"b"', 'bad value for parameter branch'],
    ['SIP/2.0/UDP h;branch="quoted"', 'bad Via branch'],
    ['SIP/2.0/UDP h;rport=abc', 'bad Via port'],
    ['SIP/2.0/UDP h;received', 'bad Via received'],
    ['SIP/2.0/UDP h;branch=1;branch=2', 'duplicate parameter branch'],
  ])('rejects %j', (text, reason) => {
    expect(() => parseVia(text)).toThrow(new SipParseError(reason));
  });

  it('formats back to a Via that parses the same', () => {
    const via = parseVia('SIP / 2.0 / udp 192.0.2.7:5060 ; branch=z9hG4bK776 ; rport');
    expect(formatVia(via)).toBe('SIP/2.0/UDP 192.0.2.7:5060;branch=z9hG4bK776;rport');
    expect(parseVia(formatVia(via))).toEqual(via);
  });
});

describe('stampVia (RFC 3261 §18.2.1, RFC 3581)', () => {
  it('fills rport and always adds received when rport was asked for', () => {
    const via = stampVia(parseVia('SIP/2.0/UDP 10.0.0.5:5060;branch=z9hG4bK1;rport'), '203.0.113.9', 40112);
    expect(formatVia(via)).toBe('SIP/2.0/UDP 10.0.0.5:5060;branch=z9hG4bK1;rport=40112;received=203.0.113.9');
    const same = stampVia(parseVia('SIP/2.0/UDP 10.0.0.5;rport'), '10.0.0.5', 5060);
    expect(same).toMatchObject({ rport: 5060, received: '10.0.0.5' });
  });

  it('adds received only when sent-by is not where the packet came from', () => {
    expect(
      stampVia(parseVia('SIP/2.0/UDP 10.0.0.5:5060;branch=z9hG4bK1'), '10.0.0.5', 5060).received,
    ).toBeNull();
    expect(stampVia(parseVia('SIP/2.0/UDP phone.local;branch=z9hG4bK1'), '10.0.0.5', 5060).received).toBe(
      '10.0.0.5',
    );
    expect(
      stampVia(parseVia('SIP/2.0/UDP [2001:db8::5];branch=z9hG4bK1'), '2001:db8::5', 5060).received,
    ).toBeNull();
    expect(stampVia(parseVia('SIP/2.0/UDP [2001:db8::5]'), '2001:db8::6', 5060).received).toBe('2001:db8::6');
  });
});
