import { describe, expect, it } from 'vitest';
import { SIP_USERNAME, usernameCandidates } from './sip-username.ts';

const ID = '3F9A2C1B-0d4e-4a7b-8c9d-0123456789ab';

describe('usernameCandidates', () => {
  it.each([
    ['an agent number', 'demo', 'agent02@huaxin.demo', 'demo.agent02'],
    ['upper case and a plus', 'acme', 'Zhang.Wei+ops@acme.test', 'acme.zhang.wei-ops'],
    ['leading punctuation', 'acme', '_li@acme.test', 'acme.li'],
    ['a hyphenated slug', 'acme-insurance', 'agent1@acme.demo', 'acme-insurance.agent1'],
  ])('%s', (_case, slug, email, first) => {
    expect(usernameCandidates(slug, email, ID)[0]).toBe(first);
  });

  it('falls back to a short id, then the whole id', () => {
    expect(usernameCandidates('acme', '中文@acme.test', ID)).toEqual([
      'acme.3f9a2c1b',
      'acme.3f9a2c1b0d4e4a7b8c9d0123456789ab',
    ]);
  });

  it('keeps every candidate within 64 characters and the allowed characters', () => {
    const slug = 'a'.repeat(41);
    const candidates = usernameCandidates(slug, `${'x'.repeat(24)}@acme.test`, ID);
    expect(candidates).toHaveLength(3);
    for (const c of candidates) {
      expect(c.length).toBeLessThanOrEqual(64);
      expect(c).toMatch(SIP_USERNAME);
    }
    expect(candidates.at(-1)!.endsWith('.3f9a2c1b0d4e4a7b8c9d0123456789ab')).toBe(true);
  });
});
