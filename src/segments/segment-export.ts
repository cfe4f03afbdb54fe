import { stringify } from 'csv-stringify/sync';
import ExcelJS from 'exceljs';
import type { Locale } from '../kernel/db/schema.ts';
import type { Stage } from '../lifecycle/lifecycle-rules.ts';
import { stageName } from '../lifecycle/stage-explanation.ts';
import { tierName } from '../value/tier-explanation.ts';
import type { ValueTier } from '../value/value-rules.ts';
import type { SegmentMember } from './segment.view.ts';

/** A segment's members as a CSV (UTF-8 with BOM, so Excel in China opens it right) or an .xlsx. */
const HEADERS: Record<Locale, string[]> = {
  'zh-CN': [
    '客户编号',
    '姓名',
    '电话',
    '邮箱',
    '公司',
    '省份',
    '城市',
    '标签',
    '价值等级',
    '生命周期阶段',
    '累计消费',
    '订单数',
    '最近下单',
    '免打扰',
    '营销授权',
  ],
  en: [
    'Customer no.',
    'Name',
    'Phone',
    'Email',
    'Company',
    'Province',
    'City',
    'Tags',
    'Value tier',
    'Lifecycle stage',
    'Lifetime revenue',
    'Orders',
    'Last order',
    'Do not call',
    'Marketing opt-in',
  ],
};

function cells(m: SegmentMember, locale: Locale): (string | number)[] {
  const yes = locale === 'zh-CN' ? '是' : 'yes';
  const no = locale === 'zh-CN' ? '否' : 'no';
  return [
    m.externalRef ?? '',
    m.name,
    m.primaryPhone ?? '',
    m.primaryEmail ?? '',
    m.company ?? '',
    m.province ?? '',
    m.city ?? '',
    m.tags.join('|'),
    m.tier ? tierName(m.tier as ValueTier, locale) : '',
    m.stage ? stageName(m.stage as Stage, locale) : '',
    m.lifetimeRevenueMinor / 100,
    m.orderCount,
    m.lastOrderAt ? m.lastOrderAt.slice(0, 10) : '',
    m.doNotCall ? yes : no,
    m.marketingOptIn ? yes : no,
  ];
}

/** A leading = + - @ is prefixed so a spreadsheet never runs a name as a formula. */
function defuse(value: string | number): string | number {
  return typeof value === 'string' && /^[=+\-@]/.test(value) ? `'${value}` : value;
}

export function membersToCsv(members: SegmentMember[], locale: Locale): Buffer {
  const text = stringify([HEADERS[locale], ...members.map((m) => cells(m, locale).map(defuse))], {
    record_delimiter: 'windows',
  });
  return Buffer.from(`\uFEFF${text}`, 'utf8');
}

export async function membersToXlsx(
  members: SegmentMember[],
  locale: Locale,
  sheetName: string,
): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet(sheetName.slice(0, 31).replace(/[\\/?*[\]:]/g, ' ') || 'Segment');
  sheet.addRow(HEADERS[locale]).font = { bold: true };
  for (const m of members) sheet.addRow(cells(m, locale));
  sheet.getColumn(11).numFmt = '#,##0.00';
  sheet.columns.forEach((col) => {
    col.width = 14;
  });
  sheet.views = [{ state: 'frozen', ySplit: 1 }];
  return Buffer.from(await book.xlsx.writeBuffer());
}
