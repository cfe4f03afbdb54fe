import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addQueue } from '../support/routing-helpers.ts';
import {
  call,
  DATABASES,
  seedTenant,
  startTestServer,
  type TestServer,
  type TestTenant,
} from '../support/test-server.ts';

/**
 * Tickets over the API: custom fields per type, a repair opened from a chat (its customer,
 * channel and queue by default), the status workflow with its refusals, notes, optimistic
 * versions, merging a duplicate, and who may do what.
 */
interface Ticket {
  id: string;
  number: string;
  type: string;
  status: string;
  priority: string;
  customerId: string | null;
  queueId: string | null;
  channel: string | null;
  owner: { id: string; name: string } | null;
  customFields: Record<string, unknown>;
  resolutionCode: string | null;
  mergedIntoId: string | null;
  firstRespondedAt: string | null;
  resolvedAt: string | null;
  closedAt: string | null;
  version: number;
  interactions?: { id: string; channel: string }[];
  events?: {
    kind: string;
    author: { id: string } | null;
    body: string | null;
    detail: Record<string, unknown>;
  }[];
}
type ErrorBody = { error: { code: string; message: string; details?: unknown } };

describe.each(DATABASES)('tickets on %s', (kind) => {
  let t: TestServer;
  let acme: TestTenant;
  let customerId: string;
  let interactionId: string;
  let queueId: string;
  let agentId: string;

  beforeAll(async () => {
    t = await startTestServer(kind);
    acme = await seedTenant(t, 'acme');
    const sup = acme.tokens.supervisor;
    queueId = (await addQueue(t, sup, { code: 'service', name: '售后服务', channels: ['chat'] })).id;
    const customer = await call<{ id: string }>(t, 'POST', '/api/v1/customers', {
      token: sup,
      json: { name: '张伟', contacts: [{ kind: 'phone', value: '13800138000' }] },
    });
    customerId = customer.body.id;
    const interaction = await call<{ id: string }>(t, 'POST', '/api/v1/interactions', {
      token: sup,
      json: { channel: 'chat', queueId, customerId, message: { body: '空调不制冷' } },
    });
    interactionId = interaction.body.id;
    agentId = (await call<{ id: string }>(t, 'GET', '/api/v1/auth/me', { token: acme.tokens.agent })).body.id;
  });
  afterAll(() => t?.close());

  const create = (json: unknown, token = acme.tokens.agent, headers: Record<string, string> = {}) =>
    call<Ticket & ErrorBody>(t, 'POST', '/api/v1/tickets', { token, json, headers });
  const patch = (id: string, json: unknown, token = acme.tokens.agent) =>
    call<Ticket & ErrorBody>(t, 'PATCH', `/api/v1/tickets/${id}`, { token, json });

  it('checks custom fields against the type’s definitions, set by an admin', async () => {
    const defs = await call(t, 'PUT', '/api/v1/ticket-fields/repair', {
      token: acme.tokens.tenant_admin,
      json: {
        fields: [
          { key: 'model', label: { 'zh-CN': '型号', en: 'Model' }, kind: 'text', required: true },
          {
            key: 'fault',
            label: { 'zh-CN': '故障', en: 'Fault' },
            kind: 'select',
            options: ['不制冷', '漏水'],
          },
        ],
      },
    });
    expect(defs.status, JSON.stringify(defs.body)).toBe(200);
    const agentTries = await call(t, 'PUT', '/api/v1/ticket-fields/repair', {
      token: acme.tokens.agent,
      json: { fields: [] },
    });
    expect(agentTries.status).toBe(403);
    const badDefs = await call<ErrorBody>(t, 'PUT', '/api/v1/ticket-fields/repair', {
      token: acme.tokens.tenant_admin,
      json: { fields: [{ key: 'x', label: { 'zh-CN': 'x', en: 'x' }, kind: 'select' }] },
    });
    expect(badDefs.status).toBe(400);

    const missing = await create({
      type: 'repair',
      subject: '空调不制冷',
      customFields: { fault: '噪音', colour: 'red' },
    });
    expect(missing.status).toBe(400);
    expect(missing.body.error.details).toEqual([
      { path: 'customFields.colour', message: 'no such field for this type' },
      { path: 'customFields.model', message: 'required' },
      { path: 'customFields.fault', message: 'one of 不制冷, 漏水' },
    ]);
    const list = await call<{ items: Ticket[] }>(t, 'GET', '/api/v1/tickets', { token: acme.tokens.agent });
    expect(list.body.items).toEqual([]);
  });

  let repair: Ticket;

  it('opens a repair from a chat in one request: customer, channel, queue and link by default', async () => {
    const res = await create(
      {
        type: 'repair',
        subject: '空调不制冷',
        interactionId,
        customFields: { model: 'KFR-35GW', fault: '不制冷' },
      },
      acme.tokens.agent,
      { 'idempotency-key': 'repair-1' },
    );
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    repair = res.body;
    expect(repair).toMatchObject({
      type: 'repair',
      status: 'new',
      priority: 'normal',
      customerId,
      queueId,
      channel: 'chat',
      customFields: { model: 'KFR-35GW', fault: '不制冷' },
      firstRespondedAt: null,
    });
    expect(Number(repair.number)).toBeGreaterThan(10_000);
    const again = await create(
      {
        type: 'repair',
        subject: '空调不制冷',
        interactionId,
        customFields: { model: 'KFR-35GW', fault: '不制冷' },
      },
      acme.tokens.agent,
      { 'idempotency-key': 'repair-1' },
    );
    expect(again.body.id).toBe(repair.id);
    const detail = await call<Ticket>(t, 'GET', `/api/v1/tickets/${repair.id}`, {
      token: acme.tokens.analyst,
    });
    expect(detail.body.interactions?.map((i) => i.id)).toEqual([interactionId]);
    expect(detail.body.events?.map((e) => e.kind)).toEqual(['created']);
    const byInteraction = await call<{ items: Ticket[] }>(
      t,
      'GET',
      `/api/v1/tickets?interactionId=${interactionId}`,
      {
        token: acme.tokens.agent,
      },
    );
    expect(byInteraction.body.items.map((i) => i.id)).toEqual([repair.id]);
    const analyst = await create({ type: 'inquiry', subject: 'x' }, acme.tokens.analyst);
    expect(analyst.status).toBe(403);
  });

  it('moves along the workflow, refusing moves outside it and a resolution without a code', async () => {
    const taken = await patch(repair.id, { status: 'open', ownerId: agentId, priority: 'high' });
    expect(taken.status, JSON.stringify(taken.body)).toBe(200);
    expect(taken.body).toMatchObject({ status: 'open', priority: 'high', owner: { id: agentId } });
    expect(taken.body.firstRespondedAt).not.toBeNull();
    expect((await patch(repair.id, { status: 'pending_customer' })).body.status).toBe('pending_customer');
    const noCode = await patch(repair.id, { status: 'resolved' });
    expect(noCode.status).toBe(400);
    expect(noCode.body.error.message).toContain('resolutionCode');
    const resolved = await patch(repair.id, {
      status: 'resolved',
      resolutionCode: 'repaired',
      resolutionSummary: '更换压缩机',
    });
    expect(resolved.body).toMatchObject({ status: 'resolved', resolutionCode: 'repaired' });
    expect(resolved.body.resolvedAt).not.toBeNull();
    const back = await patch(repair.id, { status: 'open' });
    expect(back.status).toBe(409);
    expect(back.body.error).toMatchObject({
      code: 'INVALID_TRANSITION',
      details: { allowed: ['closed', 'reopened'] },
    });
    const reopened = await patch(repair.id, { status: 'reopened' });
    expect(reopened.body).toMatchObject({ status: 'reopened', resolvedAt: null });
    // A stale version is refused, naming the current one.
    const stale = await patch(repair.id, { priority: 'low', version: 1 });
    expect(stale.status).toBe(409);
    expect(stale.body.error.details).toEqual({ currentVersion: reopened.body.version });
    const badOwner = await patch(repair.id, { ownerId: '00000000-0000-4000-8000-000000000000' });
    expect(badOwner.status).toBe(400);
    const nothing = await patch(repair.id, {});
    expect(nothing.status).toBe(400);

    const note = await call<Ticket>(t, 'POST', `/api/v1/tickets/${repair.id}/notes`, {
      token: acme.tokens.agent,
      json: { body: '已联系师傅，明天上门' },
    });
    expect(note.status).toBe(201);
    expect(note.body.events?.map((e) => e.kind)).toEqual([
      'created',
      'priority',
      'assigned',
      'status',
      'status',
      'notified',
      'resolution',
      'status',
      'notified',
      'status',
      'notified',
      'note',
    ]);
    // A chat that has ended cannot be written to: the history says the customer was not told.
    expect(note.body.events?.find((e) => e.kind === 'notified')?.detail).toMatchObject({
      status: 'pending_customer',
      outcome: 'no_channel_chat',
    });
    expect(note.body.events?.at(-1)).toMatchObject({ body: '已联系师傅，明天上门', author: { id: agentId } });
  });

  it('merges a duplicate into the ticket that stays', async () => {
    const duplicate = await create({
      type: 'repair',
      subject: '空调又坏了',
      customerId,
      customFields: { model: 'KFR-35GW' },
    });
    expect(duplicate.status).toBe(201);
    const other = await call<{ id: string }>(t, 'POST', '/api/v1/customers', {
      token: acme.tokens.supervisor,
      json: { name: '李静' },
    });
    const foreign = await create({ type: 'inquiry', subject: '别人的', customerId: other.body.id });
    const wrong = await call<ErrorBody>(t, 'POST', `/api/v1/tickets/${duplicate.body.id}/merge`, {
      token: acme.tokens.agent,
      json: { intoId: foreign.body.id },
    });
    expect(wrong.status).toBe(400);
    const merged = await call<Ticket>(t, 'POST', `/api/v1/tickets/${duplicate.body.id}/merge`, {
      token: acme.tokens.agent,
      json: { intoId: repair.id },
    });
    expect(merged.status, JSON.stringify(merged.body)).toBe(200);
    expect(merged.body).toMatchObject({
      status: 'closed',
      mergedIntoId: repair.id,
      resolutionCode: 'merged',
    });
    const changeMerged = await patch(duplicate.body.id, { priority: 'urgent' });
    expect(changeMerged.status).toBe(409);
    const kept = await call<Ticket>(t, 'GET', `/api/v1/tickets/${repair.id}`, { token: acme.tokens.agent });
    expect(kept.body.events?.at(-1)).toMatchObject({ kind: 'merged', detail: { fromId: duplicate.body.id } });
    const open = await call<{ items: Ticket[] }>(t, 'GET', '/api/v1/tickets?status=new,open,reopened', {
      token: acme.tokens.agent,
    });
    expect(open.body.items.map((i) => i.id).sort()).toEqual([repair.id, foreign.body.id].sort());
  });
  it('keeps a complaint’s own facts and reports the complaint rate per product and per 1,000 orders', async () => {
    const missing = await create({ type: 'complaint', subject: '安装太慢' });
    expect(missing.status).toBe(400);
    const misplaced = await create({
      type: 'inquiry',
      subject: '问一下',
      complaint: { category: 'billing' },
    });
    expect(misplaced.status).toBe(400);
    for (let i = 0; i < 2; i++) {
      const order = await call(t, 'POST', `/api/v1/customers/${customerId}/orders`, {
        token: acme.tokens.supervisor,
        json: { product: '格力空调', amountMinor: 399_900, orderedAt: new Date().toISOString().slice(0, 10) },
      });
      expect(order.status, JSON.stringify(order.body)).toBe(201);
    }
    const complaint = await create({
      type: 'complaint',
      subject: '安装师傅迟到三小时',
      customerId,
      complaint: {
        category: 'installation',
        product: '格力空调',
        severity: 'critical',
        compensationMinor: 20_000,
      },
    });
    expect(complaint.status, JSON.stringify(complaint.body)).toBe(201);
    const settings = await call(t, 'PUT', '/api/v1/complaint-settings', {
      token: acme.tokens.supervisor,
      json: { warnPer1000Orders: 100 },
    });
    expect(settings.status).toBe(200);
    const resolved = await patch(complaint.body.id, {
      status: 'resolved',
      resolutionCode: 'compensated',
      complaint: { accepted: true, compensationNote: '赠送清洗服务' },
    });
    expect(resolved.status, JSON.stringify(resolved.body)).toBe(200);
    expect((resolved.body as unknown as { complaint: unknown }).complaint).toMatchObject({
      category: 'installation',
      severity: 'critical',
      compensationMinor: 20_000,
      compensationNote: '赠送清洗服务',
      accepted: true,
    });
    const report = await call<{
      products: unknown[];
      byCategory: Record<string, number>;
      total: { complaints: number };
      accepted: number;
      resolved: number;
      warnPer1000Orders: number;
    }>(t, 'GET', '/api/v1/reports/complaints', { token: acme.tokens.analyst });
    expect(report.status).toBe(200);
    expect(report.body.products).toEqual([
      { product: '格力空调', complaints: 1, orders: 2, per1000Orders: 500, warning: true },
    ]);
    expect(report.body).toMatchObject({
      byCategory: { installation: 1 },
      total: { complaints: 1 },
      accepted: 1,
      resolved: 1,
      warnPer1000Orders: 100,
    });
    expect((await call(t, 'GET', '/api/v1/reports/complaints', { token: acme.tokens.agent })).status).toBe(
      403,
    );
    const wrongType = await patch(repair.id, { complaint: { accepted: true } });
    expect(wrongType.status).toBe(400);
  });
  it('tells an email customer of their ticket’s status in the thread they wrote in', async () => {
    const emailQueue = await addQueue(t, acme.tokens.supervisor, {
      code: 'mail',
      name: '邮件客服',
      channels: ['email'],
    });
    const mailbox = await call(t, 'POST', '/api/v1/email-mailboxes', {
      token: acme.tokens.tenant_admin,
      json: {
        name: '客服邮箱',
        queueId: emailQueue.id,
        addresses: ['service@acme.test'],
        fromAddress: 'service@acme.test',
      },
    });
    expect(mailbox.status, JSON.stringify(mailbox.body)).toBe(201);
    const mail = await call<{ id: string }>(t, 'POST', '/api/v1/interactions', {
      token: acme.tokens.supervisor,
      json: {
        channel: 'email',
        queueId: emailQueue.id,
        subject: '发票开错了',
        contact: { email: 'wei@example.cn' },
      },
    });
    expect(mail.status, JSON.stringify(mail.body)).toBe(201);
    const ticket = await create({ type: 'inquiry', subject: '重开发票', interactionId: mail.body.id });
    expect(ticket.body.channel).toBe('email');
    await patch(ticket.body.id, { status: 'open' });
    const resolved = await patch(ticket.body.id, {
      status: 'resolved',
      resolutionCode: 'reissued',
      resolutionSummary: '已重开增值税专用发票',
    });
    expect(resolved.status).toBe(200);
    const emails = await t.server.database.db
      .selectFrom('email_messages')
      .select(['direction', 'to_addresses', 'text_body', 'status'])
      .where('interaction_id', '=', mail.body.id)
      .execute();
    expect(emails).toHaveLength(1);
    expect(emails[0]).toMatchObject({
      direction: 'outbound',
      to_addresses: ['wei@example.cn'],
      status: 'queued',
    });
    expect(emails[0]!.text_body).toContain(`您的工单 ${ticket.body.number}（重开发票）：已解决`);
    expect(emails[0]!.text_body).toContain('已重开增值税专用发票');
    const detail = await call<Ticket>(t, 'GET', `/api/v1/tickets/${ticket.body.id}`, {
      token: acme.tokens.agent,
    });
    expect(detail.body.events?.at(-1)).toMatchObject({
      kind: 'notified',
      detail: { outcome: 'queued', channel: 'email' },
    });
  });
});
