import { SearchOutlined } from '@ant-design/icons';
import { Button, Cascader, Input, Select } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.ts';
import type { CustomerFilter } from './customer-filter.ts';
import { isFiltered } from './customer-filter.ts';

interface Facets {
  tags: { value: string; count: number }[];
  regions: { province: string; city: string | null; count: number }[];
}

interface RegionOption {
  value: string;
  label: string;
  children?: RegionOption[];
}

/** Provinces with their cities, each with how many customers live there. */
function regionOptions(regions: Facets['regions']): RegionOption[] {
  const byProvince = new Map<string, { count: number; cities: RegionOption[] }>();
  for (const r of regions) {
    const entry = byProvince.get(r.province) ?? { count: 0, cities: [] };
    entry.count += r.count;
    if (r.city) entry.cities.push({ value: r.city, label: `${r.city} (${r.count})` });
    byProvince.set(r.province, entry);
  }
  return [...byProvince.entries()]
    .sort((a, b) => b[1].count - a[1].count)
    .map(([province, { count, cities }]) => ({
      value: province,
      label: `${province} (${count})`,
      ...(cities.length ? { children: cities } : {}),
    }));
}

/** Search box (name, phone in any format or its last digits, email) and the list filters. */
export function CustomerFilters({
  filter,
  onChange,
}: {
  filter: CustomerFilter;
  onChange: (next: CustomerFilter) => void;
}) {
  const { t } = useTranslation();
  const [text, setText] = useState(filter.q);
  const [facets, setFacets] = useState<Facets>({ tags: [], regions: [] });

  useEffect(() => setText(filter.q), [filter.q]);
  useEffect(() => {
    api<Facets>('GET', '/api/v1/customers/facets').then(setFacets, () => undefined);
  }, []);
  const regions = useMemo(() => regionOptions(facets.regions), [facets.regions]);
  const yesNo = [
    { value: 'true', label: t('common.yes') },
    { value: 'false', label: t('common.no') },
  ];

  return (
    <div className="toolbar">
      <Input
        allowClear
        prefix={<SearchOutlined />}
        style={{ width: 280 }}
        placeholder={t('customers.search')}
        value={text}
        onChange={(e) => {
          setText(e.target.value);
          // Clearing the box with its ✕ shows everyone again at once.
          if (!e.target.value && filter.q) onChange({ ...filter, q: '' });
        }}
        onPressEnter={() => onChange({ ...filter, q: text.trim() })}
        autoFocus
        data-testid="customer-search"
        aria-label={t('customers.search')}
        title={t('customers.searchHint')}
      />
      <Button type="primary" ghost onClick={() => onChange({ ...filter, q: text.trim() })}>
        {t('common.search')}
      </Button>
      <Select
        allowClear
        showSearch
        style={{ width: 150 }}
        placeholder={t('customers.filterTag')}
        value={filter.tag}
        onChange={(tag?: string) => onChange({ ...filter, tag })}
        options={facets.tags.map((x) => ({ value: x.value, label: `${x.value} (${x.count})` }))}
        data-testid="filter-tag"
      />
      <Cascader
        changeOnSelect
        showSearch
        style={{ width: 190 }}
        placeholder={t('customers.filterRegion')}
        options={regions}
        value={filter.province ? [filter.province, ...(filter.city ? [filter.city] : [])] : []}
        onChange={(path) => {
          const [province, city] = (path ?? []) as string[];
          onChange({ ...filter, province, city });
        }}
        data-testid="filter-region"
      />
      <Select
        allowClear
        style={{ width: 130 }}
        placeholder={t('customers.doNotCall')}
        value={filter.doNotCall}
        onChange={(doNotCall?: 'true' | 'false') => onChange({ ...filter, doNotCall })}
        options={yesNo.map((o) => ({
          ...o,
          label: t('common.fieldValue', { field: t('customers.doNotCall'), value: o.label }),
        }))}
      />
      <Select
        allowClear
        style={{ width: 175 }}
        placeholder={t('customers.marketingOptIn')}
        value={filter.marketingOptIn}
        onChange={(marketingOptIn?: 'true' | 'false') => onChange({ ...filter, marketingOptIn })}
        options={yesNo.map((o) => ({
          ...o,
          label: t('common.fieldValue', { field: t('customers.marketingOptIn'), value: o.label }),
        }))}
      />
      {isFiltered(filter) && (
        <Button type="link" onClick={() => onChange({ q: '' })}>
          {t('customers.clearFilters')}
        </Button>
      )}
    </div>
  );
}
