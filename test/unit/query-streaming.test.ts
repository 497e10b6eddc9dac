import assert from 'node:assert/strict';
import { test } from 'node:test';

import { fixture, profileFrom, randomSizes, rejectsWith, runPage, chunked } from './query-helpers.js';

const jsonProfile = `name: books
repeat: $.books[*]
columns:
  - { name: id, type: int }
  - { name: title }
  - { name: serial, type: long }
  - { name: updated, type: datetime }
  - { name: authors }
  - { name: catalog, path: $.catalog }
`;
const xmlProfile = `name: books
repeat: /catalog/book
columns:
  - { name: id, path: "@id", type: int }
  - { name: title }
  - { name: authors }
  - { name: city, path: "pub:publisher/@pub:city" }
`;
const ndjsonProfile = 'name: books\nrepeat: $\ncolumns:\n  - { name: id, type: int }\n  - { name: authors }\n';

const cases = [
  { format: 'json' as const, profile: jsonProfile, file: 'books.json' },
  { format: 'xml' as const, profile: xmlProfile, file: 'books.xml' },
  { format: 'ndjson' as const, profile: ndjsonProfile, file: 'books.ndjson' },
];

for (const { format, profile, file } of cases) {
  test(`${format} rows survive any chunking`, async () => {
    const bytes = fixture(file);
    const whole = await runPage(profileFrom(profile), format, bytes);
    assert.equal(whole.tables.books!.length, 3);
    const single = await runPage(profileFrom(profile), format, chunked(bytes, [1]));
    assert.deepEqual(single.tables, whole.tables);
    for (const seed of [1, 2, 3, 4, 5]) {
      const random = await runPage(profileFrom(profile), format, chunked(bytes, randomSizes(seed, 64, 40)));
      assert.deepEqual(random.tables, whole.tables, `seed ${seed}`);
    }
  });
}

test('escapes and multibyte text across chunks', async () => {
  const body = Buffer.from('{"books": [{"id": 1, "title": "a\\"b\\\\\\"c ☃ é 𝄞", "x": "]}"}, {"id": 2, "title": "\\u00e9\\\\"}]}');
  const profile = profileFrom('name: books\nrepeat: $.books[*]\ncolumns:\n  - { name: id, type: int }\n  - { name: title }\n');
  const expected = [[1, 'a"b\\"c ☃ é 𝄞'], [2, 'é\\']];
  assert.deepEqual((await runPage(profile, 'json', body)).tables.books, expected);
  assert.deepEqual((await runPage(profile, 'json', chunked(body, [1]))).tables.books, expected);
  assert.deepEqual((await runPage(profile, 'json', chunked(body, [2, 3]))).tables.books, expected);
});

test('record larger than the limit fails', async () => {
  const profile = profileFrom('name: t\nrepeat: $.items[*]\ncolumns:\n  - { name: v }\n');
  const body = Buffer.from(`{"items": [{"v": "${'x'.repeat(5000)}"}]}`);
  await rejectsWith(() => runPage(profile, 'json', chunked(body, [100]), { maxRecordBytes: 1000 }), /larger than the record size limit of 1000 bytes/);
  const xml = profileFrom('name: t\nrepeat: /r/i\ncolumns:\n  - { name: v }\n');
  const xmlBody = Buffer.from(`<r><i><v>${'x'.repeat(5000)}</v><w/></i></r>`);
  await rejectsWith(() => runPage(xml, 'xml', chunked(xmlBody, [100]), { maxRecordBytes: 1000 }), /larger than the record size limit/);
});

test('nesting deeper than the limit fails', async () => {
  const profile = profileFrom('name: t\nrepeat: $.items[*]\ncolumns:\n  - { name: v }\n');
  const deep = `{"items": [{"v": ${'['.repeat(50)}${']'.repeat(50)}}]}`;
  await rejectsWith(() => runPage(profile, 'json', Buffer.from(deep), { maxDepth: 20 }), /nests deeper than 20 levels/);
  const skipped = `{"other": ${'['.repeat(50)}${']'.repeat(50)}, "items": []}`;
  await rejectsWith(() => runPage(profile, 'json', Buffer.from(skipped), { maxDepth: 20 }), /nests deeper than 20 levels/);
  const xml = profileFrom('name: t\nrepeat: /r/i\ncolumns:\n  - { name: v }\n');
  await rejectsWith(() => runPage(xml, 'xml', Buffer.from(`<r>${'<a>'.repeat(30)}${'</a>'.repeat(30)}</r>`), { maxDepth: 20 }), /nests deeper than 20 levels/);
});

test('malformed documents fail clearly', async () => {
  const profile = profileFrom('name: t\nrepeat: $.items[*]\ncolumns:\n  - { name: v }\n');
  await rejectsWith(() => runPage(profile, 'json', Buffer.from('{"items": [{"v": 1,}]}')), /invalid JSON in record 1 starting at byte 11/);
  await rejectsWith(() => runPage(profile, 'json', Buffer.from('{"items": [{"v": 1}')), /ends early/);
  await rejectsWith(() => runPage(profile, 'json', Buffer.from('{"items": []} {"items": []}')), /use the ndjson format/);
  await rejectsWith(() => runPage(profile, 'json', Buffer.from('')), /empty/);
  await rejectsWith(() => runPage(profile, 'json', Buffer.from('{"items" [1]}')), /expected : but found "\["/);
  const xml = profileFrom('name: t\nrepeat: /r/i\ncolumns:\n  - { name: v }\n');
  await rejectsWith(() => runPage(xml, 'xml', Buffer.from('<r><i><v>1</i></r>')), /invalid XML/);
});

test('ndjson error names the value', async () => {
  const profile = profileFrom(ndjsonProfile);
  await rejectsWith(() => runPage(profile, 'ndjson', Buffer.from('{"id": 1}\n{"id": 2, }\n')), /record 2 \(NDJSON\)/);
});

test('xml declared encoding is honoured', async () => {
  const profile = profileFrom('name: t\nrepeat: /r/i\ncolumns:\n  - { name: v }\n');
  const latin1 = Buffer.concat([Buffer.from('<?xml version="1.0" encoding="ISO-8859-1"?><r><i><v>'), Buffer.from([0xe9]), Buffer.from('</v></i></r>')]);
  assert.deepEqual((await runPage(profile, 'xml', latin1)).tables.t, [['é']]);
});
