import { Button, Card, Descriptions, Input, Modal, Space, Tag, Timeline, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.ts';
import type { Standing } from '../../api/types.ts';
import { useErrorToast } from '../../api/use-error-toast.ts';
import { date, list, money } from '../../i18n/format.ts';
import { STAGE_COLORS, TIER_COLORS } from './standing-colors.ts';

/** The card's value tier and lifecycle stage, each with why, and referrals. */
export function StandingPanel({
  customerId,
  standing,
  canWrite,
  onChange,
}: {
  customerId: string;
  standing: Standing | null;
  canWrite: boolean;
  onChange: (s: Standing) => void;
}) {
  const { t } = useTranslation();
  const showError = useErrorToast();
  const [lost, setLost] = useState(false);
  const [reason, setReason] = useState('');
  if (!standing) return null;
  const v = standing.value;
  const s = standing.stage;

  async function record(body: Record<string, unknown>) {
    try {
      onChange(await api<Standing>('POST', `/api/v1/customers/${customerId}/facts`, body));
    } catch (err) {
      showError(err);
    }
  }

  return (
    <Card
      title={t('card.standing')}
      size="small"
      data-testid="card-standing"
      extra={
        canWrite && (
          <Space>
            <Button size="small" onClick={() => void record({ kind: 'qualified' })}>
              {t('card.markInterested')}
            </Button>
            <Button size="small" danger onClick={() => setLost(true)}>
              {t('card.markLost')}
            </Button>
          </Space>
        )
      }
    >
      <Space orientation="vertical" style={{ width: '100%' }}>
        <div>
          <Typography.Text type="secondary">
            {t('common.fieldLabel', { field: t('card.tier') })}
          </Typography.Text>
          {v ? (
            <Tag color={TIER_COLORS[v.tier]} data-testid="card-tier">
              {v.tierName}
            </Tag>
          ) : (
            t('card.noValue')
          )}
          <Typography.Text type="secondary" style={{ marginLeft: 16 }}>
            {t('common.fieldLabel', { field: t('card.stage') })}
          </Typography.Text>
          {s && (
            <>
              <Tag color={STAGE_COLORS[s.code]} data-testid="card-stage">
                {s.name}
              </Tag>
              <Typography.Text type="secondary">{t('card.since', { date: date(s.since) })}</Typography.Text>
            </>
          )}
        </div>
        {v && (
          <Typography.Paragraph style={{ margin: 0 }} data-testid="card-tier-why">
            {v.explanation}
          </Typography.Paragraph>
        )}
        {s && (
          <Typography.Paragraph style={{ margin: 0 }} type="secondary">
            {s.explanation}
          </Typography.Paragraph>
        )}
        {v && (
          <Descriptions size="small" column={3}>
            <Descriptions.Item label={t('card.lifetimeRevenue')}>
              {money(v.lifetimeRevenueMinor, standing.currency)}
            </Descriptions.Item>
            <Descriptions.Item label={t('card.expectedInterval')}>
              {v.expectedIntervalDays ? t('card.days', { count: v.expectedIntervalDays }) : '—'}
            </Descriptions.Item>
            <Descriptions.Item label={t('card.nextPurchase')}>
              {date(v.nextPurchaseExpectedAt)}
            </Descriptions.Item>
            <Descriptions.Item label={t('card.scores')} span={3}>
              {t('card.scoreLine', {
                recency: v.scores.recency ?? '—',
                frequency: v.scores.frequency ?? '—',
                monetary: v.scores.monetary ?? '—',
                margin: v.scores.margin ?? '—',
                current: v.scores.currentValue ?? '—',
                potential: v.scores.potential ?? '—',
              })}
            </Descriptions.Item>
          </Descriptions>
        )}
        {standing.referrals.made.length > 0 && (
          <Typography.Text>
            {t('card.referralsMade', {
              count: standing.referrals.made.length,
              amount: money(standing.referrals.revenueMinor, standing.currency),
              names: list(standing.referrals.made.map((r) => r.name)),
            })}
          </Typography.Text>
        )}
        {standing.transitions.length > 0 && (
          <>
            <Typography.Text strong>{t('card.stageHistory')}</Typography.Text>
            <Timeline
              style={{ marginTop: 8 }}
              items={standing.transitions.slice(0, 8).map((x) => ({
                color: STAGE_COLORS[x.to] === 'red' ? 'red' : 'blue',
                content: (
                  <span>
                    {date(x.at)} · {x.fromName ?? t('stages.new')} → <b>{x.toName}</b>
                    {t('common.fieldSeparator')}
                    {x.explanation}
                  </span>
                ),
              }))}
            />
          </>
        )}
      </Space>
      <Modal
        open={lost}
        title={t('card.markLost')}
        onCancel={() => setLost(false)}
        onOk={() => {
          setLost(false);
          void record({ kind: 'lost', note: reason });
        }}
        okButtonProps={{ disabled: !reason.trim() }}
      >
        <Input
          placeholder={t('card.lostReason')}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
        />
      </Modal>
    </Card>
  );
}
