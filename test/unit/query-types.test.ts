import assert from 'node:assert/strict';
import { test } from 'node:test';

import type { CellValue, ColumnType } from '../../src/query/engine-types.js';
import { ConversionFailure, convertValue } from '../../src/query/extract/convert.js';
import { JsonNumberText } from '../../src/query/path/json-value.js';
import { profileFrom, rejectsWith, runPage } from './query-helpers.js';

const accepted: Array<[ColumnType, unknown, CellValue]> = [
  ['string', 'x', 'x'],
  ['string', 12.5, '12.5'],
  ['string', true, 'true'],
  ['string', { aggregate: '{"a":1}' }, '{"a":1}'],
  ['integer', 42, 42],
  ['integer', ' 42 ', 42],
  ['integer', '+7', 7],
  ['integer', '1.0', 1],
  ['integer', 9007199254740993n.toString(), 9007199254740993n],
  ['integer', new JsonNumberText('12345678901234567890'), 12345678901234567890n],
  ['integer', new JsonNumberText('-9007199254740993'), -9007199254740993n],
  ['number', '12.50', 12.5],
  ['number', '1e3', 1000],
  ['number', 7, 7],
  ['boolean', true, 1],
  ['boolean', false, 0],
  ['boolean', 'true', 1],
  ['boolean', '0', 0],
  ['boolean', 1, 1],
  ['date', '2024-02-29', '2024-02-29'],
  ['date', '2024-01-05T23:30:00-05:00', '2024-01-05'],
  ['datetime', '2024-01-05T10:30:00+02:00', '2024-01-05T08:30:00Z'],
  ['datetime', '2024-01-05 10:30', '2024-01-05T10:30:00'],
  ['datetime', '2024-01-05T10:30:00.123Z', '2024-01-05T10:30:00.123Z'],
  ['datetime', '2024-01-01T00:30:00+01:00', '2023-12-31T23:30:00Z'],
  ['datetime', '2024-01-05', '2024-01-05T00:00:00'],
  ['integer', '', null],
  ['integer', null, null],
  ['string', '', ''],
];

test('values convert to declared types', () => {
  for (const [type, raw, expected] of accepted) {
    assert.deepEqual(convertValue(raw as never, type), expected, `${type} ${String(raw)}`);
  }
});

const rejected: Array<[ColumnType, unknown]> = [
  ['integer', 1.5],
  ['integer', '1.5'],
  ['integer', 'abc'],
  ['integer', true],
  ['number', 'abc'],
  ['number', '1e999'],
  ['boolean', 'yes'],
  ['boolean', 2],
  ['date', '2023-02-29'],
  ['date', '05/01/2024'],
  ['datetime', '2024-01-05T25:00:00'],
  ['datetime', 1704450600],
  ['integer', { aggregate: '[1]' }],
];

test('values that do not convert fail', () => {
  for (const [type, raw] of rejected) {
    assert.ok(convertValue(raw as never, type) instanceof ConversionFailure, `${type} ${JSON.stringify(raw)}`);
  }
});

const profile = `name: items
repeat: $.items[*]
columns:
  - { name: id, type: integer, key: true }
  - { name: price, type: number }
  - { name: note, required: true }
`;

test('conversion error names row column path and line', async () => {
  const body = '{"items": [{"id": 1, "price": 2, "note": "a"}, {"id": 2, "price": "cheap", "note": "b"}]}';
  await rejectsWith(
    () => runPage(profileFrom(profile, 'items.yaml'), 'json', Buffer.from(body)),
    /row 2 of items/,
    /column price/,
    /path "price"/,
    /items\.yaml line 5/,
    /"cheap"/,
    /--lenient/,
  );
});

test('lenient stores null and counts', async () => {
  const body = '{"items": [{"id": 1, "price": "cheap", "note": "a"}, {"id": 2, "price": "free", "note": "b"}, {"id": 3, "price": 4, "note": "c"}]}';
  const { tables, result } = await runPage(profileFrom(profile), 'json', Buffer.from(body), { lenient: true });
  assert.deepEqual(tables.items, [[1, null, 'a'], [2, null, 'b'], [3, 4, 'c']]);
  assert.deepEqual(result.nullified, { 'items.price': 2 });
});

test('missing key or required value fails', async () => {
  await rejectsWith(() => runPage(profileFrom(profile), 'json', Buffer.from('{"items": [{"price": 1, "note": "a"}]}')), /column id/, /is a key but the record has no value/);
  await rejectsWith(
    () => runPage(profileFrom(profile), 'json', Buffer.from('{"items": [{"id": 1, "note": null}]}'), { lenient: true }),
    /column note/,
    /is required/,
  );
});

test('missing field gives null', async () => {
  const { tables } = await runPage(profileFrom(profile), 'json', Buffer.from('{"items": [{"id": 1, "note": "a"}]}'));
  assert.deepEqual(tables.items, [[1, null, 'a']]);
});

test('big integers stay exact', async () => {
  const p = profileFrom('name: t\nrepeat: $[*]\ncolumns:\n  - { name: id, type: long }\n  - { name: raw }\n  - { name: all, path: "@" }\n');
  const { tables } = await runPage(p, 'json', Buffer.from('[{"id": 12345678901234567890, "raw": 98765432109876543210, "f": 0.6000000000000001}]'));
  assert.deepEqual(tables.t, [[
    12345678901234567890n,
    '98765432109876543210',
    '{"id":12345678901234567890,"raw":98765432109876543210,"f":0.6000000000000001}',
  ]]);
});
