import assert from 'node:assert/strict';
import { test } from 'node:test';

import { formatAmzDate, parseAmzDate } from '../../src/auth/sigv4/credential-scope.js';

test('parseAmzDate reads UTC date-time', () => {
  assert.equal(parseAmzDate('20261205T034512Z')?.toISOString(), '2026-12-05T03:45:12.000Z');
  assert.equal(parseAmzDate('20240229T235959Z')?.toISOString(), '2024-02-29T23:59:59.000Z');
});

test('parseAmzDate inverts formatAmzDate', () => {
  const date = new Date(Date.UTC(2031, 0, 2, 3, 4, 5));
  assert.equal(parseAmzDate(formatAmzDate(date))?.getTime(), date.getTime());
});

for (const text of [
  '',
  '20261205T034512',
  '20261205 034512Z',
  '2026-12-05T03:45:12Z',
  '20261205T034512z',
  '2026120ST034512Z',
  '20261205T0345-2Z',
  '20261305T034512Z',
  '20230229T000000Z',
  '20261232T000000Z',
  '20261205T240000Z',
  '20261205T036000Z',
  '20261205T034560Z',
  '20261205T034512Z ',
]) {
  test(`parseAmzDate rejects ${JSON.stringify(text)}`, () => {
    assert.equal(parseAmzDate(text), undefined);
  });
}
