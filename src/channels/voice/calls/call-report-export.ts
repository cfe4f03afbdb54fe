import { stringify } from 'csv-stringify/sync';
import type { Locale } from '../../../kernel/db/schema.ts';
import type { CallReport, CallReportRow, ReportGrouping } from './call-report.ts';

/** The call report as a CSV (UTF-8 with BOM, so Excel in China opens it right). */
const HEADERS: Record<
  Locale,
  Record<ReportGrouping, string> & { rest: string[]; total: string; none: string }
> = {
  'zh-CN': {
    queue: '队列',
    agent: '坐席',
    day: '日期',
    rest: [
      '呼入',
      '呼出',
      '接通',
      '放弃',
      '服务水平',
      '平均等待(秒)',
      '平均通话(秒)',
      '保持次数',
      '保持时长(秒)',
      '转接',
      '留言',
      '预约回电',
    ],
    total: '合计',
    none: '（无）',
  },
  en: {
    queue: 'Queue',
    agent: 'Agent',
    day: 'Day',
    rest: [
      'Inbound',
      'Outbound',
      'Answered',
      'Abandoned',
      'Service level',
      'Avg wait (s)',
      'Avg talk (s)',
      'Holds',
      'Hold time (s)',
      'Transfers',
      'Voicemails',
      'Callbacks',
    ],
    total: 'Total',
    none: '(none)',
  },
};

function cells(row: CallReportRow, name: string): (string | number)[] {
  return [
    name,
    row.inbound,
    row.outbound,
    row.answered,
    row.abandoned,
    row.serviceLevel === null ? '' : `${Math.round(row.serviceLevel * 1000) / 10}%`,
    row.avgWaitSeconds ?? '',
    row.avgTalkSeconds ?? '',
    row.holds,
    row.holdSeconds,
    row.transfers,
    row.voicemails,
    row.callbacks,
  ];
}

export function callReportToCsv(report: CallReport, by: ReportGrouping, locale: Locale): Buffer {
  const h = HEADERS[locale];
  const records = [
    [h[by], ...h.rest],
    ...report.rows.map((r) => cells(r, r.label ?? h.none)),
    cells(report.total, h.total),
  ];
  return Buffer.concat([Buffer.from('\uFEFF'), Buffer.from(stringify(records))]);
}
