import { describe, expect, it } from 'vitest';
import { sniffImage } from './image-sniff.ts';

const bytes = (...parts: (number[] | string)[]) =>
  Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'latin1') : Buffer.from(p))));

describe('sniffImage', () => {
  it.each([
    ['png', bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]), 'image/png'],
    ['jpeg (JFIF)', bytes([0xff, 0xd8, 0xff, 0xe0, 0, 16]), 'image/jpeg'],
    ['jpeg (Exif)', bytes([0xff, 0xd8, 0xff, 0xe1]), 'image/jpeg'],
    ['gif89a', bytes('GIF89a', [1, 0, 1, 0]), 'image/gif'],
    ['gif87a', bytes('GIF87a'), 'image/gif'],
    ['webp', bytes('RIFF', [0x24, 0, 0, 0], 'WEBPVP8 '), 'image/webp'],
    ['a RIFF that is not webp (wav)', bytes('RIFF', [0x24, 0, 0, 0], 'WAVEfmt '), null],
    ['svg', bytes('<svg xmlns="http://www.w3.org/2000/svg"></svg>'), null],
    ['a pdf named .png', bytes('%PDF-1.7'), null],
    ['html', bytes('<!doctype html><script>'), null],
    ['a truncated png', bytes([0x89, 0x50, 0x4e]), null],
    ['nothing', bytes(), null],
  ])('%s', (_name, input, expected) => {
    expect(sniffImage(input)).toBe(expected);
  });
});
