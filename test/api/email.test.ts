import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import net from 'node:net';
import { ImapFlow } from 'imapflow';
import { type ParsedMail, simpleParser } from 'mailparser';
import { createTransport } from 'nodemailer';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addAgent,
  addQueue,
  getInteraction,
  type InteractionBody,
  offered,
  setState,
  type TestAgent,
  waitFor,
} from '../support/routing-helpers.ts';
import {
  call,
  DATABASES,
  seedTenant,
  startTestServer,
  type TestServer,
  type TestTenant,
  waitForJob,
} from '../support/test-server.ts';

/**
 * The email channel end to end, with real SMTP on loopback: mail sent with nodemailer to
 * Hotline's listener becomes interactions; agents' replies reach a second SMTP server acting
 * as the relay; an IMAP account (hoodiecrow, a scriptable IMAP server) is polled.
 */

interface MailboxBody {
  id: string;
  addresses: string[];
  imap: {
    host: string;
    user: string;
    passwordSet: boolean;
    lastPolledAt: string | null;
    lastError: string | null;
  } | null;
}

interface EmailBody {
  id: string;
  direction: 'inbound' | 'outbound';
  kind: string;
  messageId: string;
  inReplyTo: string | null;
  references: string[];
  subject: string | null;
  to: string[];
  delivery: { status: string; attempts: number; lastError: string | null; nextAttemptAt: string | null };
  attachments: { id: string; name: string; contentType: string; sizeBytes: number; url: string }[];
}

interface MessageBody {
  author: string;
  body: string;
  attachments: { name: string; contentType: string; sizeBytes: number; url?: string }[];
}

type Detail = InteractionBody & {
  subject: string | null;
  channel: string;
  wrapUpUntil: string | null;
  messages: MessageBody[];
};

interface SmtpFailure {
  responseCode?: number;
  response?: string;
  message: string;
}

/** A loopback SMTP server standing in for the relay Hotline sends through. */
class Relay {
  readonly received: { raw: Buffer; mail: ParsedMail; envelopeTo: string[] }[] = [];
  /** accept; tempfail: 451 to every message; reject: 550 to every message. */
  mode: 'accept' | 'tempfail' | 'reject' = 'accept';
  private readonly server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    logger: false,
    onData: (stream, session, callback) => {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        if (this.mode !== 'accept') {
          const code = this.mode === 'tempfail' ? 451 : 550;
          callback(Object.assign(new Error(`relay says no (${this.mode})`), { responseCode: code }));
          return;
        }
        const raw = Buffer.concat(chunks);
        simpleParser(raw).then((mail) => {
          this.received.push({ raw, mail, envelopeTo: session.envelope.rcptTo.map((r) => r.address) });
          callback();
        }, callback);
      });
    },
  });

  async start(): Promise<number> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return (this.server.server.address() as AddressInfo).port;
  }

  stop() {
    return new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  to(address: string) {
    return this.received.filter((r) => r.envelopeTo.includes(address));
  }
}

/** hoodiecrow-imap has no types: the little of it used here. */
interface Hoodiecrow {
  listen(port: number, host: string, done: () => void): void;
  close(done?: () => void): void;
  server: { address(): AddressInfo };
}
const hoodiecrow = createRequire(import.meta.url)('hoodiecrow-imap') as (options: unknown) => Hoodiecrow;

const today = new Date();
const isoDay = (offset: number) => new Date(today.getTime() + offset * 86_400_000).toISOString().slice(0, 10);
const ALL_WEEK = Object.fromEntries(
  ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, [{ open: '00:00', close: '24:00' }]]),
);

describe.each(DATABASES)('email channel on %s', (kind) => {
  let t: TestServer;
  let acme: TestTenant;
  let relay: Relay;
  let smtpPort: number;
  let agent: TestAgent;
  const queues: Record<string, string> = {};
  let msgNo = 0;
  const newId = () => `<m${++msgNo}.${kind}.${Date.now()}@customer.example.cn>`;

  /** Sends through Hotline's listener, as a customer's mail server would. */
  async function send(message: Parameters<ReturnType<typeof createTransport>['sendMail']>[0]) {
    const transport = createTransport({ host: '127.0.0.1', port: smtpPort, secure: false, ignoreTLS: true });
    try {
      return await transport.sendMail(message);
    } finally {
      transport.close();
    }
  }
  const sendFails = (message: Parameters<typeof send>[0]) =>
    send(message).then(
      () => {
        throw new Error('the listener took a message it should have refused');
      },
      (err: SmtpFailure) => err,
    );

  const sup = () => acme.tokens.supervisor;
  const detail = (id: string) => getInteraction(t, sup(), id) as Promise<Detail>;
  const emails = async (id: string) =>
    (await call<{ items: EmailBody[] }>(t, 'GET', `/api/v1/interactions/${id}/emails`, { token: sup() })).body
      .items;

  /** The interaction whose subject is `subject`, once it exists. */
  async function interactionBySubject(subject: string, queueId?: string): Promise<Detail> {
    const found = await waitFor(`interaction "${subject}"`, async () => {
      const list = await call<{ items: (InteractionBody & { subject: string | null })[] }>(
        t,
        'GET',
        `/api/v1/interactions?limit=200${queueId ? `&queueId=${queueId}` : ''}`,
        { token: sup() },
      );
      return list.body.items.find((i) => i.subject === subject);
    });
    return detail(found.id);
  }

  async function countInteractions() {
    const row = await t.server.database.db
      .selectFrom('interactions')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('tenant_id', '=', acme.id)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  async function addMailbox(body: Record<string, unknown>) {
    const res = await call<MailboxBody>(t, 'POST', '/api/v1/email-mailboxes', {
      token: acme.tokens.tenant_admin,
      json: body,
    });
    if (res.status !== 201) throw new Error(`mailbox: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  }

  beforeAll(async () => {
    relay = new Relay();
    const relayPort = await relay.start();
    t = await startTestServer(kind, {
      HOTLINE_SMTP_LISTEN_PORT: '0',
      HOTLINE_SMTP_LISTEN_HOST: '127.0.0.1',
      HOTLINE_SMTP_URL: `smtp://127.0.0.1:${relayPort}`,
      HOTLINE_OFFER_TIMEOUT_SECONDS: '300',
      HOTLINE_ROUTING_SWEEP_MS: '200',
    });
    smtpPort = t.server.email.smtpAddress!.port;
    acme = await seedTenant(t, `mail-${kind}`);
    // Nobody has the triage skill, so mail there waits untouched; the agent works the desk.
    const triage = [{ skill: 'triage', minLevel: 1 }];
    queues.inbox = (await addQueue(t, sup(), { code: 'inbox', name: '邮件收件', requiredSkills: triage })).id;
    queues.desk = (
      await addQueue(t, sup(), {
        code: 'desk',
        name: 'Email desk',
        requiredSkills: [{ skill: 'email-desk', minLevel: 1 }],
        wrapUpSeconds: 0,
      })
    ).id;
    queues.night = (
      await addQueue(t, sup(), {
        code: 'night',
        name: 'After hours',
        requiredSkills: triage,
        timeZone: 'UTC',
        alwaysOpen: false,
        businessHours: ALL_WEEK,
        // Closed today whatever the time: yesterday, today and tomorrow are holidays.
        holidays: [isoDay(-1), isoDay(0), isoDay(1)],
        emailAutoReply: '您好，我们已收到您的邮件，将在工作时间内回复。',
      })
    ).id;
    queues.chatOnly = (await addQueue(t, sup(), { code: 'chat-only', name: 'Chat', channels: ['chat'] })).id;
    agent = await addAgent(t, acme, 'mailagent', { skills: [{ skill: 'email-desk', level: 2 }] });
    await addMailbox({
      name: '客服邮箱',
      queueId: queues.inbox,
      addresses: ['Support@Acme.test', 'help@acme.test'],
      fromAddress: 'support@acme.test',
      fromName: 'Acme 客服',
    });
    await addMailbox({
      name: 'Desk',
      queueId: queues.desk,
      addresses: ['desk@acme.test'],
      fromAddress: 'desk@acme.test',
    });
    await addMailbox({
      name: 'Night',
      queueId: queues.night,
      addresses: ['night@acme.test'],
      fromAddress: 'night@acme.test',
    });
  });
  afterAll(async () => {
    await t?.close();
    await relay?.stop();
  });

  it('keeps mailboxes for admins: role-checked, addresses unique across tenants, the IMAP password never returned', async () => {
    const body = {
      name: 'Sales',
      queueId: queues.inbox,
      addresses: ['sales@acme.test'],
      fromAddress: 'sales@acme.test',
      imap: { host: '127.0.0.1', port: 993, user: 'sales', password: 'imap-secret-pw' },
    };
    expect((await call(t, 'POST', '/api/v1/email-mailboxes', { token: sup(), json: body })).status).toBe(403);
    expect((await call(t, 'GET', '/api/v1/email-mailboxes', { token: acme.tokens.agent })).status).toBe(403);
    const created = await addMailbox(body);
    expect(created.imap).toMatchObject({ host: '127.0.0.1', user: 'sales', passwordSet: true });
    const listed = await call<{ items: MailboxBody[] }>(t, 'GET', '/api/v1/email-mailboxes', {
      token: sup(),
    });
    expect(listed.body.items.flatMap((m) => m.addresses)).toEqual(
      expect.arrayContaining(['support@acme.test', 'help@acme.test', 'sales@acme.test']),
    );
    expect(JSON.stringify(listed.body)).not.toContain('imap-secret-pw');
    const audit = await t.server.database.db
      .selectFrom('audit_log')
      .select('after')
      .where('tenant_id', '=', acme.id)
      .execute();
    expect(JSON.stringify(audit)).not.toContain('imap-secret-pw');

    // Keeping the password while changing the account; removing IMAP altogether.
    const patched = await call<MailboxBody>(t, 'PATCH', `/api/v1/email-mailboxes/${created.id}`, {
      token: acme.tokens.tenant_admin,
      json: { imap: { host: 'imap.acme.test', port: 993, user: 'sales2' } },
    });
    expect(patched.status).toBe(200);
    expect(patched.body.imap).toMatchObject({ host: 'imap.acme.test', user: 'sales2', passwordSet: true });
    const stored = await t.server.database.db
      .selectFrom('email_mailboxes')
      .select('imap_password')
      .where('id', '=', created.id)
      .executeTakeFirstOrThrow();
    expect(stored.imap_password).toBe('imap-secret-pw');

    // The same address again, in this tenant or another: 409, without naming who has it.
    const again = await call<{ error: { code: string; message: string } }>(
      t,
      'POST',
      '/api/v1/email-mailboxes',
      {
        token: acme.tokens.tenant_admin,
        json: { ...body, addresses: ['SALES@acme.test'], imap: null },
      },
    );
    expect(again.status).toBe(409);
    expect(again.body.error.message).toContain('sales@acme.test');
    const other = await seedTenant(t, `mail-other-${kind}`);
    const otherQueue = await addQueue(t, other.tokens.supervisor, { code: 'q', name: 'Other' });
    const stolen = await call<{ error: { code: string; message: string } }>(
      t,
      'POST',
      '/api/v1/email-mailboxes',
      {
        token: other.tokens.tenant_admin,
        json: {
          name: 'x',
          queueId: otherQueue.id,
          addresses: ['support@acme.test'],
          fromAddress: 'x@other.test',
        },
      },
    );
    expect(stolen.status).toBe(409);
    expect(JSON.stringify(stolen.body)).not.toContain(acme.id);
    // A queue that does not take email, bad addresses, a new IMAP account without a password: 400.
    for (const bad of [
      { ...body, addresses: ['new1@acme.test'], queueId: queues.chatOnly, imap: null },
      { ...body, addresses: ['not-an-address'], imap: null },
      { ...body, addresses: [], imap: null },
      { ...body, addresses: ['new2@acme.test'], imap: { host: 'h', port: 993, user: 'u' } },
    ]) {
      const res = await call(t, 'POST', '/api/v1/email-mailboxes', {
        token: acme.tokens.tenant_admin,
        json: bad,
      });
      expect(res.status, JSON.stringify(bad)).toBe(400);
    }

    const deleted = await call(t, 'DELETE', `/api/v1/email-mailboxes/${created.id}`, {
      token: acme.tokens.tenant_admin,
    });
    expect(deleted.status).toBe(204);
    expect((await call(t, 'GET', `/api/v1/email-mailboxes/${created.id}`, { token: sup() })).status).toBe(
      404,
    );
    // A deleted mailbox's address takes no more mail.
    const refused = await sendFails({
      from: 'a@customer.example.cn',
      to: 'sales@acme.test',
      subject: 'x',
      text: 'x',
    });
    expect(refused.responseCode).toBe(550);
  });

  it('turns a new email into an interaction in the mailbox queue, with its text, attachments and customer', async () => {
    const customer = await call<{ id: string }>(t, 'POST', '/api/v1/customers', {
      token: sup(),
      json: { name: '张三', contacts: [{ kind: 'email', value: 'zhang.san@customer.example.cn' }] },
    });
    const pdf = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(50_000, 7)]);
    const info = await send({
      from: '"张三" <Zhang.San@customer.example.cn>',
      to: 'support@acme.test',
      subject: '订单 #1001 还没有到',
      text: '你好，我的订单已经一周了还没到。',
      messageId: newId(),
      attachments: [
        { filename: '发票.pdf', content: pdf, contentType: 'application/pdf' },
        { filename: 'photo.png', content: Buffer.from('89504e470d0a1a0a', 'hex'), contentType: 'image/png' },
      ],
    });
    expect(info.accepted).toEqual(['support@acme.test']);
    expect(info.response).toMatch(/^250 /);

    const i = await interactionBySubject('订单 #1001 还没有到');
    expect(i).toMatchObject({
      channel: 'email',
      queueId: queues.inbox,
      status: 'queued',
      customerId: customer.body.id,
    });
    expect(i.messages).toHaveLength(1);
    expect(i.messages[0]).toMatchObject({ author: 'customer', body: '你好，我的订单已经一周了还没到。' });
    expect(i.messages[0]!.attachments.map((a) => [a.name, a.contentType, a.sizeBytes])).toEqual([
      ['发票.pdf', 'application/pdf', pdf.length],
      ['photo.png', 'image/png', 8],
    ]);
    const download = await fetch(`${t.baseUrl}${i.messages[0]!.attachments[0]!.url}`, {
      headers: { authorization: `Bearer ${sup()}` },
    });
    expect(download.status).toBe(200);
    expect(download.headers.get('content-disposition')).toContain("filename*=UTF-8''%E5%8F%91%E7%A5%A8.pdf");
    expect(Buffer.from(await download.arrayBuffer()).equals(pdf)).toBe(true);
    // An agent who was never offered it cannot fetch it.
    const foreign = await call(t, 'GET', i.messages[0]!.attachments[0]!.url!, { token: acme.tokens.agent });
    expect(foreign.status).toBe(404);

    const [email] = await emails(i.id);
    expect(email).toMatchObject({
      direction: 'inbound',
      messageId: info.messageId.slice(1, -1),
      delivery: { status: 'received' },
      to: ['support@acme.test'],
    });
  });

  it('threads a reply by In-Reply-To and References, and stores a resent message once', async () => {
    const first = newId();
    await send({
      from: 'li.si@customer.example.cn',
      to: 'help@acme.test',
      subject: '退货',
      text: '我想退货',
      messageId: first,
    });
    const i = await interactionBySubject('退货');
    const before = await countInteractions();

    const second = newId();
    await send({
      from: 'li.si@customer.example.cn',
      to: 'support@acme.test',
      subject: 'Re: 退货',
      // Quoted below, as mail clients do: the transcript keeps only the new part.
      text: '订单号是 2002\n\n在 2026年11月2日 10:00，Acme 客服 <support@acme.test> 写道：\n> 我想退货',
      messageId: second,
      inReplyTo: first,
      references: [first],
    });
    // A client that only keeps References (no In-Reply-To) threads too.
    const third = newId();
    await send({
      from: 'li.si@customer.example.cn',
      to: 'support@acme.test',
      subject: 'Re: Re: 退货',
      text: '还有一张照片',
      messageId: third,
      references: [first, second],
    });
    // The same message twice (a resend): stored once.
    await send({
      from: 'li.si@customer.example.cn',
      to: 'support@acme.test',
      subject: 'Re: 退货',
      text: 'again',
      messageId: third,
    });

    const bodies = await waitFor('three messages', async () => {
      const d = await detail(i.id);
      return d.messages.length >= 3 ? d.messages.map((m) => m.body) : undefined;
    });
    expect(bodies).toEqual(['我想退货', '订单号是 2002', '还有一张照片']);
    expect(await countInteractions()).toBe(before);
    expect((await emails(i.id)).map((e) => e.messageId)).toEqual(
      [first, second, third].map((id) => id.slice(1, -1)),
    );
  });

  it("sends the agent's reply through the relay with threading headers, threads the answer back, and reopens a closed conversation", async () => {
    const first = newId();
    await send({
      from: '"王五" <wang.wu@customer.example.cn>',
      replyTo: 'wang.wu+replies@customer.example.cn',
      to: 'desk@acme.test',
      subject: '发票抬头错了',
      text: '请帮我改一下发票抬头',
      messageId: first,
    });
    const i = await interactionBySubject('发票抬头错了', queues.desk);
    await setState(t, agent.token, agent.id, 'available');
    await offered(t, agent.token, i.id, [agent.id]);
    expect(
      (await call(t, 'POST', `/api/v1/interactions/${i.id}/accept`, { token: agent.token })).status,
    ).toBe(200);
    const posted = await call(t, 'POST', `/api/v1/interactions/${i.id}/messages`, {
      token: agent.token,
      json: { body: '好的，已经为您改好了。' },
    });
    expect(posted.status).toBe(201);

    const out = await waitFor(
      'the reply at the relay',
      async () => relay.to('wang.wu+replies@customer.example.cn')[0],
    );
    const sent = out.mail;
    expect(sent.from?.value[0]).toMatchObject({ address: 'desk@acme.test' });
    expect(sent.subject).toBe('Re: 发票抬头错了');
    expect(sent.text?.trim()).toBe('好的，已经为您改好了。');
    expect(sent.inReplyTo).toBe(first);
    expect([sent.references].flat()).toEqual([first]);
    expect(sent.headers.get('auto-submitted')).toBeUndefined();
    const reply = await waitFor('the reply marked sent', async () => {
      const e = (await emails(i.id)).find((x) => x.direction === 'outbound');
      return e?.delivery.status === 'sent' ? e : undefined;
    });
    expect(reply).toMatchObject({
      kind: 'reply',
      to: ['wang.wu+replies@customer.example.cn'],
      inReplyTo: first.slice(1, -1),
    });
    expect(`<${reply.messageId}>`).toBe(sent.messageId);

    // The customer answers the agent's email: it threads back by the Message-ID Hotline sent.
    await send({
      from: 'wang.wu@customer.example.cn',
      to: 'desk@acme.test',
      subject: 'Re: 发票抬头错了',
      text: '谢谢！',
      messageId: newId(),
      inReplyTo: sent.messageId,
      references: [first, sent.messageId!],
    });
    await waitFor('the answer on the interaction', async () =>
      (await detail(i.id)).messages.some((m) => m.body === '谢谢！'),
    );

    // Wrapped up (the desk has no wrap-up time: it closes at once); a later email reopens it.
    const wrapped = await call<Detail>(t, 'POST', `/api/v1/interactions/${i.id}/wrap-up`, {
      token: agent.token,
      json: { code: 'resolved', notes: '改好了' },
    });
    expect(wrapped.body.status).toBe('closed');
    await send({
      from: 'wang.wu@customer.example.cn',
      to: 'desk@acme.test',
      subject: 'Re: 发票抬头错了',
      text: '抬头还是不对',
      messageId: newId(),
      inReplyTo: sent.messageId,
    });
    const reopened = await waitFor('the reopened interaction offered to the same agent', async () => {
      const d = await detail(i.id);
      return d.status === 'offered' && d.agentId === agent.id ? d : undefined;
    });
    expect(reopened.disposition).toBeNull();
    expect(reopened.messages.map((m) => [m.author, m.body]).slice(-2)).toEqual([
      ['system', 'Reopened: the customer wrote again (was closed; earlier outcome resolved: 改好了)'],
      ['customer', '抬头还是不对'],
    ]);
    await setState(t, agent.token, agent.id, 'busy');
  });

  it('shows a relay that is down or refuses on the reply, and sends a failed reply again on request', async () => {
    await send({
      from: 'zhao.liu@customer.example.cn',
      to: 'desk@acme.test',
      subject: '保修',
      text: '保修期多久？',
      messageId: newId(),
    });
    const i = await interactionBySubject('保修', queues.desk);
    await setState(t, agent.token, agent.id, 'available');
    await offered(t, agent.token, i.id, [agent.id]);
    await call(t, 'POST', `/api/v1/interactions/${i.id}/accept`, { token: agent.token });

    relay.mode = 'tempfail';
    await call(t, 'POST', `/api/v1/interactions/${i.id}/messages`, {
      token: agent.token,
      json: { body: '一年。' },
    });
    const waiting = await waitFor('a retry scheduled', async () => {
      const e = (await emails(i.id)).find((x) => x.direction === 'outbound');
      return e && e.delivery.attempts > 0 ? e : undefined;
    });
    expect(waiting.delivery).toMatchObject({ status: 'queued', attempts: 1 });
    expect(waiting.delivery.lastError).toContain('451');
    expect(new Date(waiting.delivery.nextAttemptAt!).getTime()).toBeGreaterThan(Date.now() + 30_000);

    relay.mode = 'reject';
    await call(t, 'POST', `/api/v1/interactions/${i.id}/messages`, {
      token: agent.token,
      json: { body: '两年。' },
    });
    const failed = await waitFor('a refused reply marked failed', async () =>
      (await emails(i.id)).find((x) => x.delivery.status === 'failed'),
    );
    expect(failed.delivery.lastError).toContain('550');
    const note = await waitFor('the agent told', async () =>
      (await detail(i.id)).messages.find(
        (m) => m.author === 'system' && m.body.includes('could not be delivered'),
      ),
    );
    expect(note.body).toContain('zhao.liu@customer.example.cn');

    relay.mode = 'accept';
    const retried = await call<EmailBody>(
      t,
      'POST',
      `/api/v1/interactions/${i.id}/emails/${failed.id}/retry`,
      {
        token: agent.token,
      },
    );
    expect(retried.status).toBe(202);
    await waitFor('the retried reply sent', async () =>
      (await emails(i.id)).find((x) => x.id === failed.id && x.delivery.status === 'sent'),
    );
    expect(relay.to('zhao.liu@customer.example.cn').map((r) => r.mail.text?.trim())).toEqual(['两年。']);
    await call(t, 'POST', `/api/v1/interactions/${i.id}/wrap-up`, {
      token: agent.token,
      json: { code: 'answered' },
    });
    await setState(t, agent.token, agent.id, 'busy');
  });

  it('reopens a conversation that is still in wrap-up, and takes mail to two of its mailboxes once', async () => {
    const wrapQueue = await addQueue(t, sup(), {
      code: 'desk-wrap',
      name: 'Desk with after-work',
      requiredSkills: [{ skill: 'email-desk', minLevel: 1 }],
      wrapUpSeconds: 600,
    });
    await addMailbox({
      name: 'Desk 2',
      queueId: wrapQueue.id,
      addresses: ['desk2@acme.test'],
      fromAddress: 'desk2@acme.test',
    });
    const first = newId();
    // To two mailboxes of one tenant: one conversation, in the first one's queue.
    await send({
      from: 'sun.qi@customer.example.cn',
      to: ['desk2@acme.test', 'support@acme.test'],
      subject: '安装预约',
      text: '明天能来安装吗？',
      messageId: first,
    });
    const i = await interactionBySubject('安装预约');
    expect(i.queueId).toBe(wrapQueue.id);
    await setState(t, agent.token, agent.id, 'available');
    await offered(t, agent.token, i.id, [agent.id]);
    await call(t, 'POST', `/api/v1/interactions/${i.id}/accept`, { token: agent.token });
    const wrapping = await call<Detail>(t, 'POST', `/api/v1/interactions/${i.id}/wrap-up`, {
      token: agent.token,
      json: { code: 'booked' },
    });
    expect(wrapping.body.status).toBe('wrap_up');

    await send({
      from: 'sun.qi@customer.example.cn',
      to: 'desk2@acme.test',
      subject: 'Re: 安装预约',
      text: '改到后天可以吗？',
      messageId: newId(),
      inReplyTo: first,
    });
    const reopened = await waitFor('the reopened interaction', async () => {
      const d = await detail(i.id);
      return d.messages.some((m) => m.body === '改到后天可以吗？') ? d : undefined;
    });
    // The agent is still in after-work, so it waits in the queue for them (or anyone with the skill).
    expect(['queued', 'offered']).toContain(reopened.status);
    expect(reopened.wrapUpUntil).toBeNull();
    expect(reopened.messages.map((m) => m.body)).toContain(
      'Reopened: the customer wrote again (was wrap_up; earlier outcome booked)',
    );
    const threads = await call<{ items: { subject: string | null }[] }>(
      t,
      'GET',
      '/api/v1/interactions?limit=200',
      {
        token: sup(),
      },
    );
    expect(threads.body.items.filter((x) => x.subject === '安装预约')).toHaveLength(1);
    await setState(t, agent.token, agent.id, 'available');
    await offered(t, agent.token, i.id, [agent.id]);
    await call(t, 'POST', `/api/v1/interactions/${i.id}/accept`, { token: agent.token });
    await call(t, 'POST', `/api/v1/interactions/${i.id}/wrap-up`, {
      token: agent.token,
      json: { code: 'rebooked' },
    });
    await setState(t, agent.token, agent.id, 'busy');
  });

  it('refuses unknown recipients at RCPT (550) and oversized mail (552)', async () => {
    const unknown = await sendFails({
      from: 'a@customer.example.cn',
      to: 'nobody@acme.test',
      subject: 'x',
      text: 'x',
    });
    expect(unknown.responseCode).toBe(550);
    expect(unknown.response).toContain('<nobody@acme.test>: no such mailbox here');

    // One known and one unknown recipient: the known one gets it.
    const mixed = await send({
      from: 'a@customer.example.cn',
      to: ['nobody@acme.test', 'support@acme.test'],
      subject: '混合收件人',
      text: 'x',
      messageId: newId(),
    });
    expect(mixed.accepted).toEqual(['support@acme.test']);
    expect(mixed.rejected).toEqual(['nobody@acme.test']);
    await interactionBySubject('混合收件人');

    const before = await countInteractions();
    const big = await sendFails({
      from: 'a@customer.example.cn',
      to: 'support@acme.test',
      subject: 'too big',
      text: 'see attachment',
      attachments: [{ filename: 'big.bin', content: Buffer.alloc(26 * 1024 * 1024, 1) }],
    });
    expect(big.responseCode).toBe(552);
    expect(big.response).toContain('too big');
    expect(await countInteractions()).toBe(before);
  });

  it('refuses malformed messages with a clear error, stores a damaged MIME body safely, and keeps serving', async () => {
    const before = await countInteractions();
    const envelope = { from: 'a@customer.example.cn', to: ['support@acme.test'] };
    for (const [raw, reason] of [
      ['this is not an email at all\r\n', 'does not start with a header field'],
      ['To: support@acme.test\r\nSubject: no sender\r\n\r\nbody\r\n', 'no valid From address'],
      [Buffer.from([0x46, 0x72, 0x00, 0x3a, 0x0d, 0x0a, 0x0d, 0x0a, 0xff]), 'NUL bytes'],
    ] as const) {
      const err = await sendFails({ envelope, raw });
      expect(err.responseCode).toBe(554);
      expect(err.response).toContain('Malformed message:');
      expect(err.response).toContain(reason);
    }
    expect(await countInteractions()).toBe(before);

    // A multipart without its closing boundary and with broken base64 is kept as far as it reads.
    const broken = [
      'From: broken@customer.example.cn',
      'To: support@acme.test',
      'Subject: 附件坏了',
      `Message-ID: ${newId()}`,
      'Content-Type: multipart/mixed; boundary="XYZ"',
      '',
      '--XYZ',
      'Content-Type: text/plain; charset=utf-8',
      '',
      '附件好像坏了',
      '--XYZ',
      'Content-Type: application/pdf; name="a.pdf"',
      'Content-Transfer-Encoding: base64',
      '',
      '!!!not base64***',
      '',
    ].join('\r\n');
    await send({ envelope, raw: broken });
    const i = await interactionBySubject('附件坏了');
    expect(i.messages[0]).toMatchObject({ body: '附件好像坏了' });
    expect(i.messages[0]!.attachments.map((a) => a.name)).toEqual(['a.pdf']);

    // A client that talks nonsense, then hangs up in the middle of a message.
    const socket = net.connect(smtpPort, '127.0.0.1');
    let heard = '';
    socket.on('data', (d: Buffer) => {
      heard += d.toString();
    });
    const hear = (what: RegExp) => waitFor(`the listener to say ${what}`, async () => what.test(heard));
    await hear(/^220 /m);
    socket.write('FOO BAR\r\n');
    await hear(/^500 /m);
    socket.write(
      'EHLO hangup.example\r\nMAIL FROM:<a@customer.example.cn>\r\nRCPT TO:<support@acme.test>\r\nDATA\r\n',
    );
    await hear(/^354 /m);
    socket.write('From: a@customer.example.cn\r\nSubject: cut off\r\n\r\nhalf a mess');
    socket.destroy();

    // And the listener goes on taking mail.
    await send({
      from: 'next@customer.example.cn',
      to: 'support@acme.test',
      subject: '下一封',
      text: 'ok',
      messageId: newId(),
    });
    await interactionBySubject('下一封');
  });

  it("answers outside the queue's hours with its auto-reply, once per thread and never to machines", async () => {
    const first = newId();
    await send({
      from: 'night.owl@customer.example.cn',
      to: 'night@acme.test',
      subject: '半夜的问题',
      text: '在吗？',
      messageId: first,
    });
    const i = await interactionBySubject('半夜的问题', queues.night);
    const auto = await waitFor('the auto-reply', async () => relay.to('night.owl@customer.example.cn')[0]);
    expect(auto.mail.headers.get('auto-submitted')).toBe('auto-replied');
    expect(auto.mail.inReplyTo).toBe(first);
    expect(auto.mail.subject).toBe('Re: 半夜的问题');
    expect(auto.mail.from?.value[0]?.address).toBe('night@acme.test');
    expect(auto.mail.text?.trim()).toBe('您好，我们已收到您的邮件，将在工作时间内回复。');
    expect((await detail(i.id)).messages.map((m) => m.author)).toEqual(['customer', 'system']);

    // The same thread again: no second auto-reply.
    await send({
      from: 'night.owl@customer.example.cn',
      to: 'night@acme.test',
      subject: 'Re: 半夜的问题',
      text: '还在吗？',
      messageId: newId(),
      inReplyTo: first,
    });
    await waitFor('the second email', async () =>
      (await detail(i.id)).messages.some((m) => m.body === '还在吗？'),
    );
    // Machine-written mail in new threads: an out-of-office, a newsletter, a bounce.
    await send({
      from: 'ooo@customer.example.cn',
      to: 'night@acme.test',
      subject: '自动回复：休假中',
      text: '我在休假',
      messageId: newId(),
      headers: { 'Auto-Submitted': 'auto-replied' },
    });
    await send({
      from: 'news@customer.example.cn',
      to: 'night@acme.test',
      subject: '每周新闻',
      text: 'news',
      messageId: newId(),
      list: { id: 'weekly.customer.example.cn', unsubscribe: 'mailto:unsub@customer.example.cn' },
    });
    await send({
      envelope: { from: '', to: ['night@acme.test'] },
      from: 'someone@customer.example.cn',
      to: 'night@acme.test',
      subject: '退信',
      text: 'bounce',
      messageId: newId(),
    });
    for (const subject of ['自动回复：休假中', '每周新闻', '退信'])
      await interactionBySubject(subject, queues.night);
    // Give the job runner time to have sent anything it was going to.
    await new Promise((r) => setTimeout(r, 2500));
    expect(relay.to('night.owl@customer.example.cn')).toHaveLength(1);
    for (const who of [
      'ooo@customer.example.cn',
      'news@customer.example.cn',
      'someone@customer.example.cn',
    ]) {
      expect(relay.to(who), who).toHaveLength(0);
    }
  });

  it('polls an IMAP account, takes only unseen messages, marks them seen and never duplicates', async () => {
    // Base64 bodies: hoodiecrow keeps messages as JavaScript strings and garbles raw 8-bit text.
    const imapMessage = (id: string, subject: string, text: string) =>
      `From: "赵六" <imap.user@customer.example.cn>\r\nTo: imap@acme.test\r\nSubject: =?UTF-8?B?${Buffer.from(subject).toString('base64')}?=\r\nMessage-ID: <${id}>\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n${Buffer.from(text).toString('base64')}\r\n`;
    const imap = hoodiecrow({
      plugins: ['ID', 'UNSELECT', 'ENABLE', 'SASL-IR', 'AUTH-PLAIN', 'LITERALPLUS'],
      users: { hotline: { password: 'imap-pass' } },
      storage: {
        INBOX: {
          messages: [
            {
              raw: imapMessage(`imap-1.${kind}@customer.example.cn`, 'IMAP 来信', '通过 IMAP 收到'),
              flags: [],
            },
            { raw: imapMessage(`imap-0.${kind}@customer.example.cn`, '旧邮件', '已读过'), flags: ['\\Seen'] },
            { raw: 'garbage without headers\r\n', flags: [] },
          ],
        },
      },
    });
    await new Promise<void>((resolve) => imap.listen(0, '127.0.0.1', resolve));
    const port = imap.server.address().port;
    try {
      const mailbox = await addMailbox({
        name: 'IMAP',
        queueId: queues.inbox,
        addresses: ['imap@acme.test'],
        fromAddress: 'imap@acme.test',
        imap: { host: '127.0.0.1', port, tls: false, user: 'hotline', password: 'imap-pass' },
      });
      const poll = async () => {
        const res = await call<{ jobId: number }>(t, 'POST', `/api/v1/email-mailboxes/${mailbox.id}/poll`, {
          token: acme.tokens.tenant_admin,
        });
        expect(res.status).toBe(202);
        return (await waitForJob(t, sup(), res.body.jobId)) as {
          unseen?: number;
          stored?: number;
          refused?: string[];
        };
      };
      // Creating the mailbox already asked for a poll; this one joins or follows it.
      await poll();
      const i = await interactionBySubject('IMAP 来信', queues.inbox);
      expect(i.messages[0]).toMatchObject({ author: 'customer', body: '通过 IMAP 收到' });
      const [email] = await emails(i.id);
      expect(email).toMatchObject({ messageId: `imap-1.${kind}@customer.example.cn` });
      const view = await call<MailboxBody>(t, 'GET', `/api/v1/email-mailboxes/${mailbox.id}`, {
        token: sup(),
      });
      expect(view.body.imap?.lastPolledAt).not.toBeNull();
      expect(view.body.imap?.lastError).toContain('malformed');

      // Everything is seen now: a second poll finds nothing and adds nothing.
      const before = await countInteractions();
      expect(await poll()).toMatchObject({ unseen: 0, stored: 0 });
      expect(await countInteractions()).toBe(before);
      const client = new ImapFlow({
        host: '127.0.0.1',
        port,
        secure: false,
        auth: { user: 'hotline', pass: 'imap-pass' },
        logger: false,
      });
      await client.connect();
      const lock = await client.getMailboxLock('INBOX');
      try {
        expect(await client.search({ seen: false }, { uid: true })).toEqual([]);
      } finally {
        lock.release();
        await client.logout();
      }
      const all = await call<{ items: { subject: string | null }[] }>(
        t,
        'GET',
        '/api/v1/interactions?limit=200',
        {
          token: sup(),
        },
      );
      expect(all.body.items.map((x) => x.subject)).not.toContain('旧邮件');
    } finally {
      await new Promise<void>((resolve) => imap.close(() => resolve()));
    }
  }, 60_000);
});
