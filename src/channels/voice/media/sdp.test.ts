import { describe, expect, it } from 'vitest';
import {
  answerDirection,
  buildSdpAnswer,
  buildSdpOffer,
  chooseCodec,
  parseRemoteSdp,
  SdpError,
} from './sdp.ts';

/** An offer the way a softphone writes one (sipp's default uac offer, plus DTMF). */
const offer = (media: string, extra = '') =>
  `${[
    'v=0',
    'o=user1 53655765 2353687637 IN IP4 192.0.2.10',
    's=-',
    'c=IN IP4 192.0.2.10',
    't=0 0',
    media,
    extra,
  ]
    .filter(Boolean)
    .join('\r\n')}\r\n`;

const local = { address: '198.51.100.7', port: 40000, sessionId: '42' };

describe('buildSdpOffer', () => {
  it('offers PCMU, PCMA and telephone-event 0-16 at 20 ms', () => {
    const sdp = buildSdpOffer({ ...local, sessionVersion: 3 });
    expect(sdp).toContain('o=hotline 42 3 IN IP4 198.51.100.7\r\n');
    expect(sdp).toContain('c=IN IP4 198.51.100.7\r\n');
    expect(sdp).toContain('m=audio 40000 RTP/AVP 0 8 101\r\n');
    expect(sdp).toContain('a=rtpmap:0 PCMU/8000\r\n');
    expect(sdp).toContain('a=rtpmap:8 PCMA/8000\r\n');
    expect(sdp).toContain('a=rtpmap:101 telephone-event/8000\r\n');
    expect(sdp).toContain('a=fmtp:101 0-16\r\n');
    expect(sdp).toContain('a=ptime:20\r\n');
    expect(sdp).toContain('a=sendrecv\r\n');
  });

  it('offers hold as sendonly, and parses back what it wrote', () => {
    const remote = parseRemoteSdp(buildSdpOffer({ ...local, codecs: ['PCMA'], direction: 'sendonly' }));
    expect(remote).toMatchObject({
      address: '198.51.100.7',
      port: 40000,
      direction: 'sendonly',
      onHold: true,
      ptime: 20,
      telephoneEventPayloadType: 101,
    });
    expect(remote.codecs.map((c) => c.name)).toEqual(['PCMA', 'TELEPHONE-EVENT']);
  });
});

describe('parseRemoteSdp', () => {
  it('reads static payload types without rtpmap lines and the session-level connection', () => {
    const remote = parseRemoteSdp(offer('m=audio 6000 RTP/AVP 8 0'));
    expect(remote).toMatchObject({ address: '192.0.2.10', port: 6000, direction: 'sendrecv', onHold: false });
    expect(remote.codecs.map((c) => [c.payloadType, c.name])).toEqual([
      [8, 'PCMA'],
      [0, 'PCMU'],
    ]);
    expect(remote.ptime).toBeNull();
    expect(remote.telephoneEventPayloadType).toBeNull();
  });

  it('prefers the media-level connection and sees the old c=0.0.0.0 hold', () => {
    const remote = parseRemoteSdp(offer('m=audio 6000 RTP/AVP 0\r\nc=IN IP4 0.0.0.0'));
    expect(remote.address).toBe('0.0.0.0');
    expect(remote.onHold).toBe(true);
  });

  it.each([
    ['malformed', 'hello'],
    ['malformed', ''],
    ['no-audio', offer('m=video 6000 RTP/AVP 96')],
    ['no-audio', offer('m=audio 0 RTP/AVP 0')],
    ['no-audio', offer('m=audio 6000 RTP/SAVP 0')],
    ['malformed', 'v=0\r\nm=audio 6000 RTP/AVP 0\r\n'],
  ])('rejects an unusable description (%s)', (code, text) => {
    expect(() => parseRemoteSdp(text)).toThrow(expect.objectContaining({ name: 'SdpError', code }));
  });
});

describe('buildSdpAnswer', () => {
  it("answers a PCMA-only offer with PCMA and the offerer's telephone-event payload type", () => {
    const answer = buildSdpAnswer(
      offer(
        'm=audio 6000 RTP/AVP 8 96',
        'a=rtpmap:8 PCMA/8000\r\na=rtpmap:96 telephone-event/8000\r\na=fmtp:96 0-15',
      ),
      local,
    );
    expect(answer).toMatchObject({ codec: 'PCMA', payloadType: 8, telephoneEventPayloadType: 96 });
    expect(answer.remote).toMatchObject({ address: '192.0.2.10', port: 6000 });
    expect(answer.sdp).toContain('m=audio 40000 RTP/AVP 8 96\r\n');
    expect(answer.sdp).toContain('a=rtpmap:96 telephone-event/8000\r\n');
    expect(answer.sdp).toContain('a=fmtp:96 0-15\r\n');
    expect(answer.sdp).not.toContain('PCMU');
  });

  it("picks the offerer's first common codec and leaves out telephone-event when not offered", () => {
    const answer = buildSdpAnswer(offer('m=audio 6000 RTP/AVP 18 0 8', 'a=rtpmap:18 G729/8000'), local);
    expect(answer.codec).toBe('PCMU');
    expect(answer.sdp).toContain('m=audio 40000 RTP/AVP 0\r\n');
    expect(answer.sdp).not.toContain('telephone-event');
  });

  it('rejects an offer with no codec in common (the SIP layer answers 488)', () => {
    const text = offer('m=audio 6000 RTP/AVP 18 9', 'a=rtpmap:18 G729/8000\r\na=rtpmap:9 G722/8000');
    expect(() => buildSdpAnswer(text, local)).toThrow(SdpError);
    expect(() => buildSdpAnswer(text, local)).toThrow(expect.objectContaining({ code: 'no-common-codec' }));
    expect(() => buildSdpAnswer(offer('m=audio 6000 RTP/AVP 0 8'), { ...local, codecs: [] })).toThrow(
      expect.objectContaining({ code: 'no-common-codec' }),
    );
  });

  it('declines a video stream with port 0, keeping one m= line per offered stream', () => {
    const answer = buildSdpAnswer(
      offer('m=video 7000 RTP/AVP 96\r\na=rtpmap:96 H264/90000\r\nm=audio 6000 RTP/AVP 0'),
      local,
    );
    const lines = answer.sdp.split('\r\n').filter((l) => l.startsWith('m='));
    expect(lines).toEqual(['m=video 0 RTP/AVP 96', 'm=audio 40000 RTP/AVP 0']);
  });

  it('answers hold with the matching direction', () => {
    expect(buildSdpAnswer(offer('m=audio 6000 RTP/AVP 0', 'a=sendonly'), local).sdp).toContain(
      'a=recvonly\r\n',
    );
    expect(buildSdpAnswer(offer('m=audio 6000 RTP/AVP 0', 'a=inactive'), local).sdp).toContain(
      'a=inactive\r\n',
    );
  });
});

describe('directions and codec choice', () => {
  it.each([
    ['sendrecv', 'sendrecv', 'sendrecv'],
    ['sendonly', 'sendrecv', 'recvonly'],
    ['recvonly', 'sendrecv', 'sendonly'],
    ['inactive', 'sendrecv', 'inactive'],
    ['sendrecv', 'sendonly', 'sendonly'],
    ['sendonly', 'sendonly', 'inactive'],
  ] as const)('remote %s, local %s → %s', (remote, localDirection, expected) => {
    expect(answerDirection(remote, localDirection)).toBe(expected);
  });

  it('ignores a G.711 name at another clock rate', () => {
    const remote = parseRemoteSdp(offer('m=audio 6000 RTP/AVP 97', 'a=rtpmap:97 PCMU/16000'));
    expect(chooseCodec(remote)).toBeNull();
  });
});
