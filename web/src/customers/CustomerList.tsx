import { PlusOutlined } from '@ant-design/icons';
import { Button, Card, Table, Tag, Typography } from 'antd';
import type { HTMLAttributes } from 'react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router-dom';
import type { CustomerSummary } from '../api/types.ts';
import { useAuth } from '../auth/auth-context.tsx';
import { can } from '../auth/permissions.ts';
import { date, money } from '../i18n/format.ts';
import { CustomerFilters } from './list/CustomerFilters.tsx';
import { filterFromParams, filterToParams } from './list/customer-filter.ts';
import { NewCustomerModal } from './list/NewCustomerModal.tsx';
import { useCustomerSearch } from './list/use-customer-search.ts';

const dash = (v: string | null) => v || '—';

/** Search and filter customers; a click on a row opens the customer card. */
export function CustomerList() {
  const { t } = useTranslation();
  const { me } = useAuth();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const filter = filterFromParams(params);
  const { rows, loading, hasMore, loadMore } = useCustomerSearch(filter);
  const [creating, setCreating] = useState(false);

  return (
    <Card
      title={t('customers.title')}
      extra={
        can.write(me) && (
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => setCreating(true)}
            data-testid="customer-new"
          >
            {t('customers.new')}
          </Button>
        )
      }
    >
      <CustomerFilters filter={filter} onChange={(next) => setParams(filterToParams(next))} />
      <Table<CustomerSummary>
        className="clickable-rows"
        rowKey="id"
        size="small"
        loading={loading}
        dataSource={rows}
        pagination={false}
        locale={{ emptyText: filter.q ? t('customers.noMatch', { q: filter.q }) : t('customers.empty') }}
        onRow={(row) =>
          ({
            onClick: () => navigate(`/customers/${row.id}`),
            'data-testid': 'customer-row',
          }) as HTMLAttributes<HTMLElement>
        }
        columns={[
          {
            title: t('customers.name'),
            dataIndex: 'name',
            width: 170,
            render: (v: string, r) => (
              <span className="nowrap">
                <Typography.Text strong>{v}</Typography.Text>
                {r.doNotCall && (
                  <Tag color="red" variant="outlined" style={{ marginLeft: 6 }}>
                    {t('customers.dncShort')}
                  </Tag>
                )}
              </span>
            ),
          },
          {
            title: t('customers.phone'),
            dataIndex: 'primaryPhone',
            width: 150,
            render: (v: string | null) => <span className="contact-value nowrap">{dash(v)}</span>,
          },
          { title: t('customers.company'), dataIndex: 'company', ellipsis: true, render: dash },
          {
            title: t('customers.region'),
            width: 150,
            render: (_, r) => (
              <span className="nowrap">{dash([r.province, r.city].filter(Boolean).join(' '))}</span>
            ),
          },
          {
            title: t('customers.tags'),
            dataIndex: 'tags',
            render: (tags: string[]) => tags.map((x) => <Tag key={x}>{x}</Tag>),
          },
          { title: t('customers.orders'), dataIndex: 'orderCount', align: 'right', width: 80 },
          {
            title: t('customers.lifetime'),
            align: 'right',
            width: 140,
            render: (_, r) => money(r.lifetimeValueMinor, r.currency),
          },
          {
            title: t('customers.created'),
            dataIndex: 'createdAt',
            width: 130,
            render: (v: string) => <span className="nowrap">{date(v)}</span>,
          },
        ]}
      />
      <div className="list-footer">
        <Typography.Text type="secondary">
          {hasMore
            ? t('customers.countMore', { count: rows.length })
            : t('customers.count', { count: rows.length })}
        </Typography.Text>
        {hasMore && (
          <Button onClick={loadMore} loading={loading} data-testid="customer-more">
            {t('common.loadMore')}
          </Button>
        )}
      </div>
      <NewCustomerModal
        open={creating}
        onClose={() => setCreating(false)}
        onCreated={(id) => {
          setCreating(false);
          navigate(`/customers/${id}`);
        }}
      />
    </Card>
  );
}
