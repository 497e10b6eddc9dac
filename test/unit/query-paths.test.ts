import assert from 'node:assert/strict';
import { test } from 'node:test';

import { QueryError } from '../../src/query/engine-types.js';
import { jsonColumnValue, selectJson } from '../../src/query/path/evaluate-json.js';
import { parseJsonPath } from '../../src/query/path/jsonpath.js';
import { parseXPath } from '../../src/query/path/xpath.js';
import { fixture, profileFrom, rejectsWith, runPage } from './query-helpers.js';

const book = {
  title: 'Good Omens',
  'first name': 'x',
  authors: [{ name: 'Terry Pratchett' }, { name: 'Neil Gaiman' }],
  publisher: { name: 'Gollancz' },
};

test('jsonpath steps parse', () => {
  assert.deepEqual(parseJsonPath("$.books[*]['first name'][0].*").steps, [
    { kind: 'name', name: 'books' },
    { kind: 'each' },
    { kind: 'name', name: 'first name' },
    { kind: 'index', index: 0 },
    { kind: 'any' },
  ]);
  assert.equal(parseJsonPath('$.a').absolute, true);
  assert.equal(parseJsonPath('authors[0].name').absolute, false);
});

test('unsupported jsonpath is an error', () => {
  for (const [path, reason] of [
    ['$..name', /recursive descent/],
    ['$.a[?(@.x)]', /filter expressions/],
    ['$.a[0:2]', /slices/],
    ['$.a[0,1]', /unions/],
    ['$.a[-1]', /negative indexes/],
  ] as const) {
    assert.throws(() => parseJsonPath(path), (error: unknown) => error instanceof QueryError && reason.test(error.message), path);
  }
});

test('xpath steps parse', () => {
  assert.deepEqual(parseXPath('/catalog/bk:book[1]/*/@xml:lang').steps, [
    { kind: 'name', name: 'catalog' },
    { kind: 'name', name: 'book', prefix: 'bk', index: 1 },
    { kind: 'any' },
    { kind: 'attribute', name: 'lang', prefix: 'xml' },
  ]);
  assert.equal(parseXPath('./title').steps.length, 1);
  assert.equal(parseXPath('.').steps.length, 0);
});

test('unsupported xpath is an error', () => {
  for (const [path, reason] of [
    ['//book', /descendant axis/],
    ['../title', /parent step/],
    ['book[@id="1"]', /only a zero-based position/],
    ['@id/title', /must be the last step/],
    ['text()', /node test text\(\)/],
  ] as const) {
    assert.throws(() => parseXPath(path), (error: unknown) => error instanceof QueryError && reason.test(error.message), path);
  }
});

test('jsonpath values on a record', () => {
  assert.equal(jsonColumnValue(book, parseJsonPath('authors[1].name')), 'Neil Gaiman');
  assert.equal(jsonColumnValue(book, parseJsonPath("['first name']")), 'x');
  assert.deepEqual(jsonColumnValue(book, parseJsonPath('authors[*].name')), ['Terry Pratchett', 'Neil Gaiman']);
  assert.equal(jsonColumnValue(book, parseJsonPath('authors.name')), undefined);
  assert.equal(jsonColumnValue(book, parseJsonPath('missing')), undefined);
  assert.deepEqual(jsonColumnValue(book, parseJsonPath('authors')), book.authors);
});

test('inherited members are not values', () => {
  assert.equal(jsonColumnValue({ a: 1 }, parseJsonPath('constructor')), undefined);
  assert.equal(jsonColumnValue({ a: 1 }, parseXPath('toString')), undefined);
  assert.equal(jsonColumnValue({}, parseJsonPath("['__proto__']")), undefined);
  assert.equal(jsonColumnValue(JSON.parse('{"__proto__": 5}'), parseJsonPath("['__proto__']")), 5);
});

test('xpath treats json arrays as repeated elements', () => {
  assert.equal(jsonColumnValue(book, parseXPath('authors/name')), 'Terry Pratchett');
  assert.equal(jsonColumnValue(book, parseXPath('authors[1]/name')), 'Neil Gaiman');
  assert.deepEqual(jsonColumnValue(book, parseXPath('authors')), book.authors);
  assert.deepEqual(selectJson(book, parseXPath('authors'), true), book.authors);
  assert.equal(jsonColumnValue(book, parseXPath('publisher[0]/name')), 'Gollancz');
  assert.equal(jsonColumnValue(book, parseXPath('publisher[1]/name')), undefined);
});

test('xml paths with attributes and namespaces', async () => {
  const profile = profileFrom(fixture('books.profile.yaml').toString());
  const { tables } = await runPage(profile, 'xml', fixture('books.xml'));
  const rows = tables.books!;
  assert.equal(rows.length, 3);
  assert.deepEqual(rows[0], [
    1, 'Dune', 9.99, 'USD', 1, '1965-08-01', 'Frank Herbert',
    '<authors><author><name>Frank Herbert</name><born>1920</born></author></authors>',
    'Chilton', 'Philadelphia', 'Classics',
  ]);
  assert.equal(rows[2]![1], 'Anonymous Tales & Legends');
  assert.equal(rows[2]![2], null);
  assert.equal(rows[2]![4], 1);
});

test('prefixed step matches the bound namespace', async () => {
  const xml = `<r xmlns:a="urn:one" xmlns:b="urn:two"><item><a:v>one</a:v><b:v>two</b:v></item></r>`;
  const profile = profileFrom('name: t\nrepeat: /r/item\ncolumns:\n  - { name: a, path: a:v }\n  - { name: b, path: b:v }\n  - { name: any, path: v }\n');
  const { tables } = await runPage(profile, 'xml', Buffer.from(xml));
  assert.deepEqual(tables.t, [['one', 'two', 'one']]);
  // A document that binds the profile's prefix to another URI selects by that binding.
  const swapped = `<r xmlns:a="urn:two" xmlns:b="urn:one"><item><b:v>one</b:v><a:v>two</a:v></item></r>`;
  assert.deepEqual((await runPage(profile, 'xml', Buffer.from(swapped))).tables.t, [['two', 'one', 'one']]);
});

test('undeclared prefix is an error', async () => {
  const profile = profileFrom('name: t\nrepeat: /r/item\ncolumns:\n  - { name: a, path: zz:v }\n');
  await rejectsWith(() => runPage(profile, 'xml', Buffer.from('<r><item><v>1</v></item></r>')), /prefix zz/, /never declares/);
});

test('default namespace matches unprefixed steps', async () => {
  const xml = `<feed xmlns="http://www.w3.org/2005/Atom"><entry><id>1</id></entry><item><id>2</id></item></feed>`;
  const profile = profileFrom('name: t\nrepeat: /feed/*\ncolumns:\n  - { name: id, type: int }\n');
  assert.deepEqual((await runPage(profile, 'xml', Buffer.from(xml))).tables.t, [[1], [2]]);
});

test('xpath positions are zero-based', async () => {
  const xml = '<r><b><t>x</t></b><b><t>y</t></b><b><t>z</t></b></r>';
  const profile = profileFrom('name: t\nrepeat: /r/b[1]\ncolumns:\n  - { name: t }\n');
  assert.deepEqual((await runPage(profile, 'xml', Buffer.from(xml))).tables.t, [['y']]);
});

test('jsonpath on xml is an error', async () => {
  const profile = profileFrom('name: t\nrepeat: $.r[*]\ncolumns:\n  - { name: t }\n');
  await rejectsWith(() => runPage(profile, 'xml', Buffer.from('<r/>')), /is a JSONPath, but the document is XML/);
});

test('xpath into json needs the json root', async () => {
  const profile = profileFrom('name: t\nrepeat: /books\ncolumns:\n  - { name: t }\n');
  await rejectsWith(() => runPage(profile, 'json', Buffer.from('{"books": []}')), /must start with \/json/);
});

test('document values and next path', async () => {
  const profile = profileFrom(fixture('books.profile.json').toString(), 'p.json');
  const { tables, result } = await runPage(profile, 'json', fixture('books.json'));
  assert.deepEqual(tables.books!.map((row) => row[10]), ['Classics', 'Classics', 'Classics']);
  assert.equal(result.next, 'https://books.example.test/books?page=2');
});

test('document value after the records is an error', async () => {
  const profile = profileFrom('name: t\nrepeat: $.items[*]\ncolumns:\n  - { name: id }\n  - { name: total, path: $.total }\n');
  await rejectsWith(() => runPage(profile, 'json', Buffer.from('{"items": [{"id": 1}], "total": 1}')), /comes after the first record/);
  const before = await runPage(profile, 'json', Buffer.from('{"total": 1, "items": [{"id": 1}]}'));
  assert.deepEqual(before.tables.t, [['1', '1']]);
});
