import assert from 'node:assert/strict';
import { test } from 'node:test';

import { loadProfile, parseProfileText } from '../../src/query/document.js';
import { fixturePath, profileFrom, rejectsWith } from './query-helpers.js';

const rsd = (body: string, info = '<attr name="id" xs:type="int" other:xPath="/json/items/id" />') => `<api:script xmlns:api="http://apiscript.com/ns?v1" xmlns:xs="http://www.cdata.com/ns/rsbscript/2">
  <api:info title="items" xmlns:other="http://apiscript.com/ns?v1">
    ${info}
  </api:info>
  <api:set attr="RepeatElement" value="/json/items" />
${body}
</api:script>
`;
const getCall = `  <api:script method="GET">
    <api:call op="jsonproviderGet"><api:push/></api:call>
  </api:script>`;

test('JSON profile loads with types and keys', async () => {
  const profile = await loadProfile(fixturePath('books.profile.json'), {});
  assert.equal(profile.name, 'books');
  assert.equal(profile.dataModel, 'DOCUMENT');
  assert.equal(profile.maxPages, 1000);
  assert.deepEqual(profile.pagination, { kind: 'next-url', nextPath: '$.next' });
  const columns = profile.tables[0]!.columns;
  assert.deepEqual(columns.map((column) => column.type), [
    'integer', 'string', 'number', 'boolean', 'date', 'datetime', 'integer', 'string', 'string', 'string', 'string',
  ]);
  assert.equal(columns[0]!.key, true);
  assert.equal(columns[1]!.required, true);
  assert.equal(columns[2]!.location.line, 8);
});

test('YAML profile loads with format and lines', async () => {
  const profile = await loadProfile(fixturePath('books.profile.yaml'), {});
  assert.equal(profile.format, 'xml');
  assert.deepEqual(profile.pagination, { kind: 'next-url', nextPath: '/catalog/next' });
  assert.equal(profile.tables[0]!.columns[0]!.location.line, 6);
});

test('rsd profile reads connection uri', async () => {
  const profile = await loadProfile(fixturePath('books.rsd'), { uri: 'https://books.example.test/a?X-Amz-Signature=abc%2F' });
  assert.equal(profile.uri, 'https://books.example.test/a?X-Amz-Signature=abc%2F');
  assert.equal(profile.format, 'json');
  assert.equal(profile.dataModel, 'FLATTENEDDOCUMENTS');
  assert.deepEqual(profile.tables[0]!.columns.map((column) => column.name), ['id', 'title', 'price', 'author', 'born', 'award']);
});

test('generated rsd with rsb prefix skips other methods', async () => {
  const profile = await loadProfile(fixturePath('books-generated.rsd'), { uri: 'https://books.example.test/catalog.xml' });
  assert.equal(profile.name, 'catalog_books');
  assert.equal(profile.format, 'xml');
  assert.equal(profile.dataModel, 'RELATIONAL');
  assert.deepEqual(profile.tables.map((table) => table.name), ['catalog_books', 'catalog_books_author']);
  assert.deepEqual(profile.tables[1]!.parent, { table: 'catalog_books', column: '_parent_id' });
  assert.deepEqual(profile.tables[1]!.columns.map((column) => column.name), ['_id', '_parent_id', 'author']);
  assert.equal(profile.tables[0]!.columns.find((column) => column.name === 'author'), undefined);
});

test('missing profile file says so', async () => {
  await rejectsWith(() => loadProfile(fixturePath('no-such.profile.json'), {}), /cannot read the profile .*no-such\.profile\.json: no such file/);
});

test('missing connection option names the flag', async () => {
  await rejectsWith(() => loadProfile(fixturePath('books.rsd'), {}), /books\.rsd line 13/, /\[_connection\.uri\] has no value/, /--connection uri=VALUE or give the document URL with --uri/);
});

test('uri falls back to the connection', () => {
  const profile = profileFrom('name: t\nrepeat: $.items[*]\ncolumns: [{ name: id }]\n', 't.yaml', { URI: 'https://h.example.test/x' });
  assert.equal(profile.uri, 'https://h.example.test/x');
});

test('unknown profile key suggests the closest', async () => {
  await rejectsWith(
    () => profileFrom('name: t\nrepeat: $.items[*]\ncolumns:\n  - { name: id, tpye: int }\n'),
    /test\.yaml line 4/,
    /unknown column key "tpye"; did you mean "type"\?/,
  );
  await rejectsWith(() => profileFrom('{"name": "t", "repaet": "$.a", "columns": [{"name": "id"}]}', 't.json'), /t\.json line 1/, /did you mean "repeat"/);
});

test('unknown type names the line', async () => {
  await rejectsWith(
    () => profileFrom('name: t\nrepeat: $.items[*]\ncolumns:\n  - name: id\n    type: integr\n'),
    /test\.yaml line 5/,
    /unknown type "integr" for column id; did you mean "integer"\?/,
  );
  await rejectsWith(
    () => profileFrom(rsd(getCall, '<attr name="id" xs:type="varchar" other:xPath="/json/items/id" />'), 'x.rsd'),
    /x\.rsd line 3/,
    /unknown type "varchar"/,
  );
});

test('type aliases resolve', () => {
  const names = ['string', 'unknown', 'int', 'integer', 'long', 'double', 'float', 'decimal', 'boolean', 'bool', 'date', 'datetime', 'timestamp'];
  const columns = names.map((type, i) => `  - { name: c${i}, type: ${type} }`).join('\n');
  const profile = profileFrom(`name: t\nrepeat: $.a[*]\ncolumns:\n${columns}\n`);
  assert.deepEqual(profile.tables[0]!.columns.map((column) => column.type), [
    'string', 'string', 'integer', 'integer', 'integer', 'number', 'number', 'number', 'boolean', 'boolean', 'date', 'datetime', 'datetime',
  ]);
});

test('unsupported GET statement names element and line', async () => {
  const body = `  <api:script method="GET">
    <api:check attr="_input.id">
      <api:call op="jsonproviderGet"><api:push/></api:call>
    </api:check>
  </api:script>`;
  await rejectsWith(() => profileFrom(rsd(body), 'x.rsd'), /x\.rsd line 7/, /<api:check attr="_input\.id"> is not supported/, /only on _input\.rows@next/);
  await rejectsWith(() => profileFrom(rsd(`  <api:if attr="_input.rows@next" value="" operator="isnull" />\n${getCall}`), 'x.rsd'), /x\.rsd line 6/, /<api:if> is not supported on the GET path/);
  await rejectsWith(() => profileFrom(rsd(`  <api:enum list="a,b" />\n${getCall}`), 'x.rsd'), /x\.rsd line 6/, /<api:enum>/);
  await rejectsWith(
    () => profileFrom(rsd('  <api:script method="GET"><api:call op="jsonproviderGet"><api:push/><api:throw code="x"/></api:call></api:script>'), 'x.rsd'),
    /x\.rsd line 6/,
    /<api:throw> is not supported inside api:call/,
  );
});

test('unknown api:set attr suggests the closest', async () => {
  await rejectsWith(() => profileFrom(rsd(`  <api:set attr="DataModle" value="RELATIONAL" />\n${getCall}`), 'x.rsd'), /x\.rsd line 6/, /did you mean "DataModel"/);
});

test('unknown attr attribute suggests the closest', async () => {
  await rejectsWith(
    () => profileFrom(rsd(getCall, '<attr name="id" xs:type="int" other:xPaht="/json/items/id" />'), 'x.rsd'),
    /x\.rsd line 3/,
    /unknown attribute other:xPaht on <attr>; did you mean "xPath"/,
  );
});

test('undeclared api prefix is an error', async () => {
  const text = '<api:script><api:info title="t"><attr name="id" /></api:info></api:script>';
  await rejectsWith(() => profileFrom(text, 'x.rsd'), /x\.rsd line 1/, /not api:script/);
});

test('missing provider call is an error', async () => {
  await rejectsWith(() => profileFrom(rsd(''), 'x.rsd'), /no <api:call op="jsonproviderGet">/);
});

test('references escapes and input defaults', () => {
  const text = rsd(`  <api:set attr="URI" value="[_connection.base]/books?q=\\[x\\]&amp;page=[_input.page]" />\n${getCall}`, `<attr name="id" xs:type="int" other:xPath="/json/items/id" />
    <input name="page" default="1" />`);
  assert.equal(profileFrom(text, 'x.rsd', { base: 'https://h.example.test' }).uri, 'https://h.example.test/books?q=[x]&page=1');
});

test('YAML profile inputs come from uri references', async () => {
  const text = 'name: t\nrepeat: $.items[*]\nuri: "https://h.example.test/items?q=\\\\[_input.literal\\\\]&page=[_input.Page]"\ncolumns: [{ name: id }]\n';
  assert.equal(parseProfileText(text, 't.yaml', {}, { page: '2' }).uri, 'https://h.example.test/items?q=[_input.literal]&page=2');
  await rejectsWith(
    () => parseProfileText(text, 't.yaml', {}, { literal: 'x' }),
    /t\.yaml line 3/,
    /the profile has no input "literal"\. Its uri references Page as \[_input\.name\]\./,
  );
});

test('formatter reference is an error', async () => {
  const text = rsd(`  <api:set attr="URI" value="[_connection.uri | tolower]" />\n${getCall}`);
  await rejectsWith(() => profileFrom(text, 'x.rsd', { uri: 'u' }), /x\.rsd line 6/, /the formatter in \[_connection\.uri \| tolower\] is not supported/);
});

test('rsd pagination maps to a spec', () => {
  const text = rsd(`  <api:set attr="Pagination" value="offset" />
  <api:set attr="PageParam" value="offset" />
  <api:set attr="PageSize" value="50" />
  <api:set attr="PageSizeParam" value="limit" />
  <api:set attr="MaxPages" value="20" />
${getCall}`);
  const profile = profileFrom(text, 'x.rsd');
  assert.deepEqual(profile.pagination, { kind: 'offset', param: 'offset', pageSize: 50, start: 0, sizeParam: 'limit' });
  assert.equal(profile.maxPages, 20);
});

test('yaml pagination kinds and errors', async () => {
  const base = 'name: t\nrepeat: $.items[*]\ncolumns: [{ name: id }]\n';
  assert.deepEqual(profileFrom(`${base}pagination: { type: cursor, param: after, nextPath: $.meta.cursor }\n`).pagination, {
    kind: 'cursor', param: 'after', nextPath: '$.meta.cursor',
  });
  assert.deepEqual(profileFrom(`${base}pagination: { type: page-number, param: page }\n`).pagination, { kind: 'page-number', param: 'page', start: 1 });
  assert.deepEqual(profileFrom(`${base}pagination: { type: link-header }\n`).pagination, { kind: 'link-header' });
  await rejectsWith(() => profileFrom(`${base}pagination: { type: next_url }\n`), /line 4/, /did you mean "next-url"/);
  await rejectsWith(() => profileFrom(`${base}pagination: { type: offset, param: o }\n`), /offset pagination needs pagination\.pageSize/);
  await rejectsWith(() => profileFrom(`${base}pagination: { type: next-url, nextPath: next }\n`), /must be an absolute path/);
});

test('relational reserves generated column names', async () => {
  await rejectsWith(
    () => profileFrom('name: t\nrepeat: $.items[*]\ndataModel: RELATIONAL\ncolumns: [{ name: _id }]\n'),
    /line 4/,
    /reserved for the ids RELATIONAL generates/,
  );
});

test('document path containing records is rejected', async () => {
  await rejectsWith(
    () => profileFrom('name: t\nrepeat: $.data.items[*]\ncolumns: [{ name: all, path: $.data }]\n'),
    /contains the records/,
  );
});
