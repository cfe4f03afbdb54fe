import { describe, expect, it } from 'vitest';
import { parseSipInfoDtmf } from './sip-info-dtmf.ts';

describe('parseSipInfoDtmf', () => {
  it.each([
    ['application/dtmf-relay', 'Signal=5\r\nDuration=160\r\n', { digit: '5', durationMs: 160 }],
    ['Application/DTMF-Relay; charset=utf-8', 'Signal= #\nDuration= 250', { digit: '#', durationMs: 250 }],
    ['application/dtmf-relay', 'signal=*', { digit: '*', durationMs: null }],
    ['application/dtmf-relay', 'Signal=11\r\nDuration=100', { digit: '#', durationMs: 100 }],
    ['application/dtmf-relay', 'Signal=a', { digit: 'A', durationMs: null }],
    ['application/dtmf', '7\r\n', { digit: '7', durationMs: null }],
    ['application/dtmf-relay', 'Signal=16', null],
    ['application/dtmf-relay', 'Signal=55', null],
    ['application/dtmf-relay', 'Duration=160', null],
    ['application/dtmf-relay', 'Signal=x', null],
    ['application/dtmf', '', null],
    ['application/sdp', 'v=0', null],
  ])('%s %j', (type, body, expected) => {
    expect(parseSipInfoDtmf(type, body)).toEqual(expected);
  });
});
