import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../support/routing-helpers.ts';
import {
  call,
  DATABASES,
  seedTenant,
  startTestServer,
  type TestServer,
  type TestTenant,
} from '../support/test-server.ts';

/**
 * SLA clocks on tickets with real timers: targets of a few seconds (7×24, no queue), so the
 * durable job fires while the test watches. A breach is recorded once and escalates (priority
 * raised); waiting on the customer pauses the clock; a timer due during a restart fires after.
 */
interface Clock {
  state: string;
  dueAt: string | null;
  breachedAt: string | null;
}
interface Ticket {
  id: string;
  number: string;
  priority: string;
  status: string;
  slaBreached: boolean;
  sla: { policy: { id: string; name: string }; firstResponse: Clock; resolution: Clock } | null;
  events: { kind: string; detail: Record<string, unknown> }[];
}

describe.each(DATABASES)('ticket SLA on %s', (kind) => {
  let t: TestServer;
  let acme: TestTenant;
  const ticket = async (id: string) =>
    (await call<Ticket>(t, 'GET', `/api/v1/tickets/${id}`, { token: acme.tokens.agent })).body;
  const open = async (json: Record<string, unknown>) => {
    const res = await call<Ticket>(t, 'POST', '/api/v1/tickets', { token: acme.tokens.agent, json });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body;
  };
  const slaEvents = (x: Ticket) =>
    x.events
      .filter((e) => e.kind === 'sla')
      .map((e) => `${e.detail.kind}:${e.detail.clock ?? e.detail.action}`);

  beforeAll(async () => {
    t = await startTestServer(kind);
    acme = await seedTenant(t, 'acme');
  });
  afterAll(() => t?.close());

  it('refuses policies that cannot work, and a second active one for the same type and tier', async () => {
    const admin = acme.tokens.tenant_admin;
    const post = (json: unknown, token = admin) => call(t, 'POST', '/api/v1/sla-policies', { token, json });
    const complaints = {
      name: '投诉 3 秒',
      ticketType: 'complaint',
      firstResponseMinutes: 0.05,
      resolutionMinutes: 0.1,
      warnFraction: 0.5,
      escalation: [
        { afterMinutes: 0, action: 'notify_supervisor' },
        { afterMinutes: 0, action: 'raise_priority' },
      ],
    };
    expect((await post(complaints, acme.tokens.agent)).status).toBe(403);
    expect(
      (await post({ ...complaints, escalation: [{ afterMinutes: 0, action: 'reassign' }] })).status,
    ).toBe(400);
    expect((await post({ ...complaints, resolutionMinutes: 0 })).status).toBe(400);
    expect((await post(complaints)).status).toBe(201);
    const twice = await post({ ...complaints, name: 'again' });
    expect(twice.status).toBe(409);
    // Repairs: slower, and with no escalation.
    expect(
      (
        await post({
          name: '报修',
          ticketType: 'repair',
          firstResponseMinutes: 0.05,
          resolutionMinutes: 0.15,
        })
      ).status,
    ).toBe(201);
  });

  it('warns, breaches once and escalates on time, with the durable job', async () => {
    const created = await open({
      type: 'complaint',
      subject: '安装师傅迟到',
      complaint: { category: 'installation', product: '格力空调' },
    });
    const fresh = await ticket(created.id);
    expect(fresh.sla?.policy.name).toBe('投诉 3 秒');
    expect(fresh.sla?.firstResponse.state).toBe('running');
    const breached = await waitFor(
      'the first-response breach',
      async () => {
        const x = await ticket(created.id);
        return x.slaBreached && x.priority === 'high' ? x : undefined;
      },
      15_000,
    );
    expect(breached.sla?.firstResponse.state).toBe('breached');
    // Resolution breaches too a few seconds later; each event once, in order.
    const later = await waitFor('the resolution breach', async () => {
      const x = await ticket(created.id);
      return x.sla?.resolution.state === 'breached' && slaEvents(x).includes('breached:resolution')
        ? x
        : undefined;
    });
    // The resolution's warning (half of 6 s) falls with the first response's breach (3 s):
    // their order within that instant is free; each happens once.
    const events = slaEvents(later);
    expect([...events].sort()).toEqual([
      'breached:first_response',
      'breached:resolution',
      'escalated:notify_supervisor',
      'escalated:raise_priority',
      'warning:first_response',
      'warning:resolution',
    ]);
    expect(events.indexOf('warning:first_response')).toBeLessThan(events.indexOf('breached:first_response'));
    expect(events.indexOf('breached:first_response')).toBeLessThan(
      events.indexOf('escalated:notify_supervisor'),
    );
    expect(events.at(-1)).toBe('breached:resolution');
    await new Promise((r) => setTimeout(r, 2000));
    expect(slaEvents(await ticket(created.id))).toHaveLength(6);
  });

  it('pauses the clock while waiting on the customer', async () => {
    const created = await open({ type: 'repair', subject: '洗衣机漏水' });
    const waiting = await call<Ticket>(t, 'PATCH', `/api/v1/tickets/${created.id}`, {
      token: acme.tokens.agent,
      json: { status: 'pending_customer' },
    });
    expect(waiting.status).toBe(200);
    // Taken up at once: the first response is met; the resolution clock stands still.
    await new Promise((r) => setTimeout(r, 10_000));
    const paused = await ticket(created.id);
    expect(paused.sla?.firstResponse.state).toBe('met');
    expect(paused.sla?.resolution.state).toBe('paused');
    expect(paused.slaBreached).toBe(false);
    // Back with us: it runs again, from where it stopped.
    await call(t, 'PATCH', `/api/v1/tickets/${created.id}`, {
      token: acme.tokens.agent,
      json: { status: 'open' },
    });
    const running = await ticket(created.id);
    expect(running.sla?.resolution.state).toBe('running');
    await waitFor(
      'the resolution breach after the pause',
      async () => (await ticket(created.id)).slaBreached,
      20_000,
    );
  });

  it('fires a timer that falls due while the server is down, once, after the restart', async () => {
    const created = await open({ type: 'repair', subject: '冰箱不制冷' });
    t = await t.restart();
    const after = await waitFor(
      'the breach after the restart',
      async () => {
        const x = await ticket(created.id);
        return slaEvents(x).includes('breached:resolution') ? x : undefined;
      },
      30_000,
    );
    expect(slaEvents(after).filter((e) => e.startsWith('breached'))).toEqual([
      'breached:first_response',
      'breached:resolution',
    ]);

    const report = await call<{
      items: { ticketId: string; clock: string }[];
      byType: Record<string, number>;
    }>(t, 'GET', '/api/v1/reports/sla-breaches', { token: acme.tokens.supervisor });
    expect(report.status).toBe(200);
    // Complaints: both clocks of the first ticket; repairs: the paused one's resolution, and both here.
    expect(report.body.byType).toEqual({ complaint: 2, repair: 3 });
    expect(
      report.body.items
        .filter((i) => i.ticketId === created.id)
        .map((i) => i.clock)
        .sort(),
    ).toEqual(['first_response', 'resolution']);
    const agent = await call(t, 'GET', '/api/v1/reports/sla-breaches', { token: acme.tokens.agent });
    expect(agent.status).toBe(403);
  });
});
