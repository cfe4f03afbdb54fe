import { Button, Card, List, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { AuditEntry, Order, Page } from '../../api/types.ts';
import { dateTime } from '../../i18n/format.ts';
import { auditLines } from './audit-text.ts';

/** Who changed the customer, when, and each field before → after. */
export function AuditSection({
  audit,
  orders,
  onMore,
}: {
  audit: Page<AuditEntry>;
  orders: Order[];
  onMore: () => void;
}) {
  const { t } = useTranslation();
  const orderName = (ref: string) => {
    const o = orders.find((x) => x.id === ref || x.externalRef === ref);
    return o
      ? `${o.product}${o.externalRef ? ` (${o.externalRef})` : ''}`
      : ref.length > 20
        ? `#${ref.slice(0, 8)}`
        : ref;
  };

  return (
    <Card title={t('card.audit')} size="small" data-testid="card-audit">
      <List
        size="small"
        dataSource={audit.items}
        locale={{ emptyText: t('card.noAudit') }}
        renderItem={(a) => (
          <List.Item>
            <div style={{ width: '100%' }}>
              <div className="audit-head">
                <span>
                  <Typography.Text strong>
                    {t(`card.actions.${a.action}`, { defaultValue: a.action })}
                  </Typography.Text>
                  <Typography.Text> · {a.actorName}</Typography.Text>
                </span>
                <Typography.Text type="secondary" className="small nowrap">
                  {dateTime(a.at)}
                </Typography.Text>
              </div>
              {auditLines(a, t, orderName).map((c) => (
                <div key={c.field} className="audit-change">
                  <span className="muted">{t('common.fieldLabel', { field: c.label })}</span>
                  {c.before !== null && c.after !== null ? (
                    <>
                      <del>{c.before}</del> → {c.after}
                    </>
                  ) : c.after !== null ? (
                    c.after
                  ) : (
                    <del>{c.before}</del>
                  )}
                </div>
              ))}
            </div>
          </List.Item>
        )}
      />
      {audit.nextCursor && (
        <Button size="small" type="link" onClick={onMore} data-testid="audit-more">
          {t('card.moreAudit')}
        </Button>
      )}
    </Card>
  );
}
