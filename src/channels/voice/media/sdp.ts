import type { MediaDescription, SessionDescription } from 'sdp-transform';
import * as sdpTransform from 'sdp-transform';
import { G711_PAYLOAD_TYPES, type G711Codec } from './g711.ts';

/**
 * SDP for the voice edge's audio (RFC 4566, offer/answer per RFC 3264): one RTP/AVP audio
 * stream with G.711 (PCMU, PCMA) and RFC 4733 telephone-events for DTMF. Parsing reads
 * what the media layer needs from the far end's SDP (where to send, which codecs in which
 * order, packet time, and the direction that says "on hold"). An offer we cannot serve is
 * an {@link SdpError}; the SIP layer answers it with 488 Not Acceptable Here.
 *
 * @example
 * const offer = buildSdpOffer({ address: '10.0.0.5', port: 40000, sessionId: '1' });
 * const { sdp, codec } = buildSdpAnswer(remoteOfferText, { address, port, sessionId });
 */

export type MediaDirection = 'sendrecv' | 'sendonly' | 'recvonly' | 'inactive';

export const DEFAULT_TELEPHONE_EVENT_PAYLOAD_TYPE = 101;
const TELEPHONE_EVENT_EVENTS = '0-16';
const AUDIO_PROFILE = 'RTP/AVP';

export type SdpErrorCode = 'malformed' | 'no-audio' | 'no-common-codec';

export class SdpError extends Error {
  override readonly name = 'SdpError';
  constructor(
    readonly code: SdpErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export interface LocalMedia {
  /** The address RTP should be sent to (ours). */
  address: string;
  port: number;
  /** The o= session id: stable for the dialog. */
  sessionId: string;
  /** The o= version: one more for every new offer or answer within the dialog. */
  sessionVersion?: number;
  /** Codecs we accept, most preferred first. */
  codecs?: G711Codec[];
  telephoneEventPayloadType?: number;
  ptime?: number;
  direction?: MediaDirection;
}

export interface RemoteCodec {
  payloadType: number;
  /** Upper case encoding name ('PCMU', 'TELEPHONE-EVENT', …). */
  name: string;
  clockRate: number;
}

export interface RemoteAudio {
  address: string;
  port: number;
  /** Every format of the audio stream, in the sender's order of preference. */
  codecs: RemoteCodec[];
  telephoneEventPayloadType: number | null;
  /** The events the far end takes (its fmtp, e.g. '0-15'); null when it gave none. */
  telephoneEvents: string | null;
  ptime: number | null;
  direction: MediaDirection;
  /** The far end put the call on hold (sendonly, inactive, or the old c=0.0.0.0 form). */
  onHold: boolean;
  /** Which m= line of the description this is. */
  mediaIndex: number;
}

const STATIC_PAYLOAD_TYPES: Record<number, RemoteCodec> = {
  [G711_PAYLOAD_TYPES.PCMU]: { payloadType: 0, name: 'PCMU', clockRate: 8000 },
  [G711_PAYLOAD_TYPES.PCMA]: { payloadType: 8, name: 'PCMA', clockRate: 8000 },
};

export function buildSdpOffer(local: LocalMedia): string {
  const codecs = local.codecs ?? ['PCMU', 'PCMA'];
  return writeSdp(
    local,
    codecs.map((name) => ({ name, payloadType: G711_PAYLOAD_TYPES[name] })),
    local.telephoneEventPayloadType ?? DEFAULT_TELEPHONE_EVENT_PAYLOAD_TYPE,
    local.direction ?? 'sendrecv',
  );
}

/** Reads the first usable audio stream of a remote offer or answer. */
export function parseRemoteSdp(text: string): RemoteAudio {
  const session = parseSession(text);
  const index = session.media.findIndex(isUsableAudio);
  if (index < 0) throw new SdpError('no-audio', 'the SDP has no RTP/AVP audio stream we can use');
  return readAudio(session, index);
}

/**
 * The codec to use with a remote party: the first of its formats (its preference, as
 * RFC 3264 §6.1 suggests the answerer honour) that we support.
 */
export function chooseCodec(
  remote: RemoteAudio,
  supported: readonly G711Codec[] = ['PCMU', 'PCMA'],
): { codec: G711Codec; payloadType: number } | null {
  for (const c of remote.codecs) {
    const name = supported.find((s) => s === c.name);
    if (name && c.clockRate === 8000) return { codec: name, payloadType: c.payloadType };
  }
  return null;
}

/** Our direction in an answer: we send only if they receive, and receive only if they send. */
export function answerDirection(remote: MediaDirection, local: MediaDirection = 'sendrecv'): MediaDirection {
  const weSend = sends(local) && receives(remote);
  const weReceive = receives(local) && sends(remote);
  return weSend && weReceive ? 'sendrecv' : weSend ? 'sendonly' : weReceive ? 'recvonly' : 'inactive';
}

export interface SdpAnswer {
  sdp: string;
  codec: G711Codec;
  payloadType: number;
  telephoneEventPayloadType: number | null;
  remote: RemoteAudio;
}

/**
 * Answers a remote offer with one codec (and telephone-event when offered, under the
 * offerer's payload type). Streams we do not take (video, a second audio, SRTP) are
 * declined with port 0, since an answer must have as many m= lines as the offer.
 */
export function buildSdpAnswer(offerText: string, local: LocalMedia): SdpAnswer {
  const session = parseSession(offerText);
  const index = session.media.findIndex(isUsableAudio);
  if (index < 0) throw new SdpError('no-audio', 'the offer has no RTP/AVP audio stream we can use');
  const remote = readAudio(session, index);
  const chosen = chooseCodec(remote, local.codecs ?? ['PCMU', 'PCMA']);
  if (!chosen) {
    const offered = remote.codecs.map((c) => c.name).join(', ') || 'none';
    throw new SdpError('no-common-codec', `no codec in common (offered: ${offered})`);
  }
  const direction = answerDirection(remote.direction, local.direction ?? 'sendrecv');
  const answer = describe(
    local,
    [{ name: chosen.codec, payloadType: chosen.payloadType }],
    remote.telephoneEventPayloadType,
    direction,
    // Echo the offerer's event list: the detector handles all 16 keys and flash anyway.
    remote.telephoneEvents ?? TELEPHONE_EVENT_EVENTS,
  );
  answer.media = session.media.map((m, i) =>
    i === index
      ? answer.media[0]!
      : { type: m.type, port: 0, protocol: m.protocol, payloads: m.payloads ?? '0', rtp: [], fmtp: [] },
  );
  return {
    sdp: sdpTransform.write(answer),
    codec: chosen.codec,
    payloadType: chosen.payloadType,
    telephoneEventPayloadType: remote.telephoneEventPayloadType,
    remote,
  };
}

function parseSession(text: string): SessionDescription {
  // sdp-transform skips lines it does not know instead of failing, so the checks are ours.
  if (typeof text !== 'string' || !/^v=0\s*$/m.test(text) || !/^m=/m.test(text)) {
    throw new SdpError('malformed', 'not an SDP session description');
  }
  let session: SessionDescription;
  try {
    session = sdpTransform.parse(text);
  } catch (err) {
    throw new SdpError('malformed', `the SDP cannot be parsed: ${(err as Error).message}`);
  }
  if (!Array.isArray(session.media)) throw new SdpError('malformed', 'the SDP has no media');
  return session;
}

function isUsableAudio(m: MediaDescription): boolean {
  return m.type === 'audio' && m.protocol === AUDIO_PROFILE && Number.isInteger(m.port) && m.port > 0;
}

function readAudio(session: SessionDescription, index: number): RemoteAudio {
  const m = session.media[index]!;
  const address = m.connection?.ip ?? session.connection?.ip;
  if (!address) throw new SdpError('malformed', 'the audio stream has no connection address');
  if (m.port > 65535) throw new SdpError('malformed', `port ${m.port} is out of range`);
  const rtpmap = new Map((m.rtp ?? []).map((r) => [r.payload, r]));
  const codecs: RemoteCodec[] = [];
  for (const token of String(m.payloads ?? '')
    .trim()
    .split(/\s+/)) {
    const pt = Number(token);
    if (!/^\d+$/.test(token) || pt > 127) continue;
    const mapped = rtpmap.get(pt);
    if (mapped)
      codecs.push({ payloadType: pt, name: mapped.codec.toUpperCase(), clockRate: mapped.rate ?? 8000 });
    else if (STATIC_PAYLOAD_TYPES[pt]) codecs.push(STATIC_PAYLOAD_TYPES[pt]);
  }
  const dtmf = codecs.find((c) => c.name === 'TELEPHONE-EVENT' && c.clockRate === 8000);
  const events = dtmf ? m.fmtp?.find((f) => f.payload === dtmf.payloadType)?.config.trim() : undefined;
  const direction = m.direction ?? session.direction ?? 'sendrecv';
  const ptime = Number(m.ptime ?? (session as { ptime?: number }).ptime);
  return {
    address,
    port: m.port,
    codecs,
    telephoneEventPayloadType: dtmf?.payloadType ?? null,
    telephoneEvents: events || null,
    ptime: Number.isFinite(ptime) && ptime > 0 ? ptime : null,
    direction,
    onHold: direction === 'sendonly' || direction === 'inactive' || address === '0.0.0.0',
    mediaIndex: index,
  };
}

function writeSdp(
  local: LocalMedia,
  codecs: { name: G711Codec; payloadType: number }[],
  telephoneEventPayloadType: number | null,
  direction: MediaDirection,
): string {
  return sdpTransform.write(describe(local, codecs, telephoneEventPayloadType, direction));
}

function describe(
  local: LocalMedia,
  codecs: { name: G711Codec; payloadType: number }[],
  telephoneEventPayloadType: number | null,
  direction: MediaDirection,
  telephoneEvents = TELEPHONE_EVENT_EVENTS,
): SessionDescription {
  const ipVer = local.address.includes(':') ? 6 : 4;
  const rtp: MediaDescription['rtp'] = codecs.map((c) => ({
    payload: c.payloadType,
    codec: c.name,
    rate: 8000,
  }));
  const fmtp: MediaDescription['fmtp'] = [];
  const payloads = codecs.map((c) => c.payloadType);
  if (telephoneEventPayloadType !== null) {
    rtp.push({ payload: telephoneEventPayloadType, codec: 'telephone-event', rate: 8000 });
    fmtp.push({ payload: telephoneEventPayloadType, config: telephoneEvents });
    payloads.push(telephoneEventPayloadType);
  }
  return {
    version: 0,
    origin: {
      username: 'hotline',
      sessionId: local.sessionId,
      sessionVersion: local.sessionVersion ?? 1,
      netType: 'IN',
      ipVer,
      address: local.address,
    },
    name: 'Hotline',
    connection: { version: ipVer, ip: local.address },
    timing: { start: 0, stop: 0 },
    media: [
      {
        type: 'audio',
        port: local.port,
        protocol: AUDIO_PROFILE,
        payloads: payloads.join(' '),
        rtp,
        fmtp,
        ptime: local.ptime ?? 20,
        direction,
      },
    ],
  };
}

function sends(d: MediaDirection): boolean {
  return d === 'sendrecv' || d === 'sendonly';
}

function receives(d: MediaDirection): boolean {
  return d === 'sendrecv' || d === 'recvonly';
}
