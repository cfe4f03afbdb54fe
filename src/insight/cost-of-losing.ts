/**
 * The "cost of losing" panel: what the at-risk customers are worth and what losing them
 * would cost, against what keeping them costs. Pure arithmetic over the tenant's own figures.
 */
export interface CostOfLosingInput {
  atRiskCustomers: number;
  /** Yearly revenue of the at-risk customers (their recent spend, per year). */
  atRiskAnnualRevenueMinor: number;
  acquisitionCostMinor: number;
  retentionCostMinor: number;
  /** Mean yearly revenue of a high-value customer, and of an ordinary (other buying) one. */
  highValueAnnualRevenueMinor: number;
  ordinaryAnnualRevenueMinor: number;
}

export interface CostOfLosing {
  /** Revenue that walks out each year if every at-risk customer leaves. */
  revenueAtStakeMinor: number;
  /** What winning as many new customers would cost. */
  replacementCostMinor: number;
  /** Revenue lost plus replacement: the price of doing nothing. */
  costOfLosingMinor: number;
  /** What a year of retention effort for all of them costs. */
  costOfKeepingMinor: number;
  /** Losing costs this many times more than keeping (null when keeping is free). */
  losingToKeepingRatio: number | null;
  /** Ordinary customers it takes to replace one high-value customer's revenue. */
  ordinaryPerHighValue: number | null;
}

export function costOfLosing(input: CostOfLosingInput): CostOfLosing {
  const replacementCostMinor = input.atRiskCustomers * input.acquisitionCostMinor;
  const costOfLosingMinor = input.atRiskAnnualRevenueMinor + replacementCostMinor;
  const costOfKeepingMinor = input.atRiskCustomers * input.retentionCostMinor;
  return {
    revenueAtStakeMinor: input.atRiskAnnualRevenueMinor,
    replacementCostMinor,
    costOfLosingMinor,
    costOfKeepingMinor,
    losingToKeepingRatio: costOfKeepingMinor > 0 ? round1(costOfLosingMinor / costOfKeepingMinor) : null,
    ordinaryPerHighValue:
      input.ordinaryAnnualRevenueMinor > 0 && input.highValueAnnualRevenueMinor > 0
        ? round1(input.highValueAnnualRevenueMinor / input.ordinaryAnnualRevenueMinor)
        : null,
  };
}

function round1(n: number): number {
  return Math.round(n * 10) / 10;
}
