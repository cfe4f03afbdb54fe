import type { Locale } from '../kernel/db/schema.ts';
import type { ValueTier } from './value-rules.ts';
import type { TierReasonCode } from './value-scoring.ts';

/**
 * The one sentence on the card that says why a customer is in their tier, in the reader's
 * language. Built on the server so the API, the card and exports say the same thing.
 */
export interface ExplanationInput {
  tier: ValueTier;
  reason: TierReasonCode;
  frequency: number;
  monetaryMinor: number;
  recencyDays: number | null;
  monetaryScore: number | null;
  potential: number | null;
  currency: string;
  lookbackMonths: number;
  /** Scores are quintiles (so a score says which fifth the customer is in). */
  quantile: boolean;
}

const TIER_NAMES: Record<Locale, Record<ValueTier, string>> = {
  'zh-CN': { high: '高端价值', secondary: '次要价值', potential: '潜在价值', low: '低端价值' },
  en: { high: 'High value', secondary: 'Secondary value', potential: 'Potential value', low: 'Low value' },
};

export function tierName(tier: ValueTier, locale: Locale): string {
  return TIER_NAMES[locale][tier];
}

/** "top 20%" for a quintile score: score 5 is the top fifth, 1 the bottom. */
function topShare(score: number | null): number | null {
  return score === null ? null : (6 - Math.round(score)) * 20;
}

export function explainTier(input: ExplanationInput, locale: Locale): string {
  const money = new Intl.NumberFormat(locale, { style: 'currency', currency: input.currency }).format(
    input.monetaryMinor / 100,
  );
  const name = tierName(input.tier, locale);
  const months = input.lookbackMonths;
  const share = input.quantile ? topShare(input.monetaryScore) : null;
  if (locale === 'zh-CN') {
    if (input.reason === 'new_without_orders') return `${name}：新客户，尚未购买。`;
    if (input.reason === 'no_orders_in_window') return `${name}：近${months}个月没有购买。`;
    const spend = `近${months}个月消费${money}${share === null ? '' : `（前${share}%）`}`;
    const visits = `购买${input.frequency}次，最近一次在${input.recencyDays}天前`;
    const why: Record<ValueTier, string> = {
      high: '消费高且购买活跃',
      secondary: '消费高但购买已放缓',
      potential: '消费尚低但购买活跃',
      low: '消费低且购买不活跃',
    };
    return `${name}：${why[input.tier]}——${spend}，${visits}。`;
  }
  if (input.reason === 'new_without_orders') return `${name}: a new customer who has not bought yet.`;
  if (input.reason === 'no_orders_in_window') return `${name}: no purchase in the last ${months} months.`;
  const spend = `spent ${money} in the last ${months} months${share === null ? '' : ` (top ${share}%)`}`;
  const times = input.frequency === 1 ? 'once' : `${input.frequency} times`;
  const days = input.recencyDays === 1 ? '1 day' : `${input.recencyDays} days`;
  const why: Record<ValueTier, string> = {
    high: 'spends a lot and buys often',
    secondary: 'spends a lot but buys less and less',
    potential: 'spends little so far but buys actively',
    low: 'spends little and rarely buys',
  };
  return `${name}: ${why[input.tier]} — ${spend}, bought ${times}, last ${days} ago.`;
}
