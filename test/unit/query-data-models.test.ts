import assert from 'node:assert/strict';
import { test } from 'node:test';

import { loadProfile, withDataModel } from '../../src/query/document.js';
import { fixture, fixturePath, profileFrom, runPage } from './query-helpers.js';

const nested = `name: books
repeat: [ "$.books[*]", "$.books[*].authors[*]", "$.books[*].authors[*].awards[*]" ]
dataModel: DOCUMENT
columns:
  - { name: id, type: integer, key: true }
  - { name: title }
  - { name: author, path: "authors[*].name" }
  - { name: award, path: "authors[*].awards[*].title" }
`;

test('document gives one row per record', async () => {
  const { tables, result } = await runPage(profileFrom(nested), 'json', fixture('books.json'));
  assert.equal(result.rows, 3);
  // A JSONPath wildcard in DOCUMENT gives every match, as a JSON array.
  assert.deepEqual(tables.books![0], [1, 'Dune', '["Frank Herbert"]', '["Hugo","Nebula"]']);
  assert.deepEqual(tables.books![2], [3, 'Anonymous Tales "Vol. 1"', null, null]);
});

test('flattened joins children and drops empty', async () => {
  const profile = withDataModel(profileFrom(nested), 'FLATTENEDDOCUMENTS');
  const { tables } = await runPage(profile, 'json', fixture('books.json'));
  assert.deepEqual(tables.books, [
    [1, 'Dune', 'Frank Herbert', 'Hugo'],
    [1, 'Dune', 'Frank Herbert', 'Nebula'],
    [2, 'Good Omens', 'Neil Gaiman', 'Hugo'],
  ]);
});

test('flattened keeps empty with keepEmpty', async () => {
  const profile = withDataModel(profileFrom(nested), 'FLATTENEDDOCUMENTS');
  const { tables } = await runPage(profile, 'json', fixture('books.json'), { keepEmpty: true });
  assert.deepEqual(tables.books, [
    [1, 'Dune', 'Frank Herbert', 'Hugo'],
    [1, 'Dune', 'Frank Herbert', 'Nebula'],
    [2, 'Good Omens', 'Terry Pratchett', null],
    [2, 'Good Omens', 'Neil Gaiman', 'Hugo'],
    [3, 'Anonymous Tales "Vol. 1"', null, null],
  ]);
});

test('flattened cross joins sibling arrays', async () => {
  const profile = profileFrom(`name: t
repeat: [ "$.items[*]", "$.items[*].colors[*]", "$.items[*].sizes[*]" ]
dataModel: FLATTENEDDOCUMENTS
columns:
  - { name: id, type: int }
  - { name: color, path: "colors[*].name" }
  - { name: size, path: "sizes[*]" }
`);
  const body = '{"items": [{"id": 1, "colors": [{"name": "red"}, {"name": "blue"}], "sizes": ["S", "M"]}]}';
  const { tables } = await runPage(profile, 'json', Buffer.from(body));
  assert.deepEqual(tables.t, [
    [1, 'red', 'S'],
    [1, 'red', 'M'],
    [1, 'blue', 'S'],
    [1, 'blue', 'M'],
  ]);
});

test('relational gives linked child tables', async () => {
  const profile = withDataModel(profileFrom(nested), 'RELATIONAL');
  assert.deepEqual(profile.tables.map((table) => table.name), ['books', 'books_authors', 'books_authors_awards']);
  assert.deepEqual(profile.tables[1]!.columns.map((column) => column.name), ['_id', '_parent_id', 'author']);
  const { tables, result } = await runPage(profile, 'json', fixture('books.json'), {}, { index: 1, rowIdStart: 101 });
  assert.deepEqual(tables.books, [
    [101, 1, 'Dune'],
    [105, 2, 'Good Omens'],
    [109, 3, 'Anonymous Tales "Vol. 1"'],
  ]);
  assert.deepEqual(tables.books_authors, [
    [102, 101, 'Frank Herbert'],
    [106, 105, 'Terry Pratchett'],
    [107, 105, 'Neil Gaiman'],
  ]);
  assert.deepEqual(tables.books_authors_awards, [
    [103, 102, 'Hugo'],
    [104, 102, 'Nebula'],
    [108, 107, 'Hugo'],
  ]);
  assert.equal(result.rows, 9);
});

test('rsd flattened over json', async () => {
  const profile = await loadProfile(fixturePath('books.rsd'), { uri: 'https://books.example.test/books.json' });
  const { tables } = await runPage(profile, 'json', fixture('books.json'));
  assert.deepEqual(tables.books, [
    [1, 'Dune', 9.99, 'Frank Herbert', 1920, 'Hugo'],
    [1, 'Dune', 9.99, 'Frank Herbert', 1920, 'Nebula'],
    [2, 'Good Omens', 12.5, 'Neil Gaiman', 1960, 'Hugo'],
  ]);
});

test('rsd relational over xml', async () => {
  const profile = await loadProfile(fixturePath('books-generated.rsd'), { uri: 'https://books.example.test/catalog.xml' });
  const { tables } = await runPage(profile, 'xml', fixture('books.xml'));
  assert.deepEqual(tables.catalog_books, [
    [1, 1, 'Dune', 9.99, '1965-08-01'],
    [3, 2, 'Good Omens', 12.5, '1990-05-01'],
    [6, 3, 'Anonymous Tales & Legends', null, '2001-12-24'],
  ]);
  assert.deepEqual(tables.catalog_books_author, [
    [2, 1, 'Frank Herbert'],
    [4, 3, 'Terry Pratchett'],
    [5, 3, 'Neil Gaiman'],
  ]);
});

test('xml flattened with keepEmpty', async () => {
  const profile = profileFrom(`name: books
repeat: [ /catalog/book, /catalog/book/authors/author ]
dataModel: FLATTENEDDOCUMENTS
columns:
  - { name: id, path: "@id", type: int }
  - { name: author, path: authors/author/name }
  - { name: born, path: authors/author/born, type: int }
`);
  const { tables } = await runPage(profile, 'xml', fixture('books.xml'), { keepEmpty: true });
  assert.deepEqual(tables.books, [
    [1, 'Frank Herbert', 1920],
    [2, 'Terry Pratchett', 1948],
    [2, 'Neil Gaiman', 1960],
    [3, null, null],
  ]);
});

test('ndjson records are lines', async () => {
  const profile = profileFrom('name: t\nrepeat: $[*]\ncolumns:\n  - { name: id, type: int }\n  - { name: first, path: "authors[0].name" }\n');
  const { tables } = await runPage(profile, 'ndjson', fixture('books.ndjson'));
  assert.deepEqual(tables.t, [
    [1, 'Frank Herbert'],
    [2, 'Terry Pratchett'],
    [3, null],
  ]);
});
