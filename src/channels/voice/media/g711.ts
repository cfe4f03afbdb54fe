import alawmulaw from 'alawmulaw';

/**
 * G.711 μ-law (PCMU, payload type 0) and A-law (PCMA, payload type 8), the two codecs every
 * SIP phone and trunk speaks. The sample mapping is alawmulaw's; it is baked into lookup
 * tables once because a busy edge converts every sample of every call (100 recorded calls
 * are 1.6 million samples a second each way), and a table read is far cheaper than the
 * per-sample arithmetic.
 *
 * @example
 * const payload = encodeG711('PCMU', pcm160); // 160 bytes for 20 ms
 * const pcm = decodeG711('PCMU', payload);
 */

export type G711Codec = 'PCMU' | 'PCMA';

export const G711_PAYLOAD_TYPES = { PCMU: 0, PCMA: 8 } as const satisfies Record<G711Codec, number>;

/** The byte each codec encodes digital silence (0) to, for filling a frame without encoding. */
export const G711_SILENCE = { PCMU: 0xff, PCMA: 0xd5 } as const satisfies Record<G711Codec, number>;

export function g711CodecForPayloadType(payloadType: number): G711Codec | null {
  if (payloadType === G711_PAYLOAD_TYPES.PCMU) return 'PCMU';
  if (payloadType === G711_PAYLOAD_TYPES.PCMA) return 'PCMA';
  return null;
}

interface Tables {
  decode: Int16Array; // 256 entries: byte → sample
  encode: Uint8Array; // 65536 entries: (sample + 32768) → byte
}

const tables = new Map<G711Codec, Tables>();

function tablesFor(codec: G711Codec): Tables {
  let t = tables.get(codec);
  if (!t) {
    const law = codec === 'PCMU' ? alawmulaw.mulaw : alawmulaw.alaw;
    const bytes = new Uint8Array(256);
    for (let i = 0; i < 256; i++) bytes[i] = i;
    const samples = new Int16Array(65536);
    for (let i = 0; i < 65536; i++) samples[i] = i - 32768;
    t = { decode: law.decode(bytes), encode: law.encode(samples) };
    tables.set(codec, t);
  }
  return t;
}

export function encodeG711(codec: G711Codec, pcm: Int16Array): Uint8Array {
  const { encode } = tablesFor(codec);
  const out = new Uint8Array(pcm.length);
  for (let i = 0; i < pcm.length; i++) out[i] = encode[pcm[i]! + 32768]!;
  return out;
}

export function decodeG711(codec: G711Codec, payload: Uint8Array): Int16Array {
  const { decode } = tablesFor(codec);
  const out = new Int16Array(payload.length);
  for (let i = 0; i < payload.length; i++) out[i] = decode[payload[i]!]!;
  return out;
}

const transcodeTables = new Map<string, Uint8Array>();

/**
 * Converts a payload between the two laws byte by byte, for a bridge whose caller
 * negotiated PCMU and whose agent negotiated PCMA. Same codec returns the input.
 */
export function transcodeG711(from: G711Codec, to: G711Codec, payload: Uint8Array): Uint8Array {
  if (from === to) return payload;
  const key = `${from}>${to}`;
  let table = transcodeTables.get(key);
  if (!table) {
    const all = new Uint8Array(256);
    for (let i = 0; i < 256; i++) all[i] = i;
    table = encodeG711(to, decodeG711(from, all));
    transcodeTables.set(key, table);
  }
  const out = new Uint8Array(payload.length);
  for (let i = 0; i < payload.length; i++) out[i] = table[payload[i]!]!;
  return out;
}
