import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDemo } from '../../src/demo/demo-loader.ts';
import type { DemoTraffic } from '../../src/demo/traffic/demo-traffic.ts';
import { startDemoTraffic } from '../../src/demo/traffic/start-demo-traffic.ts';
import { waitFor } from '../support/routing-helpers.ts';
import { call, DATABASES, login, startTestServer, type TestServer } from '../support/test-server.ts';

/**
 * The demo traffic generator against a real server with the demo loaded (at 4%): simulated
 * customers call the demo hotlines through the SIP edge over UDP, chat through the public
 * web chat API and mail through the SMTP listener, at a high rate for a few seconds. Every
 * contact it started must be in the database as the channel's own records, linked to the
 * demo customer who acted as the contact, and stop() must leave no call or chat behind.
 */
describe.each(DATABASES)('demo traffic on %s', (kind) => {
  let t: TestServer;
  let traffic: DemoTraffic | undefined;
  let recordings: string;
  const logged: string[] = [];

  beforeAll(async () => {
    recordings = fs.mkdtempSync(path.join(os.tmpdir(), 'hotline-traffic-'));
    t = await startTestServer(kind, {
      HOTLINE_SIP_PORT: '0',
      HOTLINE_SIP_HOST: '127.0.0.1',
      HOTLINE_SMTP_LISTEN_PORT: '0',
      HOTLINE_SMTP_LISTEN_HOST: '127.0.0.1',
      HOTLINE_RECORDINGS_DIR: recordings,
      HOTLINE_ROUTING_SWEEP_MS: '200',
      HOTLINE_DEMO_TRAFFIC: '240',
      HOTLINE_DEMO_TRAFFIC_MIX: 'calls:1,chats:1,emails:1',
    });
    await loadDemo(t.server.database.db, { scale: 0.04 });
  });

  afterAll(async () => {
    await traffic?.stop();
    await t?.close();
    fs.rmSync(recordings, { recursive: true, force: true });
  });

  it('calls, chats and mails the demo tenants through the real front doors, and stops cleanly', async () => {
    traffic = await startDemoTraffic(t.server, t.config, (level, line) => logged.push(`${level} ${line}`), {
      seed: 2026,
      timing: {
        // Past the ~3 s welcome prompt, so most callers reach the queue before hanging up.
        callMs: [4500, 6000],
        digitAfterMs: [500, 900],
        digitShare: 1,
        chatStayMs: [1500, 2500],
        chatPauseMs: [300, 600],
        chatFormShare: 1,
      },
      chatPollMs: 300,
    });
    expect(traffic.targets.map((x) => [x.slug, x.number, x.siteKey, x.mailbox])).toEqual([
      ['demo', '4008001234', 'wc_demo_huaxin_webchat', 'service@huaxin.demo'],
      ['acme-insurance', '4008005678', null, 'claims@acme.demo'],
    ]);
    await new Promise((resolve) => setTimeout(resolve, 7000));
    await traffic.stop();
    const { started, refused } = traffic.stats;
    expect(refused, logged.join('\n')).toEqual({ calls: 0, chats: 0, emails: 0 });
    // 240 a minute for 7 s: about 28, a third each; a seed keeps it the same every run.
    for (const channel of ['calls', 'chats', 'emails'] as const)
      expect(started[channel]).toBeGreaterThanOrEqual(3);

    const db = t.server.database.db;
    const tenants = new Map(
      (await db.selectFrom('tenants').select(['id', 'slug']).execute()).map((x) => [x.id, x.slug]),
    );
    const customerPhones = new Set(
      (await db.selectFrom('contacts').select('value').where('kind', '=', 'phone').execute()).map((c) =>
        c.value.replace(/^\+/, ''),
      ),
    );

    // Calls: each one answered by the edge, hung up by the caller (as planned, or by stop()).
    const calls = await db
      .selectFrom('voice_calls')
      .select([
        'id',
        'tenant_id',
        'from_number',
        'to_number',
        'queued_at',
        'ended_at',
        'ended_by',
        'interaction_id',
      ])
      .execute();
    expect(calls).toHaveLength(started.calls);
    for (const c of calls) {
      expect(c.ended_at, 'every call has ended').not.toBeNull();
      expect(c.ended_by).toBe('caller');
      expect(customerPhones.has(c.from_number ?? ''), `caller ${c.from_number} is a demo customer`).toBe(
        true,
      );
      expect(c.to_number).toBe(tenants.get(c.tenant_id) === 'demo' ? '4008001234' : '4008005678');
    }
    const queuedCalls = calls.filter((c) => c.queued_at !== null);
    expect(queuedCalls.length).toBeGreaterThan(0);
    // The keys went as RFC 4733 telephone-events in the caller's RTP, and the edge heard them.
    const digits = await db
      .selectFrom('voice_call_events')
      .select(['detail'])
      .where('kind', '=', 'digit')
      .execute();
    expect(digits.length).toBeGreaterThan(0);
    expect(
      digits.map((d) => (typeof d.detail === 'string' ? JSON.parse(d.detail) : d.detail)),
    ).toContainEqual({
      digit: '1',
    });

    const interactions = await db
      .selectFrom('interactions')
      .select(['id', 'tenant_id', 'channel', 'status', 'customer_id', 'contact_email'])
      .execute();
    const of = (channel: string) => interactions.filter((i) => i.channel === channel);
    expect(of('voice')).toHaveLength(queuedCalls.length);
    expect(of('voice').every((i) => i.status === 'abandoned' && i.customer_id !== null)).toBe(true);

    // Chats: the widget's API, the visitor gave their details (linked to their card) and left.
    expect(of('chat')).toHaveLength(started.chats);
    for (const i of of('chat')) {
      expect(tenants.get(i.tenant_id)).toBe('demo');
      expect(i.customer_id).not.toBeNull();
      expect(i.status).toBe('abandoned');
    }
    const messages = await db
      .selectFrom('interaction_messages')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where(
        'interaction_id',
        'in',
        of('chat').map((i) => i.id),
      )
      .executeTakeFirstOrThrow();
    expect(Number(messages.n)).toBeGreaterThan(started.chats);

    // Emails: delivered over SMTP to the mailbox the generator added, from the customer's address.
    expect(of('email')).toHaveLength(started.emails);
    const customerEmails = new Set(
      (await db.selectFrom('contacts').select('value').where('kind', '=', 'email').execute()).map(
        (c) => c.value,
      ),
    );
    for (const i of of('email')) {
      expect(customerEmails.has(i.contact_email ?? '')).toBe(true);
      expect(i.customer_id).not.toBeNull();
    }

    // Nothing left running: no call at the edge, no chat still open.
    expect(t.server.voice.stats.callsInProgress).toBe(0);
    const open = await db
      .selectFrom('webchat_conversations')
      .select('id')
      .where('ended_by_visitor_at', 'is', null)
      .execute();
    expect(open).toHaveLength(0);

    // And the wallboard shows them: every contact to the retailer counted as offered today.
    const supervisor = await login(t, 'supervisor@huaxin.demo', 'hotline-supervisor');
    const board = await call<{ totals: { offered: number } }>(t, 'GET', '/api/v1/wallboard', {
      token: supervisor,
    });
    const demoId = [...tenants].find(([, slug]) => slug === 'demo')![0];
    expect(board.body.totals.offered).toBe(interactions.filter((i) => i.tenant_id === demoId).length);
  });

  it('adds no second mailbox when started again, and stops at once with nothing running', async () => {
    const again = await startDemoTraffic(
      t.server,
      { ...t.config, demoTraffic: { ...t.config.demoTraffic, perMinute: 1 } },
      () => undefined,
      {
        seed: 1,
      },
    );
    await again.stop();
    const mailboxes = await t.server.database.db.selectFrom('email_mailboxes').select('id').execute();
    expect(mailboxes).toHaveLength(2);
    await waitFor('no call at the edge', async () => t.server.voice.stats.callsInProgress === 0 || undefined);
  });
});

/**
 * The simulated agents (HOTLINE_DEMO_TRAFFIC_AGENTS): demo agents' desk phones register with
 * digest authentication, go Available, pick up the generated calls (bridged and recorded by
 * the edge), hang up and wrap up; on stop they unregister and go offline.
 */
describe.each(DATABASES)('demo traffic with simulated agents on %s', (kind) => {
  let t: TestServer;
  let traffic: DemoTraffic | undefined;
  let recordings: string;
  const logged: string[] = [];

  beforeAll(async () => {
    recordings = fs.mkdtempSync(path.join(os.tmpdir(), 'hotline-traffic-'));
    t = await startTestServer(kind, {
      HOTLINE_SIP_PORT: '0',
      HOTLINE_SIP_HOST: '127.0.0.1',
      HOTLINE_SMTP_LISTEN_PORT: 'off',
      HOTLINE_RECORDINGS_DIR: recordings,
      HOTLINE_ROUTING_SWEEP_MS: '200',
      HOTLINE_DEMO_TRAFFIC: '40',
      HOTLINE_DEMO_TRAFFIC_MIX: 'calls:2,chats:1',
      HOTLINE_DEMO_TRAFFIC_AGENTS: '2',
    });
    await loadDemo(t.server.database.db, { scale: 0.04 });
  });

  afterAll(async () => {
    await traffic?.stop();
    await t?.close();
    fs.rmSync(recordings, { recursive: true, force: true });
  });

  it('answers the calls on registered desk phones, records them, wraps them up, and leaves cleanly', async () => {
    traffic = await startDemoTraffic(t.server, t.config, (level, line) => logged.push(`${level} ${line}`), {
      seed: 7,
      timing: { callMs: [12_000, 14_000], digitShare: 0, chatStayMs: [10_000, 12_000] },
      agentTiming: { ringMs: [300, 600], talkMs: [1500, 2500], acceptMs: [200, 400], chatMs: [800, 1200] },
      chatPollMs: 300,
      agentPollMs: 300,
    });
    expect(
      traffic.agents.map((a) => a.email),
      logged.join('\n'),
    ).toHaveLength(2);
    const db = t.server.database.db;
    const registered = await db.selectFrom('sip_registrations').select(['user_id', 'user_agent']).execute();
    expect(registered.map((r) => r.user_agent)).toEqual([
      'hotline-demo-agent-phone',
      'hotline-demo-agent-phone',
    ]);

    // The first calls reach the queue after the ~3 s welcome, ring a simulated agent and are answered.
    const answered = await waitFor(
      'a call answered by a simulated agent and hung up by them',
      async () => {
        const rows = await db
          .selectFrom('voice_calls')
          .select(['id', 'agent_id', 'answered_at', 'ended_by', 'recording_id', 'interaction_id'])
          .where('ended_by', '=', 'agent')
          .execute();
        return rows.length > 0 ? rows : undefined;
      },
      30_000,
    );
    const agentIds = new Set(registered.map((r) => r.user_id));
    for (const c of answered) {
      expect(agentIds.has(c.agent_id ?? '')).toBe(true);
      expect(c.answered_at).not.toBeNull();
      expect(c.recording_id, 'the bridged call was recorded').not.toBeNull();
    }
    // …and wrapped up on the desk with a disposition.
    await waitFor('the answered call wrapped up', async () => {
      const d = await db
        .selectFrom('dispositions')
        .select(['code', 'agent_id'])
        .where('interaction_id', '=', answered[0]!.interaction_id!)
        .executeTakeFirst();
      return d?.code === 'resolved' ? d : undefined;
    });

    // A chat offered to a simulated agent (agent19 takes 售前 chats too) is accepted, greeted and wrapped up.
    await waitFor(
      'a chat answered and wrapped up by a simulated agent',
      async () => {
        const rows = await db
          .selectFrom('interactions as i')
          .innerJoin('dispositions as d', 'd.interaction_id', 'i.id')
          .innerJoin('interaction_messages as m', 'm.interaction_id', 'i.id')
          .select(['i.id', 'd.code', 'm.body'])
          .where('i.channel', '=', 'chat')
          .where('m.author', '=', 'agent')
          .execute();
        return rows.some((r) => r.code === 'resolved' && r.body.startsWith('您好')) || undefined;
      },
      30_000,
    );

    await traffic.stop();
    traffic = undefined;
    expect(await db.selectFrom('sip_registrations').select('user_id').execute()).toHaveLength(0);
    const states = await db
      .selectFrom('agents')
      .select(['user_id', 'state'])
      .where('user_id', 'in', [...agentIds])
      .execute();
    expect(states.map((s) => s.state)).toEqual(['offline', 'offline']);
    const open = await db.selectFrom('voice_calls').select('id').where('ended_at', 'is', null).execute();
    expect(open).toHaveLength(0);
  });
});
