import { describe, expect, it } from 'vitest';
import {
  MAX_REFERENCES,
  parseMessageId,
  parseMessageIds,
  replyReferences,
  replySubject,
  syntheticMessageId,
  threadCandidates,
} from './message-id.ts';

describe('parseMessageIds', () => {
  it.each([
    ['<a@x>', ['a@x']],
    ['<a@x> <b@y>\r\n <c@z>', ['a@x', 'b@y', 'c@z']],
    ['<a@x>,<b@y>', ['a@x', 'b@y']],
    ['a@x b@y', ['a@x', 'b@y']],
    ['junk', []],
    ['', []],
    [null, []],
    [
      ['<a@x>', '<b@y>'],
      ['a@x', 'b@y'],
    ],
    ['(comment) <Case@Sensitive.X>', ['Case@Sensitive.X']],
  ])('%j → %j', (value, ids) => {
    expect(parseMessageIds(value)).toEqual(ids);
  });

  it('takes the first id for a single-id header', () => {
    expect(parseMessageId('<a@x> <b@y>')).toBe('a@x');
    expect(parseMessageId(undefined)).toBeNull();
  });
});

describe('replyReferences', () => {
  it.each([
    [{ messageId: 'c@x', references: ['a@x', 'b@x'], inReplyTo: 'b@x' }, ['a@x', 'b@x', 'c@x']],
    [{ messageId: 'b@x', references: [], inReplyTo: 'a@x' }, ['a@x', 'b@x']],
    [{ messageId: 'a@x', references: [], inReplyTo: null }, ['a@x']],
    [{ messageId: 'b@x', references: ['a@x', 'b@x'], inReplyTo: null }, ['a@x', 'b@x']],
  ])('%j → %j', (parent, refs) => {
    expect(replyReferences(parent)).toEqual(refs);
  });

  it('keeps the first id and the latest ones of a long thread', () => {
    const references = Array.from({ length: 50 }, (_, i) => `m${i}@x`);
    const refs = replyReferences({ messageId: 'last@x', references, inReplyTo: 'm49@x' });
    expect(refs).toHaveLength(MAX_REFERENCES);
    expect(refs[0]).toBe('m0@x');
    expect(refs.at(-1)).toBe('last@x');
    expect(refs.at(-2)).toBe('m49@x');
  });
});

describe('threadCandidates', () => {
  it('asks In-Reply-To first, then References newest first, each once', () => {
    expect(threadCandidates('c@x', ['a@x', 'b@x', 'c@x'])).toEqual(['c@x', 'b@x', 'a@x']);
    expect(threadCandidates(null, [])).toEqual([]);
  });
});

describe('replySubject', () => {
  it.each([
    ['订单问题', 'Re: 订单问题'],
    ['Re: 订单问题', 'Re: 订单问题'],
    ['RE: re: Order', 'Re: Order'],
    ['回复: Re: 订单问题', 'Re: 订单问题'],
    ['回复：订单问题', 'Re: 订单问题'],
    ['AW: Bestellung', 'Re: Bestellung'],
    ['Re[2]: Order', 'Re: Order'],
    ['Regarding the order', 'Re: Regarding the order'],
    ['', 'Re: (no subject)'],
    [null, 'Re: (no subject)'],
  ])('%j → %j', (subject, expected) => {
    expect(replySubject(subject)).toBe(expected);
  });
});

describe('syntheticMessageId', () => {
  it('is the same for the same bytes and differs otherwise', () => {
    const a = syntheticMessageId(Buffer.from('x'));
    expect(a).toBe(syntheticMessageId(Buffer.from('x')));
    expect(a).not.toBe(syntheticMessageId(Buffer.from('y')));
    expect(a).toMatch(/^[0-9a-f]{40}@hotline\.invalid$/);
  });
});
