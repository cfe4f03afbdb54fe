import { describe, expect, it } from 'vitest';
import { numberAuditId } from './number-audit-id.ts';

describe('numberAuditId', () => {
  it('is a version-5, RFC 4122 variant UUID, the same for the same number', () => {
    const id = numberAuditId('4008001234');
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(numberAuditId('4008001234')).toBe(id);
  });

  it('differs between numbers', () => {
    const ids = ['4008001234', '4008001235', '8001', '08001'].map(numberAuditId);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
