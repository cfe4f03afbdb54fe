import { describe, expect, it } from 'vitest';
import { multipartFile } from './multipart-file.ts';

const form = (parts: string[], boundary = 'XyZ') =>
  Buffer.from(`${parts.map((p) => `--${boundary}\r\n${p}\r\n`).join('')}--${boundary}--\r\n`, 'binary');

describe('multipartFile', () => {
  it('finds the first file after other fields, bytes intact', () => {
    const body = form([
      'Content-Disposition: form-data; name="language"\r\n\r\nzh',
      'Content-Disposition: form-data; name="file"; filename="hello.wav"\r\nContent-Type: audio/wav\r\n\r\nRIFF\r\n--X\x00\xff',
    ]);
    const file = multipartFile(body, 'multipart/form-data; boundary=XyZ');
    expect(file?.name).toBe('hello.wav');
    expect([...(file?.bytes ?? [])]).toEqual([...Buffer.from('RIFF\r\n--X\x00\xff', 'binary')]);
  });

  it.each([
    [
      'no boundary',
      form(['Content-Disposition: form-data; name="f"; filename="a"\r\n\r\nx']),
      'multipart/form-data',
    ],
    [
      'no file part',
      form(['Content-Disposition: form-data; name="a"\r\n\r\nx']),
      'multipart/form-data; boundary=XyZ',
    ],
    [
      'no closing delimiter',
      Buffer.from('--XyZ\r\nContent-Disposition: form-data; filename="a"\r\n\r\nxx'),
      'multipart/form-data; boundary=XyZ',
    ],
    [
      'another boundary',
      form(['Content-Disposition: form-data; filename="a"\r\n\r\nx']),
      'multipart/form-data; boundary="other"',
    ],
  ])('gives null for %s', (_, body, type) => {
    expect(multipartFile(body, type)).toBeNull();
  });
});
