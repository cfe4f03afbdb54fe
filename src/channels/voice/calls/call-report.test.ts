import { describe, expect, it } from 'vitest';
import { holdTime, type ReportCall, summarizeCalls } from './call-report.ts';

const at = (s: string) => new Date(`2026-11-20T${s}Z`);

function inbound(over: Partial<ReportCall> = {}): ReportCall {
  return {
    direction: 'inbound',
    queueId: 'q1',
    queueName: '售后服务',
    agentId: 'a1',
    agentName: 'Alice',
    arrivedAt: at('02:00:00'),
    queuedAt: at('02:00:10'),
    answeredAt: at('02:00:25'),
    endedAt: at('02:05:25'),
    events: [],
    ...over,
  };
}

describe('holdTime', () => {
  it('adds up each hold until its resume, a transfer or the end', () => {
    const events = [
      { kind: 'held', at: at('02:01:00') },
      { kind: 'resumed', at: at('02:01:30') },
      { kind: 'held', at: at('02:02:00') },
      { kind: 'transferred', at: at('02:02:10') },
      { kind: 'held', at: at('02:04:00') },
    ];
    expect(holdTime(events, at('02:04:05'))).toEqual({ ms: 45_000, holds: 3 });
  });

  it('ignores a second hold while held', () => {
    const events = [
      { kind: 'held', at: at('02:01:00') },
      { kind: 'held', at: at('02:01:10') },
      { kind: 'resumed', at: at('02:01:20') },
    ];
    expect(holdTime(events, null)).toEqual({ ms: 20_000, holds: 1 });
  });
});

describe('summarizeCalls', () => {
  const options = { by: 'queue' as const, timeZone: 'Asia/Shanghai', slSeconds: 20 };

  it('counts answered and abandoned calls, the service level and the average wait and talk', () => {
    const report = summarizeCalls(
      [
        inbound(), // waited 15 s, talked 300 s
        inbound({ queuedAt: at('02:10:00'), answeredAt: at('02:10:40'), endedAt: at('02:11:40') }), // 40 s
        inbound({ answeredAt: null, agentId: null, endedAt: at('02:01:00') }), // abandoned
        inbound({ queuedAt: null, answeredAt: null, agentId: null, endedAt: at('02:00:30') }), // left in the IVR
      ],
      options,
    );
    expect(report.rows).toHaveLength(1);
    expect(report.total).toMatchObject({
      inbound: 4,
      answered: 2,
      abandoned: 1,
      serviceLevel: 0.333,
      avgWaitSeconds: 27.5,
      avgTalkSeconds: 180,
    });
  });

  it('counts outbound calls without a wait or an abandonment', () => {
    const report = summarizeCalls(
      [
        inbound({ direction: 'outbound', queuedAt: null }),
        inbound({ direction: 'outbound', answeredAt: null }),
      ],
      options,
    );
    expect(report.total).toMatchObject({
      outbound: 2,
      inbound: 0,
      answered: 1,
      abandoned: 0,
      serviceLevel: null,
    });
  });

  it('groups by agent and by day in the tenant’s time zone, and counts holds, transfers, voicemails, callbacks', () => {
    const calls = [
      inbound({
        events: [
          { kind: 'held', at: at('02:01:00') },
          { kind: 'resumed', at: at('02:02:00') },
          { kind: 'transferred', at: at('02:03:00') },
        ],
      }),
      inbound({ agentId: 'a2', agentName: 'Bob', arrivedAt: at('17:00:00') }), // 01:00 the next day in Shanghai
      inbound({
        agentId: null,
        agentName: null,
        answeredAt: null,
        events: [{ kind: 'voicemail', at: at('02:01:00') }],
      }),
      inbound({
        agentId: null,
        agentName: null,
        answeredAt: null,
        events: [{ kind: 'callback_requested', at: at('02:03:00') }],
      }),
    ];
    const byAgent = summarizeCalls(calls, { ...options, by: 'agent' });
    expect(byAgent.rows.map((r) => [r.key, r.label, r.inbound])).toEqual([
      ['none', null, 2],
      ['a1', 'Alice', 1],
      ['a2', 'Bob', 1],
    ]);
    expect(byAgent.rows.find((r) => r.key === 'a1')).toMatchObject({
      holds: 1,
      holdSeconds: 60,
      transfers: 1,
    });
    expect(byAgent.total).toMatchObject({ voicemails: 1, callbacks: 1 });
    const byDay = summarizeCalls(calls, { ...options, by: 'day' });
    expect(byDay.rows.map((r) => [r.key, r.inbound])).toEqual([
      ['2026-11-20', 3],
      ['2026-11-21', 1],
    ]);
  });
});
