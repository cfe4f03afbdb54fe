import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { decodeCsv } from './csv-decode.ts';
import { readCsv } from './csv-records.ts';
import { CUSTOMER_HEADERS, parseCustomerRow } from './customer-row.ts';
import { parseDate, parseOrderRow, toMinorUnits } from './order-row.ts';

describe('decodeCsv', () => {
  const text = '姓名,电话\n张伟,13812345678\n';
  it.each([
    ['utf-8', Buffer.from(text, 'utf8')],
    ['utf-8', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')])],
    ['gb18030', iconv.encode(text, 'gbk')],
    ['utf-16le', Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(text, 'utf-16le')])],
  ])('reads %s', (encoding, bytes) => {
    expect(decodeCsv(bytes)).toEqual({ ok: true, text, encoding });
  });
  it('reports a binary file instead of importing garbage', () => {
    const result = decodeCsv(Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00, 0xff, 0xfe, 0x81]));
    expect(result.ok).toBe(false);
  });
  it('reports an empty file', () => {
    expect(decodeCsv(Buffer.alloc(0))).toEqual({ ok: false, reason: 'The file is empty' });
  });
});

describe('readCsv', () => {
  it('maps English and Chinese headers and reports rows with the wrong cell count', () => {
    const table = readCsv('客户编号,Name,手机,Unknown\nC1,张伟,138,x\nC2,李娜\n', CUSTOMER_HEADERS);
    if ('missingHeader' in table) throw new Error('no header');
    expect(table.fields).toEqual(['externalRef', 'name', 'phone']);
    expect(table.unknownHeaders).toEqual(['Unknown']);
    expect(table.records).toEqual([{ line: 2, values: { externalRef: 'C1', name: '张伟', phone: '138' } }]);
    expect(table.errors).toEqual([{ line: 3, field: null, reason: 'Expected 4 cells, found 2' }]);
  });
  it('reads semicolon-separated files', () => {
    const table = readCsv('name;phone\nAnn;+14155552671\n', CUSTOMER_HEADERS);
    if ('missingHeader' in table) throw new Error('no header');
    expect(table.records[0]?.values).toEqual({ name: 'Ann', phone: '+14155552671' });
  });
});

describe('parseCustomerRow', () => {
  it('builds a draft with contacts, flags and tags', () => {
    expect(
      parseCustomerRow(2, {
        name: '王芳',
        phone: '13812345678; 010-65529988',
        email: 'wf@example.com',
        tags: 'VIP|老客户',
        doNotCall: '是',
        gender: '女',
        birthday: '1990/3/7',
      }),
    ).toEqual({
      name: '王芳',
      tags: ['VIP', '老客户'],
      doNotCall: true,
      gender: 'female',
      birthday: '1990-03-07',
      contacts: [
        { kind: 'phone', value: '13812345678' },
        { kind: 'phone', value: '010-65529988' },
        { kind: 'email', value: 'wf@example.com' },
      ],
    });
  });
  it.each([
    [{ phone: '138' }, 'name'],
    [{ name: 'A', doNotCall: 'maybe' }, 'doNotCall'],
    [{ name: 'A', gender: '?' }, 'gender'],
    [{ name: 'A', birthday: '32/13/2020' }, 'birthday'],
  ])('rejects %j on %s', (values, field) => {
    const result = parseCustomerRow(5, values);
    expect(Array.isArray(result) && result.map((e) => e.field)).toEqual([field]);
  });
});

describe('orders', () => {
  it.each([
    ['199', 'CNY', 19900],
    ['1,299.50', 'CNY', 129950],
    ['¥88.8', 'CNY', 8880],
    ['1500元', 'CNY', 150000],
    ['1500', 'JPY', 1500],
    ['1.999', 'CNY', null],
    ['abc', 'CNY', null],
    ['-5', 'CNY', null],
  ])('toMinorUnits(%s, %s) = %s', (raw, currency, minor) => {
    expect(toMinorUnits(raw, currency)).toBe(minor);
  });

  it('reads dates in the tenant time zone', () => {
    expect(parseDate('2025-03-01', 'Asia/Shanghai')?.toISOString()).toBe('2025-02-28T16:00:00.000Z');
    expect(parseDate('2025/3/1 09:30', 'Asia/Shanghai')?.toISOString()).toBe('2025-03-01T01:30:00.000Z');
    expect(parseDate('2025-03-01T09:30:00Z', 'Asia/Shanghai')?.toISOString()).toBe(
      '2025-03-01T09:30:00.000Z',
    );
    expect(parseDate('next tuesday', 'Asia/Shanghai')).toBeNull();
  });

  it('parses a good row and lists every problem of a bad one', () => {
    const defaults = { currency: 'CNY', timeZone: 'Asia/Shanghai', now: new Date('2026-01-01T00:00:00Z') };
    expect(
      parseOrderRow(
        2,
        {
          orderRef: 'O1',
          customerRef: 'C1',
          product: '空调',
          amount: '3,999',
          orderedAt: '2025-05-01',
          status: '已完成',
        },
        defaults,
      ),
    ).toMatchObject({ orderRef: 'O1', amountMinor: 399900, currency: 'CNY', status: 'completed' });
    const bad = parseOrderRow(
      3,
      { product: '空调', amount: 'x', orderedAt: '2030-01-01', status: '?' },
      defaults,
    );
    expect(Array.isArray(bad) && bad.map((e) => e.field)).toEqual([
      'orderRef',
      'customerRef',
      'amount',
      'orderedAt',
      'status',
    ]);
  });
});
