import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DtmfDetector,
  decodeTelephoneEvent,
  digitToEvent,
  encodeTelephoneEvent,
  eventToDigit,
  TelephoneEventError,
  type TelephoneEventPacket,
  telephoneEventPackets,
} from './telephone-event.ts';

/** The packets of one press as a sender emits them: updates every 20 ms, then 3 end packets. */
function press(digit: string, timestamp: number, ssrc = 1): TelephoneEventPacket[] {
  return telephoneEventPackets(digit).map((p) => ({ ssrc, timestamp, marker: p.marker, payload: p.payload }));
}

function detect(packets: TelephoneEventPacket[], detector = new DtmfDetector()): string {
  return packets
    .map((p) => detector.push(p))
    .filter((d) => d !== null)
    .join('');
}

describe('telephone-event payloads', () => {
  it('decodes the RFC 4733 layout', () => {
    // event 5, end bit, volume 10, duration 800
    expect(decodeTelephoneEvent(Uint8Array.of(5, 0x8a, 0x03, 0x20))).toEqual({
      event: 5,
      end: true,
      volume: 10,
      duration: 800,
    });
    // the reserved bit is ignored
    expect(decodeTelephoneEvent(Uint8Array.of(11, 0x4a, 0, 160))).toMatchObject({ end: false, volume: 10 });
  });

  it('round-trips', () => {
    const e = { event: 11, end: false, volume: 63, duration: 65535 };
    expect(decodeTelephoneEvent(encodeTelephoneEvent(e))).toEqual(e);
  });

  it('maps digits and events', () => {
    expect([...'0123456789*#ABCD'].map(digitToEvent)).toEqual([...Array(16).keys()]);
    expect(digitToEvent('a')).toBe(12);
    expect(eventToDigit(16)).toBeNull();
    expect(() => digitToEvent('x')).toThrow(RangeError);
  });

  it.each([[[]], [[1, 2, 3]], [[1, 2, 3, 4, 5]]])('rejects a payload of %j', (bytes) => {
    expect(() => decodeTelephoneEvent(Uint8Array.from(bytes))).toThrow(TelephoneEventError);
  });

  it('fuzz: the decoder and the detector only ever throw TelephoneEventError', () => {
    const detector = new DtmfDetector();
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 12 }),
        fc.nat({ max: 0xffffffff }),
        fc.boolean(),
        fc.nat({ max: 3 }),
        (payload, timestamp, marker, ssrc) => {
          try {
            decodeTelephoneEvent(payload);
            const digit = detector.push({ ssrc, timestamp, marker, payload });
            expect(digit === null || /^[0-9*#A-D]$/.test(digit)).toBe(true);
          } catch (err) {
            if (!(err instanceof TelephoneEventError)) throw err;
          }
        },
      ),
      { numRuns: 5000 },
    );
  });
});

describe('sending a digit', () => {
  it('marks the first packet, grows the duration, and repeats the end packet three times', () => {
    const plan = telephoneEventPackets('7', { durationMs: 100 });
    const events = plan.map((p) => decodeTelephoneEvent(p.payload));
    expect(plan.map((p) => p.marker)).toEqual([true, false, false, false, false, false, false]);
    expect(events.map((e) => e.duration)).toEqual([160, 320, 480, 640, 800, 800, 800]);
    expect(events.map((e) => e.end)).toEqual([false, false, false, false, true, true, true]);
    expect(new Set(events.map((e) => e.event))).toEqual(new Set([7]));
    expect(plan.map((p) => p.offsetMs)).toEqual([0, 20, 40, 60, 80, 80, 80]);
  });
});

describe('DtmfDetector', () => {
  it('reports each press once despite the retransmitted end packets', () => {
    const packets = [...press('1', 1000), ...press('2', 3000), ...press('2', 5000), ...press('#', 7000)];
    expect(detect(packets)).toBe('122#');
  });

  it('still reports a press whose start packet was lost', () => {
    expect(detect(press('5', 1000).slice(1))).toBe('5');
  });

  it('still reports a press of which only one end packet arrived', () => {
    expect(detect(press('9', 1000).slice(-1))).toBe('9');
  });

  it('does not repeat a digit when its end packets were all lost and the same key is pressed again', () => {
    const first = press('3', 1000).slice(0, 4); // no end packets
    expect(detect([...first, ...press('3', 4000)])).toBe('33');
  });

  it('ignores a late, reordered packet of an earlier press', () => {
    const a = press('4', 1000);
    const b = press('6', 3000);
    expect(detect([...a.slice(0, 3), ...b.slice(0, 2), a[3]!, ...b.slice(2)])).toBe('46');
  });

  it('treats the segments of a very long press as one digit', () => {
    const detector = new DtmfDetector();
    const segment = (timestamp: number, marker: boolean, duration: number): TelephoneEventPacket => ({
      ssrc: 1,
      timestamp,
      marker,
      payload: encodeTelephoneEvent({ event: 0, end: false, volume: 10, duration }),
    });
    expect(detector.push(segment(0, true, 65535))).toBe('0');
    expect(detector.push(segment(65535, false, 800))).toBeNull();
  });

  it('handles RTP timestamps that wrap', () => {
    expect(detect([...press('1', 0xffffff00), ...press('2', 0x200)])).toBe('12');
  });

  it('starts over when the source changes', () => {
    expect(detect([...press('7', 1000, 1), ...press('8', 1000, 2)])).toBe('78');
  });
});
