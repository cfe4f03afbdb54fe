/**
 * Where and how to send a party's audio, read from the SDP answer of a leg we called (an
 * agent's phone, the trunk): its address and port, the G.711 codec both sides have, and its
 * telephone-event payload type. One reading for every leg, so they agree on what "no common
 * codec" means.
 */
import { chooseCodec, parseRemoteSdp, SdpError } from '../media/sdp.ts';
import type { RemoteMedia } from './rtp-leg.ts';

/**
 * @throws SdpError when the SDP cannot be read or offers neither PCMU nor PCMA
 * @example remoteMediaOf(answer).codec // 'PCMU'
 */
export function remoteMediaOf(sdp: string, who = 'the far end'): RemoteMedia {
  const remote = parseRemoteSdp(sdp);
  const codec = chooseCodec(remote);
  if (!codec) throw new SdpError('no-common-codec', `${who} answered without G.711`);
  return {
    address: remote.address,
    port: remote.port,
    codec: codec.codec,
    payloadType: codec.payloadType,
    telephoneEventPayloadType: remote.telephoneEventPayloadType,
  };
}
