import { describe, expect, it } from 'vitest';
import { parseRange, recordingPath } from './recording-file.ts';

describe('recordingPath', () => {
  it.each([
    ['t1/c1.wav', '/var/rec/t1/c1.wav'],
    ['t1/../t1/c1.wav', '/var/rec/t1/c1.wav'],
    ['../etc/passwd', null],
    ['t1/../../etc/passwd', null],
    ['/etc/passwd', null],
    ['', null],
    ['.', null],
    ['t1/c1.wav\0.txt', null],
  ])('%s → %s', (file, expected) => {
    expect(recordingPath('/var/rec', file)).toBe(expected);
  });
});

describe('parseRange', () => {
  it.each([
    [undefined, 1000, null],
    ['bytes=0-99', 1000, { start: 0, end: 99 }],
    ['bytes=0-', 1000, { start: 0, end: 999 }],
    ['bytes=500-', 1000, { start: 500, end: 999 }],
    ['bytes=900-5000', 1000, { start: 900, end: 999 }],
    ['bytes=-100', 1000, { start: 900, end: 999 }],
    ['bytes=-5000', 1000, { start: 0, end: 999 }],
    ['bytes=1000-', 1000, 'unsatisfiable'],
    ['bytes=-0', 1000, 'unsatisfiable'],
    ['bytes=5-2', 1000, null],
    ['bytes=0-1,5-9', 1000, null],
    ['items=0-1', 1000, null],
    ['bytes=-', 1000, null],
  ] as const)('%s of %d bytes → %o', (header, size, expected) => {
    expect(parseRange(header, size)).toEqual(expected);
  });
});
