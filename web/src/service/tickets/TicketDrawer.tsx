import { Button, Descriptions, Drawer, Input, Select, Space, Tag, Timeline, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.ts';
import { useErrorToast } from '../../api/use-error-toast.ts';
import { clock } from '../../floor/clock.ts';
import { dateTime } from '../../i18n/format.ts';
import {
  NEXT_STATUSES,
  PRIORITY_COLORS,
  type SlaClock,
  STATUS_COLORS,
  TICKET_PRIORITIES,
  type TicketDetail,
  type TicketPriority,
  type TicketStatus,
} from './ticket-types.ts';

const CLOCK_COLORS: Record<SlaClock['state'], string> = {
  running: 'blue',
  paused: 'gold',
  met: 'green',
  met_late: 'orange',
  breached: 'red',
};

/** One SLA clock: its state and, while it runs, how long is left (or how far past due). */
function ClockTag({ name, clockState }: { name: string; clockState: SlaClock }) {
  const { t } = useTranslation();
  const left = Math.round(clockState.remainingMs / 1000);
  return (
    <Space size={4} data-testid={`ticket-sla-${name}`}>
      <Tag color={clockState.warning ? 'orange' : CLOCK_COLORS[clockState.state]}>
        {t(`tickets.slaStates.${clockState.state}`)}
      </Tag>
      {clockState.state === 'running' && (
        <span className="small">{t('tickets.left', { time: clock(Math.max(0, left)) })}</span>
      )}
      {clockState.dueAt && (
        <span className="small">{t('tickets.dueAt', { time: dateTime(clockState.dueAt) })}</span>
      )}
    </Space>
  );
}

/**
 * A ticket in full: its fields, SLA clocks, the move to the next status (a resolution code to
 * resolve or close), priority, internal notes and the history of every change.
 */
export function TicketDrawer({
  ticketId,
  onClose,
  onChanged,
}: {
  ticketId: string | null;
  onClose: () => void;
  onChanged: () => void;
}) {
  const { t } = useTranslation();
  const showError = useErrorToast();
  const [ticket, setTicket] = useState<TicketDetail | null>(null);
  const [next, setNext] = useState<TicketStatus | undefined>();
  const [code, setCode] = useState('');
  const [summary, setSummary] = useState('');
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);

  const load = useCallback(async () => {
    if (!ticketId) return setTicket(null);
    await api<TicketDetail>('GET', `/api/v1/tickets/${ticketId}`).then(setTicket, showError);
  }, [ticketId, showError]);
  useEffect(() => {
    setNext(undefined);
    setCode('');
    setSummary('');
    setNote('');
    void load();
  }, [load]);

  const change = async (body: Record<string, unknown>) => {
    if (!ticket) return;
    setBusy(true);
    const updated = await api<TicketDetail>('PATCH', `/api/v1/tickets/${ticket.id}`, {
      ...body,
      version: ticket.version,
    }).catch((err: unknown) => {
      showError(err);
      return null;
    });
    setBusy(false);
    if (updated) {
      setTicket(updated);
      setNext(undefined);
      onChanged();
    }
  };
  const addNote = async () => {
    if (!ticket || !note.trim()) return;
    setBusy(true);
    const updated = await api<TicketDetail>('POST', `/api/v1/tickets/${ticket.id}/notes`, {
      body: note.trim(),
    }).catch((err: unknown) => {
      showError(err);
      return null;
    });
    setBusy(false);
    if (updated) {
      setTicket(updated);
      setNote('');
    }
  };
  const needsCode = next === 'resolved' || next === 'closed';

  return (
    <Drawer
      open={ticketId !== null}
      onClose={onClose}
      width={560}
      title={ticket ? `${t('tickets.ticket')} ${ticket.number} · ${ticket.subject}` : ''}
      destroyOnHidden
    >
      {ticket && (
        <div className="ticket-drawer" data-testid="ticket-drawer">
          <Descriptions size="small" column={2}>
            <Descriptions.Item label={t('tickets.status')}>
              <Tag color={STATUS_COLORS[ticket.status]} data-testid="ticket-status">
                {t(`tickets.statuses.${ticket.status}`)}
              </Tag>
            </Descriptions.Item>
            <Descriptions.Item label={t('tickets.type')}>
              {t(`tickets.types.${ticket.type}`)}
            </Descriptions.Item>
            <Descriptions.Item label={t('tickets.priority')}>
              <Select<TicketPriority>
                size="small"
                value={ticket.priority}
                disabled={busy || !!ticket.mergedIntoId}
                onChange={(p) => void change({ priority: p })}
                style={{ width: 110 }}
                options={TICKET_PRIORITIES.map((p) => ({
                  value: p,
                  label: <Tag color={PRIORITY_COLORS[p]}>{t(`tickets.priorities.${p}`)}</Tag>,
                }))}
              />
            </Descriptions.Item>
            <Descriptions.Item label={t('tickets.customer')}>{ticket.customerName ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('tickets.owner')}>{ticket.owner?.name ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('tickets.created')}>{dateTime(ticket.createdAt)}</Descriptions.Item>
          </Descriptions>
          {ticket.description && <Typography.Paragraph>{ticket.description}</Typography.Paragraph>}
          {ticket.complaint && (
            <Descriptions size="small" column={2} style={{ marginTop: 8 }} data-testid="ticket-complaint">
              <Descriptions.Item label={t('complaints.category')}>
                {t(`complaints.categories.${ticket.complaint.category}`)}
              </Descriptions.Item>
              <Descriptions.Item label={t('complaints.severity')}>
                <Tag color={ticket.complaint.severity === 'critical' ? 'red' : undefined}>
                  {t(`complaints.severities.${ticket.complaint.severity}`)}
                </Tag>
              </Descriptions.Item>
              <Descriptions.Item label={t('complaints.product')}>
                {ticket.complaint.product ?? '—'}
              </Descriptions.Item>
              <Descriptions.Item label={t('complaints.compensation')}>
                {ticket.complaint.compensationMinor === null
                  ? '—'
                  : (ticket.complaint.compensationMinor / 100).toFixed(2)}
              </Descriptions.Item>
              <Descriptions.Item label={t('complaints.accepted')} span={2}>
                <Select<'yes' | 'no' | 'unknown'>
                  size="small"
                  style={{ width: 140 }}
                  disabled={busy}
                  value={
                    ticket.complaint.accepted === null ? 'unknown' : ticket.complaint.accepted ? 'yes' : 'no'
                  }
                  onChange={(v) =>
                    void change({ complaint: { accepted: v === 'unknown' ? null : v === 'yes' } })
                  }
                  options={[
                    { value: 'unknown', label: t('complaints.acceptedUnknown') },
                    { value: 'yes', label: t('complaints.acceptedYes') },
                    { value: 'no', label: t('complaints.acceptedNo') },
                  ]}
                  data-testid="ticket-complaint-accepted"
                />
              </Descriptions.Item>
            </Descriptions>
          )}
          {ticket.sla && (
            <Descriptions
              size="small"
              column={1}
              style={{ marginTop: 16 }}
              title={`${t('tickets.sla')} · ${ticket.sla.policy.name}`}
            >
              <Descriptions.Item label={t('tickets.firstResponse')}>
                <ClockTag name="first-response" clockState={ticket.sla.firstResponse} />
              </Descriptions.Item>
              <Descriptions.Item label={t('tickets.resolution')}>
                <ClockTag name="resolution" clockState={ticket.sla.resolution} />
              </Descriptions.Item>
            </Descriptions>
          )}
          {!ticket.mergedIntoId && (
            <Space direction="vertical" style={{ width: '100%', margin: '12px 0' }}>
              <Space wrap>
                <Select<TicketStatus>
                  placeholder={t('tickets.moveTo')}
                  value={next}
                  onChange={setNext}
                  style={{ width: 180 }}
                  options={NEXT_STATUSES[ticket.status].map((s) => ({
                    value: s,
                    label: t(`tickets.statuses.${s}`),
                  }))}
                  data-testid="ticket-next-status"
                />
                {needsCode && (
                  <Input
                    placeholder={t('tickets.resolutionCode')}
                    value={code}
                    onChange={(e) => setCode(e.target.value)}
                    style={{ width: 160 }}
                    data-testid="ticket-resolution-code"
                  />
                )}
                <Button
                  type="primary"
                  disabled={!next || (needsCode && !code.trim() && !ticket.resolutionCode)}
                  loading={busy}
                  onClick={() =>
                    void change({
                      status: next,
                      ...(needsCode && code.trim() ? { resolutionCode: code.trim() } : {}),
                      ...(needsCode && summary.trim() ? { resolutionSummary: summary.trim() } : {}),
                    })
                  }
                  data-testid="ticket-move"
                >
                  {t('tickets.move')}
                </Button>
              </Space>
              {needsCode && (
                <Input.TextArea
                  rows={2}
                  placeholder={t('tickets.resolutionSummary')}
                  value={summary}
                  onChange={(e) => setSummary(e.target.value)}
                />
              )}
            </Space>
          )}
          <Space.Compact style={{ width: '100%', marginBottom: 16 }}>
            <Input
              placeholder={t('tickets.notePlaceholder')}
              value={note}
              onChange={(e) => setNote(e.target.value)}
              onPressEnter={() => void addNote()}
              data-testid="ticket-note"
            />
            <Button onClick={() => void addNote()} disabled={!note.trim()} loading={busy}>
              {t('tickets.addNote')}
            </Button>
          </Space.Compact>
          <Timeline
            data-testid="ticket-history"
            items={[...ticket.events].reverse().map((e) => ({
              color: e.kind === 'sla' ? 'red' : e.kind === 'note' ? 'green' : 'blue',
              children: (
                <div>
                  <Typography.Text type="secondary" className="small">
                    {dateTime(e.at)} · {e.author?.name ?? t('tickets.system')}
                  </Typography.Text>
                  <div>
                    {e.kind === 'note'
                      ? e.body
                      : e.kind === 'status'
                        ? `${t(`tickets.statuses.${String(e.detail.from)}`)} → ${t(`tickets.statuses.${String(e.detail.to)}`)}`
                        : e.kind === 'sla'
                          ? t(`tickets.slaEvents.${String(e.detail.kind)}`, {
                              clock: t(`tickets.clocks.${String(e.detail.clock ?? 'resolution')}`),
                            })
                          : t(`tickets.events.${e.kind}`)}
                  </div>
                </div>
              ),
            }))}
          />
        </div>
      )}
    </Drawer>
  );
}
