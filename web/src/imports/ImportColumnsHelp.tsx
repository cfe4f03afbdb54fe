import { Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { IMPORT_COLUMNS, type ImportColumn } from './import-columns.ts';

/** Which CSV columns the chosen import reads, and which it cannot do without. */
export function ImportColumnsHelp({ kind }: { kind: 'customers' | 'orders' }) {
  const { t } = useTranslation();
  return (
    <Table<ImportColumn>
      rowKey="field"
      size="small"
      pagination={false}
      dataSource={IMPORT_COLUMNS[kind]}
      columns={[
        {
          title: t('imports.field'),
          dataIndex: 'field',
          width: 200,
          render: (f: string, c) => (
            <span className="nowrap">
              {t(`imports.fields.${f}`)}
              {c.required && (
                <Tag color="blue" variant="outlined" style={{ marginLeft: 6 }}>
                  {kind === 'orders' && f === 'customerRef' ? t('imports.orPhone') : t('imports.required')}
                </Tag>
              )}
            </span>
          ),
        },
        {
          title: t('imports.headers'),
          dataIndex: 'headers',
          render: (h: string[]) =>
            h.map((x) => (
              <Typography.Text code key={x}>
                {x}
              </Typography.Text>
            )),
        },
      ]}
    />
  );
}
