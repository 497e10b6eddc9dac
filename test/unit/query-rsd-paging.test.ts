import assert from 'node:assert/strict';
import { test } from 'node:test';

import { parseProfileText } from '../../src/query/document.js';
import { rejectsWith } from './query-helpers.js';

/** An `.rsd` profile whose statements after RepeatElement are `body`; its first statement is on line 7. */
const rsd = (body: string, inputs = '<input name="rows@next" desc="The next page." />') => `<api:script xmlns:api="http://apiscript.com/ns?v1" xmlns:xs="http://www.cdata.com/ns/rsbscript/2">
  <api:info title="items" xmlns:other="http://apiscript.com/ns?v1">
    <attr name="id" xs:type="int" other:xPath="/json/items/id" />
    ${inputs}
  </api:info>
  <api:set attr="RepeatElement" value="/json/items" />
${body}
  <api:script method="GET">
    <api:call op="jsonproviderGet"><api:push/></api:call>
  </api:script>
</api:script>
`;

const load = (text: string, inputs: Record<string, string> = {}, connection: Record<string, string> = {}) =>
  parseProfileText(text, 'p.rsd', connection, inputs);

const nextUrlCheck = `  <api:check attr="_input.rows@next">
    <api:set attr="URI" value="[_input.rows@next]" />
  </api:check>`;

test('rows@next next URL maps to next-url', () => {
  const profile = load(rsd(`  <api:set attr="EnablePaging" value="TRUE" />
  <api:set attr="PageUrlPath" value="/json/next" />
  <api:set attr="URI" value="https://h.example.test/items" />
${nextUrlCheck}`));
  assert.deepEqual(profile.pagination, { kind: 'next-url', nextPath: '/json/next' });
  assert.equal(profile.uri, 'https://h.example.test/items');
});

test('paging names ignore case', () => {
  const profile = load(rsd(`  <api:set attr="enablepaging" value="true" />
  <api:set attr="pageurlpath" value="$.links.next" />
${nextUrlCheck}`));
  assert.deepEqual(profile.pagination, { kind: 'next-url', nextPath: '$.links.next' });
});

test('offset, page and token settings map to kinds', () => {
  assert.deepEqual(load(rsd('  <api:set attr="PageOffsetParam" value="offset" />\n  <api:set attr="PageSize" value="50" />\n  <api:set attr="PageSizeParam" value="limit" />')).pagination, {
    kind: 'offset',
    param: 'offset',
    pageSize: 50,
    start: 0,
    sizeParam: 'limit',
  });
  assert.deepEqual(load(rsd('  <api:set attr="PageNumberParam" value="page" />')).pagination, { kind: 'page-number', param: 'page', start: 1 });
  assert.deepEqual(load(rsd('  <api:set attr="PageTokenPath" value="/json/meta/next" />\n  <api:set attr="PageTokenParam" value="cursor" />')).pagination, {
    kind: 'cursor',
    param: 'cursor',
    nextPath: '/json/meta/next',
  });
});

test('token parameter comes from the check URL', () => {
  const profile = load(rsd(`  <api:set attr="PageTokenPath" value="/json/meta/next" />
  <api:check attr="_input.rows@next">
    <api:set attr="URI" value="https://h.example.test/items?cursor=[_input.rows@next]" />
  </api:check>`));
  assert.deepEqual(profile.pagination, { kind: 'cursor', param: 'cursor', nextPath: '/json/meta/next' });
});

test('EnablePaging false turns paging off', () => {
  const profile = load(rsd(`  <api:set attr="EnablePaging" value="false" />\n  <api:set attr="PageUrlPath" value="/json/next" />\n${nextUrlCheck}`));
  assert.equal(profile.pagination, undefined);
});

test('Coffer Pagination settings still load', () => {
  const profile = load(rsd('  <api:set attr="Pagination" value="cursor" />\n  <api:set attr="PageParam" value="after" />\n  <api:set attr="PageNextPath" value="$.next" />'));
  assert.deepEqual(profile.pagination, { kind: 'cursor', param: 'after', nextPath: '$.next' });
});

test('api:else sets the first page', () => {
  const text = rsd(`  <api:set attr="PageUrlPath" value="/json/next" />
  <api:check attr="_input.rows@next">
    <api:set attr="URI" value="[_input.rows@next]" />
    <api:else>
      <api:set attr="URI" value="https://h.example.test/first" />
    </api:else>
  </api:check>`);
  assert.equal(load(text).uri, 'https://h.example.test/first');
  assert.equal(load(text, { 'ROWS@NEXT': 'https://h.example.test/page-4' }).uri, 'https://h.example.test/page-4');
});

test('paging setting errors name the line', async () => {
  await rejectsWith(() => load(rsd('  <api:set attr="EnablePaging" value="true" />')), /p\.rsd line 7/, /EnablePaging needs a paging kind/);
  await rejectsWith(() => load(rsd('  <api:set attr="EnablePaging" value="yes" />')), /p\.rsd line 7/, /EnablePaging must be true or false/);
  await rejectsWith(
    () => load(rsd('  <api:set attr="PageUrlPath" value="/json/next" />\n  <api:set attr="PageOffsetParam" value="offset" />')),
    /p\.rsd line 8/,
    /PageUrlPath \(next-url paging\) and PageOffsetParam \(offset paging\) do not go together/,
  );
  await rejectsWith(() => load(rsd('  <api:set attr="PageOffsetParam" value="offset" />')), /p\.rsd line 7/, /offset pagination needs PageSize/);
  await rejectsWith(() => load(rsd('  <api:set attr="PageTokenPath" value="/json/next" />')), /p\.rsd line 7/, /cursor pagination needs PageTokenParam/);
  await rejectsWith(() => load(rsd(nextUrlCheck)), /p\.rsd line 8/, /does not say where the next URL is; set PageUrlPath/);
});

test('check that disagrees with the kind fails', async () => {
  await rejectsWith(
    () => load(rsd(`  <api:set attr="PageOffsetParam" value="offset" />\n  <api:set attr="PageSize" value="10" />\n${nextUrlCheck}`)),
    /p\.rsd line 10/,
    /a next URL, but the paging kind is offset/,
  );
  await rejectsWith(
    () =>
      load(rsd(`  <api:set attr="PageNumberParam" value="page" />
  <api:check attr="_input.rows@next">
    <api:set attr="URI" value="https://h.example.test/items?p=[_input.rows@next]" />
  </api:check>`)),
    /p\.rsd line 9/,
    /in the parameter p, but the page-number paging parameter is page/,
  );
});

test('unsupported check shapes name element and line', async () => {
  await rejectsWith(
    () => load(rsd('  <api:check attr="_input.since">\n    <api:set attr="URI" value="x" />\n  </api:check>')),
    /p\.rsd line 7/,
    /<api:check attr="_input\.since"> is not supported/,
  );
  await rejectsWith(
    () => load(rsd('  <api:set attr="PageUrlPath" value="/json/next" />\n  <api:check attr="_input.rows@next">\n    <api:set attr="RepeatElement" value="/json/x" />\n  </api:check>')),
    /p\.rsd line 9/,
    /<api:set> is not supported inside api:check on _input\.rows@next/,
  );
  await rejectsWith(
    () => load(rsd('  <api:set attr="PageUrlPath" value="/json/next" />\n  <api:check attr="_input.rows@next">\n    <api:set attr="URI" value="[_input.rows@next]/more" />\n  </api:check>')),
    /p\.rsd line 9/,
    /value="\[_input\.rows@next\]\/more" inside api:check is not supported/,
  );
  await rejectsWith(
    () => load(rsd('  <api:set attr="PageUrlPath" value="/json/next" />\n  <api:check attr="_input.rows@next">\n    <api:throw code="x" />\n  </api:check>')),
    /p\.rsd line 9/,
    /<api:throw> is not supported inside api:check/,
  );
});

test('inputs replace defaults without regard to case', () => {
  const text = rsd('  <api:set attr="URI" value="https://h.example.test/[_input.Region]/items" />', '<input name="Region" default="eu" />');
  assert.equal(load(text).uri, 'https://h.example.test/eu/items');
  assert.equal(load(text, { region: 'us' }).uri, 'https://h.example.test/us/items');
});

test('undeclared input is an error', async () => {
  const text = rsd('  <api:set attr="URI" value="https://h.example.test/items" />', '<input name="region" />');
  await rejectsWith(() => load(text, { regoin: 'us' }), /p\.rsd line 2/, /no input "regoin"; did you mean "region"\?/, /It declares region/);
});

test('connection data model replaces the profile', async () => {
  const text = rsd('  <api:set attr="DataModel" value="DOCUMENT" />');
  assert.equal(load(text, {}, { 'Data Model': 'relational' }).dataModel, 'RELATIONAL');
  assert.equal(load(text, {}, { DATAMODEL: 'FlattenedDocuments' }).dataModel, 'FLATTENEDDOCUMENTS');
  assert.equal(parseProfileText('name: t\nrepeat: $.a[*]\ncolumns: [{ name: id }]\n', 't.yaml', { datamodel: 'relational' }, {}).tables[0]!.columns[0]!.name, '_id');
  await rejectsWith(() => load(text, {}, { datamodel: 'flat' }), /connection option datamodel must be DOCUMENT, FLATTENEDDOCUMENTS or RELATIONAL/, /got "flat"/);
});
