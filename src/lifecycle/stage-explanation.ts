import type { Locale } from '../kernel/db/schema.ts';
import type { Stage } from './lifecycle-rules.ts';
import type { StageReasonCode } from './stage-evaluation.ts';

/** Stage names and the sentence that says why a customer is where they are, in both languages. */
const STAGE_NAMES: Record<Locale, Record<Stage, string>> = {
  'zh-CN': {
    contact: '接触',
    acquisition: '获取',
    conversion: '转换',
    retention: '持续',
    loyalty: '忠诚',
    at_risk: '流失预警',
    churned: '已流失',
  },
  en: {
    contact: 'Contact',
    acquisition: 'Acquisition',
    conversion: 'Conversion',
    retention: 'Retention',
    loyalty: 'Loyalty',
    at_risk: 'At risk',
    churned: 'Churned',
  },
};

export function stageName(stage: Stage, locale: Locale): string {
  return STAGE_NAMES[locale][stage];
}

type Detail = Record<string, unknown>;
const n = (d: Detail, k: string) => (typeof d[k] === 'number' ? (d[k] as number) : '?');

const SENTENCES: Record<Locale, Record<StageReasonCode, (d: Detail) => string>> = {
  'zh-CN': {
    first_contact: () => '已建立联系，尚无购买意向记录。',
    qualified: () => '在沟通或调查中表现出购买意向（有效线索）。',
    first_order: () => '已完成首次购买。',
    returned_after_gap: (d) => `间隔${n(d, 'gapDays')}天后再次购买，尚未形成稳定复购。`,
    repeat_order: (d) => `在${n(d, 'gapDays')}天内复购，共${n(d, 'orders')}单。`,
    loyal_satisfied: (d) => `多次购买（${n(d, 'orders')}单）且满意度高（${n(d, 'score')}分）。`,
    loyal_referral: (d) => `多次购买（${n(d, 'orders')}单）并推荐了${n(d, 'referrals')}位新客户。`,
    silent: (d) =>
      `已${n(d, 'silentDays')}天未购买，超过其常规间隔${n(d, 'intervalDays')}天的1.5倍左右（${n(d, 'limitDays')}天）。`,
    complaint_open: (d) => `投诉已处理${n(d, 'openDays')}天仍未解决（上限${n(d, 'limitDays')}天）。`,
    detractor: (d) => `最近一次满意度评分偏低（${n(d, 'score')}分）。`,
    long_silence: (d) => `已${n(d, 'silentDays')}天未购买，远超其常规间隔（${n(d, 'intervalDays')}天）。`,
    cancelled: () => '最近一笔订单已取消，之后没有新的购买。',
    lost: (d) => `已被标记为流失${typeof d.reason === 'string' && d.reason ? `：${d.reason}` : '。'}`,
  },
  en: {
    first_contact: () => 'In contact; no buying interest recorded yet.',
    qualified: () => 'Showed buying interest in a conversation or survey (a qualified lead).',
    first_order: () => 'Made a first purchase.',
    returned_after_gap: (d) => `Bought again after ${n(d, 'gapDays')} days; not yet a regular buyer.`,
    repeat_order: (d) => `Bought again within ${n(d, 'gapDays')} days; ${n(d, 'orders')} orders in all.`,
    loyal_satisfied: (d) =>
      `Buys repeatedly (${n(d, 'orders')} orders) and is highly satisfied (score ${n(d, 'score')}).`,
    loyal_referral: (d) =>
      `Buys repeatedly (${n(d, 'orders')} orders) and referred ${n(d, 'referrals')} new customer(s).`,
    silent: (d) =>
      `No purchase for ${n(d, 'silentDays')} days, past the at-risk limit of ${n(d, 'limitDays')} days (usual interval ${n(d, 'intervalDays')} days).`,
    complaint_open: (d) =>
      `A complaint has been open for ${n(d, 'openDays')} days (limit ${n(d, 'limitDays')}).`,
    detractor: (d) => `Gave a low satisfaction score (${n(d, 'score')}).`,
    long_silence: (d) =>
      `No purchase for ${n(d, 'silentDays')} days, far past the usual interval of ${n(d, 'intervalDays')} days.`,
    cancelled: () => 'Cancelled their latest order and has not bought since.',
    lost: (d) => `Marked as lost${typeof d.reason === 'string' && d.reason ? `: ${d.reason}` : '.'}`,
  },
};

export function explainStage(reason: string, detail: Detail, locale: Locale): string {
  const sentence = SENTENCES[locale][reason as StageReasonCode];
  return sentence ? sentence(detail) : reason;
}
