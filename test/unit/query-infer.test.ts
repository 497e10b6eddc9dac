import assert from 'node:assert/strict';
import { test } from 'node:test';

import { inferProfile } from '../../src/query/document.js';
import type { DocumentFormat } from '../../src/query/engine-types.js';
import { chunked, fixture, profileFrom, rejectsWith, runPage } from './query-helpers.js';

const documents: Array<{ format: DocumentFormat; file: string }> = [
  { format: 'json', file: 'books.json' },
  { format: 'xml', file: 'books.xml' },
  { format: 'ndjson', file: 'books.ndjson' },
];

for (const { format, file } of documents) {
  for (const as of ['json', 'yaml', 'rsd'] as const) {
    test(`infer ${format} as ${as} round trip`, async () => {
      const text = await inferProfile(format, chunked(fixture(file), [7]), { name: 'books', as });
      const profile = profileFrom(text, `draft.${as}`);
      const { tables } = await runPage(profile, format, fixture(file));
      assert.equal(tables.books!.length, 3);
      const columns = profile.tables[0]!.columns;
      assert.equal(columns[0]!.name, 'id');
      assert.equal(columns[0]!.type, 'integer');
      assert.equal(columns[0]!.key, true);
      assert.deepEqual(tables.books!.map((row) => row[0]), [1, 2, 3]);
    });
  }
}

test('inferred json types and paths', async () => {
  const text = await inferProfile('json', chunked(fixture('books.json')), { name: 'books', as: 'json' });
  const draft = JSON.parse(text) as { repeat: string; columns: Array<{ name: string; path: string; type: string }> };
  assert.equal(draft.repeat, '$.books[*]');
  const byName = Object.fromEntries(draft.columns.map((column) => [column.name, column]));
  assert.equal(byName.price!.type, 'number');
  assert.equal(byName.available!.type, 'boolean');
  assert.equal(byName.published!.type, 'date');
  assert.equal(byName.updated!.type, 'datetime');
  assert.equal(byName.serial!.type, 'integer');
  assert.equal(byName.publisher_city!.path, 'publisher.city');
  assert.equal(byName.authors!.type, 'string');
});

test('inferred xml finds the repeated element', async () => {
  const text = await inferProfile('xml', chunked(fixture('books.xml')), { name: 'books', as: 'yaml' });
  assert.match(text, /repeat: \/catalog\/book\n/);
  assert.match(text, /path: pub:publisher\/@pub:city/);
  assert.match(text, /path: price\/@currency/);
});

test('inferred xml prefers records over nested lists', async () => {
  const xml = [
    '<catalog>',
    '<book id="1"><authors><author born="1"><name>a</name></author></authors></book>',
    '<book id="2"><authors><author born="2"><name>b</name></author><author born="3"><name>c</name></author></authors></book>',
    '<book id="3"><authors><author born="4"><name>d</name></author></authors></book>',
    '</catalog>',
  ].join('');
  const text = await inferProfile('xml', chunked(Buffer.from(xml)), { name: 'books', as: 'yaml' });
  assert.match(text, /repeat: \/catalog\/book\n/);
});

test('infer reads a truncated sample', async () => {
  const bytes = fixture('books.json');
  // The cut falls inside the third book: the two complete books are the records.
  const text = await inferProfile('json', chunked(bytes, [64]), { name: 'books', as: 'json', sampleBytes: 1100 });
  assert.match(text, /"repeat": "\$\.books\[\*\]"/);
  assert.match(text, /"name": "serial",\n\s+"path": "serial",\n\s+"type": "integer"/);
});

test('infer honours a given repeat path', async () => {
  const text = await inferProfile('json', chunked(fixture('books.json')), { name: 'authors', as: 'json', repeat: '$.books[*].authors[*]' });
  const draft = JSON.parse(text) as { repeat: string; columns: Array<{ name: string }> };
  assert.equal(draft.repeat, '$.books[*].authors[*]');
  assert.deepEqual(draft.columns.map((column) => column.name), ['name', 'born', 'awards']);
  await rejectsWith(() => inferProfile('json', chunked(fixture('books.json')), { name: 't', as: 'json', repeat: '$.nothing' }), /matches nothing/);
});
