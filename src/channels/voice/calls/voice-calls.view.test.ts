import { describe, expect, it } from 'vitest';
import type { CallEventRow, CallRow } from './voice-calls.store.ts';
import { callToView, eventsToView } from './voice-calls.view.ts';

const at = new Date('2026-11-23T08:00:00Z');
const later = (s: number) => new Date(at.getTime() + s * 1000);

function row(patch: Partial<CallRow> = {}): CallRow {
  return {
    id: 'c1',
    tenant_id: 't1',
    interaction_id: 'i1',
    direction: 'inbound',
    sip_call_id: 'x@y',
    from_number: '13800138000',
    to_number: '4008001234',
    agent_id: 'a1',
    arrived_at: at,
    ivr_at: later(1),
    queued_at: later(10),
    offered_at: later(20),
    answered_at: later(25),
    ended_at: later(85),
    ended_by: 'caller',
    end_reason: 'bye',
    recording_id: 'r1',
    created_at: at,
    customer_id: 'cu1',
    interaction_agent_id: 'a1',
    agent_name: 'Alice',
    recording_duration_ms: 60_000,
    recording_bytes: 1_920_044,
    ...patch,
  } as CallRow;
}
const event = (kind: string, detail: Record<string, unknown>): CallEventRow => ({
  kind,
  at,
  agent_id: null,
  detail,
});

describe('callToView', () => {
  it('counts talk time from answer to hang-up and reads the IVR path', () => {
    const view = callToView(row(), [event('ivr_done', { path: ['2', '1'] })], true);
    expect(view).toMatchObject({ talkSeconds: 60, durationSeconds: 85, ivrPath: ['2', '1'] });
    expect(view.recording).toEqual({
      id: 'r1',
      durationMs: 60_000,
      bytes: 1_920_044,
      url: '/api/v1/voice/recordings/r1/audio',
    });
  });

  it('leaves the times open while the call is on, and hides a recording the viewer may not play', () => {
    const view = callToView(row({ ended_at: null, answered_at: null }), [], true, false);
    expect(view).toMatchObject({ talkSeconds: null, durationSeconds: null, recording: null, ivrPath: [] });
  });

  it.each([
    ['inbound', '13800138000', '4008001234', '*******8000', '4008001234'],
    ['outbound', '4008001234', '+8613900139000', '4008001234', '*********9000'],
  ] as const)('masks the customer’s side of an %s call only', (direction, from, to, shownFrom, shownTo) => {
    const view = callToView(row({ direction, from_number: from, to_number: to }), [], false);
    expect([view.fromNumber, view.toNumber]).toEqual([shownFrom, shownTo]);
    expect(callToView(row({ direction, from_number: from, to_number: to }), [], true).fromNumber).toBe(from);
  });
});

describe('eventsToView', () => {
  it.each([
    ['13800138000', '*******8000'],
    ['+8613800138000', '*********8000'],
    ['138 0013 8000', '*******8000'],
  ])('masks the caller’s number written as %s', (written, masked) => {
    const [view] = eventsToView(
      row(),
      [event('arrived', { from: written, to: '4008001234', digit: '1' })],
      false,
    );
    expect(view!.detail).toEqual({ from: masked, to: '4008001234', digit: '1' });
  });

  it('keeps numbers in full for a viewer who sees full phones', () => {
    const [view] = eventsToView(row(), [event('arrived', { from: '13800138000' })], true);
    expect(view!.detail).toEqual({ from: '13800138000' });
  });
});
