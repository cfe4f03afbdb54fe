import { describe, expect, it } from 'vitest';
import { cohortMatrix, monthsBetween } from './cohort-matrix.ts';
import { costOfLosing } from './cost-of-losing.ts';

describe('cost of losing', () => {
  it('adds lost revenue and replacement cost, and compares with keeping', () => {
    const c = costOfLosing({
      atRiskCustomers: 100,
      atRiskAnnualRevenueMinor: 5_000_000,
      acquisitionCostMinor: 30_000,
      retentionCostMinor: 5_000,
      highValueAnnualRevenueMinor: 1_200_000,
      ordinaryAnnualRevenueMinor: 150_000,
    });
    expect(c).toEqual({
      revenueAtStakeMinor: 5_000_000,
      replacementCostMinor: 3_000_000,
      costOfLosingMinor: 8_000_000,
      costOfKeepingMinor: 500_000,
      losingToKeepingRatio: 16,
      ordinaryPerHighValue: 8,
    });
  });

  it('says nothing it cannot know', () => {
    const c = costOfLosing({
      atRiskCustomers: 0,
      atRiskAnnualRevenueMinor: 0,
      acquisitionCostMinor: 0,
      retentionCostMinor: 0,
      highValueAnnualRevenueMinor: 0,
      ordinaryAnnualRevenueMinor: 0,
    });
    expect(c.losingToKeepingRatio).toBeNull();
    expect(c.ordinaryPerHighValue).toBeNull();
  });
});

describe('cohort matrix', () => {
  it('turns buyers per month into retention shares, blank for months not yet lived', () => {
    const rows = cohortMatrix(
      [
        { cohort: '2026-09', size: 10 },
        { cohort: '2026-11', size: 4 },
      ],
      [
        { cohort: '2026-09', offset: 1, buyers: 3 },
        { cohort: '2026-09', offset: 2, buyers: 1 },
      ],
      4,
      '2026-11',
    );
    expect(rows).toEqual([
      { cohort: '2026-09', size: 10, retention: [1, 0.3, 0.1, null] },
      { cohort: '2026-11', size: 4, retention: [1, null, null, null] },
    ]);
  });

  it('counts months across years', () => {
    expect(monthsBetween('2025-11', '2026-02')).toBe(3);
  });
});
