import { describe, expect, it } from 'vitest';
import { fieldProblems } from './ticket-fields.ts';
import { moveProblem, stampsFor, TRANSITIONS } from './ticket-workflow.ts';

describe('ticket workflow', () => {
  it.each([
    ['new', 'open', null],
    ['open', 'pending_customer', null],
    ['pending_customer', 'open', null],
    ['pending_third_party', 'resolved', 'fixed'],
    ['resolved', 'closed', 'fixed'],
    ['resolved', 'reopened', null],
    ['closed', 'reopened', null],
    ['reopened', 'open', null],
  ] as const)('lets %s move to %s', (from, to, code) => {
    expect(moveProblem(from, to, code)).toBeNull();
  });

  it.each([
    ['closed', 'open'],
    ['resolved', 'open'],
    ['open', 'open'],
    ['new', 'reopened'],
    ['open', 'new'],
  ] as const)('refuses %s → %s and says what is allowed', (from, to) => {
    expect(moveProblem(from, to, 'x')).toEqual({ kind: 'not_allowed', from, to, allowed: TRANSITIONS[from] });
  });

  it('needs a resolution code to resolve or close', () => {
    expect(moveProblem('open', 'resolved', null)).toEqual({ kind: 'needs_resolution' });
    expect(moveProblem('open', 'closed', '')).toEqual({ kind: 'needs_resolution' });
  });

  it('stamps resolution and closing, and clears them on reopening', () => {
    const now = new Date('2026-11-23T08:00:00Z');
    expect(stampsFor('resolved', now)).toEqual({ resolved_at: now, closed_at: null });
    expect(stampsFor('closed', now)).toEqual({ closed_at: now });
    expect(stampsFor('reopened', now)).toEqual({ resolved_at: null, closed_at: null });
    expect(stampsFor('open', now)).toEqual({});
  });
});

describe('custom fields', () => {
  const defs = [
    { key: 'model', label: { 'zh-CN': '型号', en: 'Model' }, kind: 'text' as const, required: true },
    { key: 'units', label: { 'zh-CN': '台数', en: 'Units' }, kind: 'number' as const, required: false },
    { key: 'bought', label: { 'zh-CN': '购买日期', en: 'Bought' }, kind: 'date' as const, required: false },
    {
      key: 'fault',
      label: { 'zh-CN': '故障', en: 'Fault' },
      kind: 'select' as const,
      options: ['不制冷', '漏水'],
      required: false,
    },
  ];

  it('accepts values that fit', () => {
    expect(fieldProblems(defs, { model: 'KFR-35GW', units: 2, bought: '2026-09-01', fault: '漏水' })).toEqual(
      [],
    );
  });

  it('names every problem by its path', () => {
    expect(fieldProblems(defs, { units: '2', bought: '9/1/2026', fault: '噪音', colour: 'red' })).toEqual([
      { path: 'customFields.colour', message: 'no such field for this type' },
      { path: 'customFields.model', message: 'required' },
      { path: 'customFields.units', message: 'a number' },
      { path: 'customFields.bought', message: 'a date as YYYY-MM-DD' },
      { path: 'customFields.fault', message: 'one of 不制冷, 漏水' },
    ]);
  });

  it('checks only the given keys on an update, but a required one cannot be emptied', () => {
    expect(fieldProblems(defs, { units: 3 }, true)).toEqual([]);
    expect(fieldProblems(defs, { model: '' }, true)).toEqual([
      { path: 'customFields.model', message: 'required' },
    ]);
  });
});
