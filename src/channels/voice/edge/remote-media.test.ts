import { describe, expect, it } from 'vitest';
import { SdpError } from '../media/sdp.ts';
import { remoteMediaOf } from './remote-media.ts';

const answer = (formats: string, maps: string[]) =>
  [
    'v=0',
    'o=phone 1 1 IN IP4 192.0.2.10',
    's=-',
    'c=IN IP4 192.0.2.10',
    't=0 0',
    `m=audio 40000 RTP/AVP ${formats}`,
    ...maps,
    '',
  ].join('\r\n');

describe('remoteMediaOf', () => {
  it('reads the address, port, G.711 codec and telephone-event type', () => {
    const media = remoteMediaOf(
      answer('8 101', ['a=rtpmap:8 PCMA/8000', 'a=rtpmap:101 telephone-event/8000']),
    );
    expect(media).toEqual({
      address: '192.0.2.10',
      port: 40000,
      codec: 'PCMA',
      payloadType: 8,
      telephoneEventPayloadType: 101,
    });
  });

  it('refuses an answer without G.711, naming who sent it', () => {
    expect(() => remoteMediaOf(answer('18', ['a=rtpmap:18 G729/8000']), 'the trunk')).toThrow(
      new SdpError('no-common-codec', 'the trunk answered without G.711'),
    );
  });
});
