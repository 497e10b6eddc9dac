/**
 * `coffer query` against a real Coffer server through presigned URLs: the examples' JSON
 * and XML catalogues with JSON and API Script profiles, expiry, type errors, and loads into
 * SQLite and PostgreSQL that either complete or leave the target as it was.
 */
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';

import { CreateBucketCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import Database from 'better-sqlite3';
import pg from 'pg';

import { s3Client, toolEnv } from './harness/clients.js';
import { sleep, tempDir } from './harness/files.js';
import { repoRoot } from './harness/paths.js';
import { coffer } from './harness/query-tools.js';
import { startCoffer, type CofferServer } from './harness/server.js';

const bucket = 'catalogue';
const examples = join(repoRoot, 'examples');
const postgresUrl = process.env.COFFER_TEST_POSTGRES_URL ?? 'postgres://coffer:coffer@127.0.0.1:5432/postgres';

let server: CofferServer;
let env: NodeJS.ProcessEnv;
let dir: string;

before(async () => {
  server = await startCoffer();
  env = { ...(await toolEnv(server)), AWS_ENDPOINT_URL: server.endpoint };
  dir = await tempDir('query-coffer');
  const s3 = s3Client(server);
  await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  const upload = async (key: string, body: string | Buffer, contentType: string) =>
    s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ContentType: contentType }));
  await upload('Samples/books.json', await readFile(join(examples, 'books.json')), 'application/json');
  await upload('Samples/books.xml', await readFile(join(examples, 'books.xml')), 'application/xml');
  await upload(
    'Samples/bad price.json',
    JSON.stringify({ books: [{ id: 1, title: 'Dune', price: 9.99 }, { id: 2, title: 'Emma', price: 'cheap' }, { id: 3, title: 'Ubik', price: 4 }] }),
    'application/json',
  );
});

after(async () => {
  await server.stop();
});

/** Presigns a GET with `coffer presign`, as a user would. */
async function presign(key: string, expiresIn = 600): Promise<string> {
  const result = await coffer(['presign', `s3://${bucket}/${key}`, '--expires-in', String(expiresIn)], { env });
  assert.equal(result.code, 0, result.stderr);
  return result.stdout.trim();
}

async function query(args: string[]) {
  return coffer(['query', ...args], { env });
}

function parseJson(stdout: string): Array<Record<string, unknown>> {
  return JSON.parse(stdout) as Array<Record<string, unknown>>;
}

const expectedBooks = [
  { id: 1, title: 'Dune', lead_author: 'Frank Herbert', publisher: 'Chilton Books', price: 9.99, in_stock: true, published: '1965-08-01' },
  { id: 2, title: 'Good Omens', lead_author: 'Terry Pratchett', publisher: 'Gollancz', price: 14.5, in_stock: false, published: '1990-05-01' },
  { id: 3, title: 'The Left Hand of Darkness', lead_author: 'Ursula K. Le Guin', publisher: 'Ace Books', price: null, in_stock: true, published: '1969-03-01' },
];

const bookColumns = 'SELECT id, title, lead_author, publisher, price, in_stock, published FROM books ORDER BY id';

describe('query of the JSON catalogue', () => {
  it('maps nested fields, arrays and missing fields with a JSON profile', async () => {
    const url = await presign('Samples/books.json');
    const result = await query(['--uri', url, '--profile', join(examples, 'books.profile.json'), '--format', 'json']);
    assert.equal(result.code, 0, result.stderr);
    const rows = parseJson(result.stdout);
    assert.equal(rows.length, 3);
    for (const [index, expected] of expectedBooks.entries()) {
      for (const [column, value] of Object.entries(expected)) assert.deepEqual(rows[index]![column], value, `row ${index + 1} ${column}`);
    }
    assert.deepEqual(JSON.parse(String(rows[1]!.authors)), [
      { name: 'Terry Pratchett', born: 1948 },
      { name: 'Neil Gaiman', born: 1960 },
    ]);
  });

  it('reads the URL from --connection with an .rsd profile', async () => {
    const url = await presign('Samples/books.json');
    const result = await query(['--profile', join(examples, 'books.rsd'), '--connection', `uri=${url}`, '--sql', bookColumns, '--format', 'json']);
    assert.equal(result.code, 0, result.stderr);
    assert.deepEqual(parseJson(result.stdout), expectedBooks);
  });

  it('fills [_connection.uri] of an .rsd profile from --uri', async () => {
    const url = await presign('Samples/books.json');
    const result = await query(['--uri', url, '--profile', join(examples, 'books.rsd'), '--sql', bookColumns, '--format', 'json']);
    assert.equal(result.code, 0, result.stderr);
    assert.deepEqual(parseJson(result.stdout), expectedBooks);
  });

  it('runs SQL over the table', async () => {
    const url = await presign('Samples/books.json');
    const sql = 'SELECT count(*) AS books, sum(in_stock) AS in_stock, max(price) AS top_price FROM books';
    const result = await query(['--uri', url, '--profile', join(examples, 'books.profile.json'), '--sql', sql, '--format', 'csv']);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout, 'books,in_stock,top_price\r\n3,2,14.5\r\n');
  });

  it('shows the expired URL error from S3', async () => {
    const url = await presign('Samples/books.json', 1);
    await sleep(2500);
    const result = await query(['--uri', url, '--profile', join(examples, 'books.profile.json')]);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /HTTP 403 AccessDenied: Request has expired/);
    const signature = new URL(url).searchParams.get('X-Amz-Signature')!;
    assert.ok(!result.stderr.includes(signature), 'the signature is redacted');
    assert.ok(!result.stderr.includes(server.accessKeyId), 'the credential is redacted');
    assert.equal(result.stdout, '');
  });
});

/** Writes a RELATIONAL profile of the books: the table books and its child table books_authors. */
async function relationalProfile(): Promise<string> {
  const profile = join(dir, 'relational.profile.yaml');
  await writeFile(
    profile,
    [
      'name: books',
      'repeat: ["$.books[*]", "$.books[*].authors[*]"]',
      'dataModel: RELATIONAL',
      'columns:',
      '  - { name: id, path: id, type: int }',
      '  - { name: title, path: title }',
      '  - { name: author, path: "$.books[*].authors[*].name" }',
      '  - { name: born, path: "$.books[*].authors[*].born", type: int }',
      '',
    ].join('\n'),
  );
  return profile;
}

describe('query data models and drafts', () => {
  it('joins RELATIONAL child tables with SQL', async () => {
    const profile = await relationalProfile();
    const url = await presign('Samples/books.json');
    const sql = 'SELECT b.id, a.author, a.born FROM books b JOIN books_authors a ON a._parent_id = b._id ORDER BY b.id, a._id';
    const result = await query(['--uri', url, '--profile', profile, '--sql', sql, '--format', 'csv']);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(
      result.stdout,
      'id,author,born\r\n1,Frank Herbert,1920\r\n2,Terry Pratchett,1948\r\n2,Neil Gaiman,1960\r\n3,Ursula K. Le Guin,1929\r\n',
    );
  });

  it('RELATIONAL --into names skipped child tables', async () => {
    const url = await presign('Samples/books.json');
    const database = join(dir, 'relational.db');
    const result = await query(['--uri', url, '--profile', await relationalProfile(), '--into', `sqlite:${database}#books`]);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stderr, /loaded 3 rows into .* table books/);
    assert.match(result.stderr, /the child table books_authors was not loaded/);
    assert.match(result.stderr, /--sql "SELECT \* FROM books_authors"/);
  });

  it('names a target table with other columns', async () => {
    const url = await presign('Samples/books.json');
    const database = join(dir, 'other-columns.db');
    const seed = new Database(database);
    seed.exec('CREATE TABLE books (isbn TEXT)');
    seed.close();
    const result = await query(['--uri', url, '--profile', await relationalProfile(), '--into', `sqlite:${database}#books`]);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /table books has no column named/);
    assert.doesNotMatch(result.stderr, /load_target/);
    assert.match(result.stderr, /pass --replace to recreate it/);
  });

  it('drafts a profile with --infer that then loads the document', async () => {
    const url = await presign('Samples/books.json');
    const draft = await query(['--uri', url, '--infer', '--as', 'yaml']);
    assert.equal(draft.code, 0, draft.stderr);
    assert.match(draft.stdout, /^name: books$/m);
    assert.match(draft.stdout, /^repeat: \$\.books\[\*\]$/m);
    const profile = join(dir, 'drafted.profile.yaml');
    await writeFile(profile, draft.stdout);
    const result = await query(['--uri', url, '--profile', profile, '--sql', 'SELECT id, title FROM books', '--format', 'csv']);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout, 'id,title\r\n1,Dune\r\n2,Good Omens\r\n3,The Left Hand of Darkness\r\n');
  });
});

/** Writes an `.rsd` profile into the test folder and returns its path. */
async function writeRsd(name: string, text: string): Promise<string> {
  const file = join(dir, name);
  await writeFile(file, text);
  return file;
}

const pagedRsd = `<api:script xmlns:api="http://apiscript.com/ns?v1" xmlns:xs="http://apiscript.com/ns?v1">
  <api:info title="items" xmlns:other="http://apiscript.com/ns?v1">
    <attr name="id"    xs:type="int"    other:xPath="/json/items/id" />
    <attr name="label" xs:type="string" other:xPath="/json/items/label" />
    <input name="rows@next" desc="The URL of the next page." />
  </api:info>

  <api:set attr="EnablePaging" value="TRUE" />
  <api:set attr="PageUrlPath" value="/json/next" />
  <api:set attr="URI" value="[_connection.uri]" />
  <api:set attr="RepeatElement" value="/json/items" />

  <api:script method="GET">
    <api:check attr="_input.rows@next">
      <api:set attr="URI" value="[_input.rows@next]" />
    </api:check>
    <api:call op="jsonproviderGet">
      <api:push/>
    </api:call>
  </api:script>
</api:script>
`;

describe('query of rows@next pages', () => {
  // Each page contains the presigned URL of the next one, and the last contains null.
  let urls: string[];
  let profile: string;
  before(async () => {
    const s3 = s3Client(server);
    urls = [await presign('pages/1.json'), await presign('pages/2.json'), await presign('pages/3.json')];
    for (const [index, next] of [urls[1], urls[2], null].entries()) {
      const page = index + 1;
      const body = JSON.stringify({ items: [{ id: page * 10 + 1, label: `page ${page} a` }, { id: page * 10 + 2, label: `page ${page} b` }], next });
      await s3.send(new PutObjectCommand({ Bucket: bucket, Key: `pages/${page}.json`, Body: body, ContentType: 'application/json' }));
    }
    profile = await writeRsd('paged.rsd', pagedRsd);
  });

  it('follows presigned next URLs over three pages', async () => {
    const result = await query(['--profile', profile, '--connection', `uri=${urls[0]}`, '--format', 'csv']);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout, 'id,label\r\n11,page 1 a\r\n12,page 1 b\r\n21,page 2 a\r\n22,page 2 b\r\n31,page 3 a\r\n32,page 3 b\r\n');
  });

  it('starts at the page given by --input rows@next', async () => {
    // The uri option points nowhere: the query fails if it is fetched.
    const result = await query(['--profile', profile, '--connection', 'uri=http://127.0.0.1:9/unused', '--input', `rows@next=${urls[1]}`, '--format', 'csv']);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout, 'id,label\r\n21,page 2 a\r\n22,page 2 b\r\n31,page 3 a\r\n32,page 3 b\r\n');
  });

  it('starts at rows@next despite --uri', async () => {
    const result = await query(['--profile', profile, '--uri', urls[0]!, '--input', `rows@next=${urls[1]}`, '--format', 'csv']);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout, 'id,label\r\n21,page 2 a\r\n22,page 2 b\r\n31,page 3 a\r\n32,page 3 b\r\n');
  });
});

describe('query inputs and data model at query time', () => {
  const nestedRsd = `<api:script xmlns:api="http://apiscript.com/ns?v1" xmlns:xs="http://apiscript.com/ns?v1">
  <api:info title="books" xmlns:other="http://apiscript.com/ns?v1">
    <attr name="id"     xs:type="int"    other:xPath="/json/books/id" />
    <attr name="author" xs:type="string" other:xPath="/json/books/authors/name" />
    <input name="source" desc="The catalogue's URL." default="http://127.0.0.1:9/none" />
  </api:info>

  <api:set attr="URI" value="[_input.source]" />
  <api:set attr="RepeatElement" value="/json/books;/json/books/authors" />
  <api:set attr="DataModel" value="DOCUMENT" />

  <api:script method="GET">
    <api:call op="jsonproviderGet"><api:push/></api:call>
  </api:script>
</api:script>
`;
  let profile: string;
  before(async () => {
    profile = await writeRsd('nested.rsd', nestedRsd);
  });

  const run = async (extra: string[]) => query(['--profile', profile, '--input', `SOURCE=${await presign('Samples/books.json')}`, '--format', 'csv', ...extra]);

  it('feeds [_input.source] from --input', async () => {
    const result = await run(['--sql', 'SELECT id FROM books']);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout, 'id\r\n1\r\n2\r\n3\r\n');
  });

  it('changes the rows with --data-model', async () => {
    const result = await run(['--data-model', 'flatteneddocuments']);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout, 'id,author\r\n1,Frank Herbert\r\n2,Terry Pratchett\r\n2,Neil Gaiman\r\n3,Ursula K. Le Guin\r\n');
  });

  it('takes the Data Model connection option, and the flag wins', async () => {
    const relational = await run(['--connection', 'Data Model=Relational', '--sql', 'SELECT count(*) AS authors FROM books_authors']);
    assert.equal(relational.code, 0, relational.stderr);
    assert.equal(relational.stdout, 'authors\r\n4\r\n');
    const flag = await run(['--connection', 'DataModel=RELATIONAL', '--data-model', 'Document', '--sql', 'SELECT count(*) AS books FROM books']);
    assert.equal(flag.code, 0, flag.stderr);
    assert.equal(flag.stdout, 'books\r\n3\r\n');
  });

  it('lists the data models for an unknown one', async () => {
    const result = await run(['--data-model', 'flat']);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /--data-model must be DOCUMENT, FLATTENEDDOCUMENTS or RELATIONAL \(in any case\); got "flat"/);
  });

  it('rejects an input the profile does not declare', async () => {
    const result = await run(['--input', 'sorce=x']);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /nested\.rsd line 2: the profile has no input "sorce"; did you mean "source"\?/);
    assert.match(result.stderr, /It declares source \(<input name="\.\.\."\/> in api:info\)\./);
  });
});

describe('query inputs of a YAML profile', () => {
  const yamlProfile = `name: books
repeat: $.books[*]
uri: "[_input.source]"
columns:
  - { name: id, type: integer }
`;
  let profile: string;
  let plain: string;
  before(async () => {
    profile = await writeRsd('inputs.profile.yaml', yamlProfile);
    plain = await writeRsd('plain.profile.yaml', 'name: books\nrepeat: $.books[*]\ncolumns:\n  - { name: id, type: integer }\n');
  });

  it('feeds [_input.source] in uri', async () => {
    const result = await query(['--profile', profile, '--input', `Source=${await presign('Samples/books.json')}`, '--format', 'csv']);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout, 'id\r\n1\r\n2\r\n3\r\n');
  });

  it('rejects an input the uri does not reference', async () => {
    const result = await query(['--profile', profile, '--input', 'source=http://127.0.0.1:9/none', '--input', 'sorce=x']);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /inputs\.profile\.yaml line 3: the profile has no input "sorce"; did you mean "source"\?/);
    assert.match(result.stderr, /Its uri references source as \[_input\.name\]\./);
  });

  it('rejects any input without [_input] references', async () => {
    const result = await query(['--profile', plain, '--uri', await presign('Samples/books.json'), '--input', 'region=eu']);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /plain\.profile\.yaml line 1: the profile has no input "region"\. It reads inputs only through \[_input\.name\] in its uri, and has none\./);
  });
});

describe('query of the XML catalogue', () => {
  const expectedXml = expectedBooks.map((book) => ({ ...book, currency: book.price === null ? null : 'USD' }));
  const sql = 'SELECT id, title, lead_author, publisher, price, in_stock, published, currency FROM books ORDER BY id';

  it('reads attributes and a namespace with a JSON profile', async () => {
    const url = await presign('Samples/books.xml');
    const result = await query(['--uri', url, '--profile', join(examples, 'books-xml.profile.json'), '--sql', sql, '--format', 'json']);
    assert.equal(result.code, 0, result.stderr);
    assert.deepEqual(parseJson(result.stdout), expectedXml);
  });

  it('reads attributes and a namespace with an .rsd profile', async () => {
    const url = await presign('Samples/books.xml');
    const result = await query(['--profile', join(examples, 'books-xml.rsd'), '--connection', `URI=${url}`, '--sql', sql, '--format', 'json']);
    assert.equal(result.code, 0, result.stderr);
    assert.deepEqual(parseJson(result.stdout), expectedXml);
  });
});

describe('query type errors and profile mistakes', () => {
  let priceProfile: string;
  before(async () => {
    priceProfile = join(dir, 'prices.profile.json');
    await writeFile(
      priceProfile,
      JSON.stringify({
        name: 'books',
        repeat: '$.books[*]',
        columns: [
          { name: 'id', path: 'id', type: 'integer' },
          { name: 'title', path: 'title', type: 'string' },
          { name: 'price', path: 'price', type: 'double' },
        ],
      }),
    );
  });

  it('names the row and column of a value that does not convert', async () => {
    const url = await presign('Samples/bad price.json');
    const result = await query(['--uri', url, '--profile', priceProfile]);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /row 2/);
    assert.match(result.stderr, /price/);
    assert.match(result.stderr, /cheap/);
    assert.equal(result.stdout, '');
  });

  it('stores NULL and counts it with --lenient', async () => {
    const url = await presign('Samples/bad price.json');
    const result = await query(['--uri', url, '--profile', priceProfile, '--lenient', '--format', 'csv']);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout, 'id,title,price\r\n1,Dune,9.99\r\n2,Emma,\r\n3,Ubik,4\r\n');
    assert.match(result.stderr, /1 value of books\.price did not convert and became NULL/);
  });

  it('fails a required column with --lenient', async () => {
    const file = join(dir, 'required-price.profile.json');
    await writeFile(
      file,
      JSON.stringify({
        name: 'books',
        repeat: '$.books[*]',
        columns: [
          { name: 'id', path: 'id', type: 'integer' },
          { name: 'price', path: 'price', type: 'double', required: true },
        ],
      }),
    );
    const url = await presign('Samples/bad price.json');
    const result = await query(['--uri', url, '--profile', file, '--lenient']);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /row 2 of books: column price .* cannot hold "cheap" as number/);
    assert.match(result.stderr, /--lenient does not apply to a required column/);
    assert.doesNotMatch(result.stderr, /pass --lenient/);
    assert.equal(result.stdout, '');
  });

  it('points at a typo in the profile', async () => {
    const file = join(dir, 'typo.profile.json');
    await writeFile(
      file,
      '{\n  "name": "books",\n  "repeat": "$.books[*]",\n  "columns": [\n    { "name": "id", "path": "id", "typ": "integer" }\n  ]\n}\n',
    );
    const url = await presign('Samples/books.json');
    const result = await query(['--uri', url, '--profile', file]);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /typo\.profile\.json/);
    assert.match(result.stderr, /line 5\b/);
    assert.match(result.stderr, /"typ"/);
    assert.match(result.stderr, /type/);
  });
});

describe('query --into sqlite', () => {
  it('creates the table with column types, appends, and replaces', async () => {
    const database = join(dir, 'books.db');
    const url = await presign('Samples/books.json');
    const load = (extra: string[]) =>
      query(['--uri', url, '--profile', join(examples, 'books.profile.json'), '--sql', bookColumns, '--into', `sqlite:${database}#books`, ...extra]);

    const first = await load([]);
    assert.equal(first.code, 0, first.stderr);
    assert.equal(first.stdout, '');
    assert.match(first.stderr, /loaded 3 rows into/);
    const db = new Database(database, { readonly: true });
    try {
      const columns = db.prepare("SELECT name, type FROM pragma_table_info('books')").all();
      assert.deepEqual(columns, [
        { name: 'id', type: 'INTEGER' },
        { name: 'title', type: 'TEXT' },
        { name: 'lead_author', type: 'TEXT' },
        { name: 'publisher', type: 'TEXT' },
        { name: 'price', type: 'REAL' },
        { name: 'in_stock', type: 'BOOLEAN' },
        { name: 'published', type: 'DATE' },
      ]);
      assert.deepEqual(db.prepare('SELECT id, lead_author, price, in_stock FROM books ORDER BY id').all(), [
        { id: 1, lead_author: 'Frank Herbert', price: 9.99, in_stock: 1 },
        { id: 2, lead_author: 'Terry Pratchett', price: 14.5, in_stock: 0 },
        { id: 3, lead_author: 'Ursula K. Le Guin', price: null, in_stock: 1 },
      ]);
    } finally {
      db.close();
    }

    const second = await load([]);
    assert.equal(second.code, 0, second.stderr);
    const third = await load(['--replace']);
    assert.equal(third.code, 0, third.stderr);
    const count = (): number => {
      const check = new Database(database, { readonly: true });
      try {
        return (check.prepare('SELECT count(*) AS n FROM books').get() as { n: number }).n;
      } finally {
        check.close();
      }
    };
    assert.equal(count(), 3);
    const fourth = await load([]);
    assert.equal(fourth.code, 0, fourth.stderr);
    assert.equal(count(), 6);
  });

  it('leaves the target untouched when a value fails mid-document', async () => {
    const database = join(dir, 'untouched.db');
    const seed = new Database(database);
    seed.exec("CREATE TABLE books (id INTEGER, title TEXT, price REAL); INSERT INTO books VALUES (7, 'Kept', 1.5)");
    seed.close();
    const profile = join(dir, 'into-fail.profile.json');
    await writeFile(
      profile,
      JSON.stringify({
        name: 'books',
        repeat: '$.books[*]',
        columns: [
          { name: 'id', path: 'id', type: 'integer' },
          { name: 'title', path: 'title', type: 'string' },
          { name: 'price', path: 'price', type: 'double' },
        ],
      }),
    );
    const url = await presign('Samples/bad price.json');
    for (const extra of [[], ['--replace']]) {
      const result = await query(['--uri', url, '--profile', profile, '--into', `sqlite:${database}#books`, ...extra]);
      assert.equal(result.code, 1);
      assert.match(result.stderr, /cheap/);
      const check = new Database(database, { readonly: true });
      try {
        assert.deepEqual(check.prepare('SELECT * FROM books').all(), [{ id: 7, title: 'Kept', price: 1.5 }]);
      } finally {
        check.close();
      }
    }
  });
});

describe('query of a large document', () => {
  const rowCount = 30000;
  const largeProfile = {
    name: 'rows',
    repeat: '$[*]',
    columns: [
      { name: 'id', path: 'id', type: 'integer' },
      { name: 'title', path: 'title', type: 'string' },
      { name: 'price', path: 'price', type: 'double' },
      { name: 'in_stock', path: 'in_stock', type: 'boolean' },
      { name: 'published', path: 'published', type: 'date' },
    ],
  };

  /** Builds a JSON array of `rowCount` rows, many read chunks long, where row `badAt` has a price that is no number. */
  function largeDocument(badAt?: number): string {
    const rows: string[] = [];
    for (let id = 1; id <= rowCount; id++) {
      rows.push(
        JSON.stringify({
          id,
          title: `Title ${id} "quoted" ]} with ☃`,
          price: id === badAt ? 'n/a' : id / 4,
          in_stock: id % 3 === 0,
          published: `20${String(10 + (id % 15))}-0${1 + (id % 9)}-1${id % 10}`,
        }),
      );
    }
    return `[${rows.join(',\n')}]`;
  }

  let profile: string;
  before(async () => {
    profile = join(dir, 'large.profile.json');
    await writeFile(profile, JSON.stringify(largeProfile));
    const s3 = s3Client(server);
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'Samples/large.json', Body: largeDocument() }));
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'Samples/large-bad.json', Body: largeDocument(25000) }));
  });

  function summary(database: string, table: string): unknown {
    const db = new Database(database, { readonly: true });
    try {
      return db
        .prepare(`SELECT count(*) AS n, sum(id) AS ids, sum(price) AS prices, sum(in_stock) AS stocked, max(published) AS latest, min(title) AS first FROM ${table}`)
        .get();
    } finally {
      db.close();
    }
  }

  it('direct load matches --sql load', async () => {
    const database = join(dir, 'large.db');
    const url = await presign('Samples/large.json');
    const direct = await query(['--uri', url, '--profile', profile, '--into', `sqlite:${database}#direct`]);
    assert.equal(direct.code, 0, direct.stderr);
    assert.match(direct.stderr, new RegExp(`loaded ${rowCount} rows`));
    const viaSql = await query(['--uri', url, '--profile', profile, '--sql', 'SELECT * FROM rows', '--into', `sqlite:${database}#via_sql`]);
    assert.equal(viaSql.code, 0, viaSql.stderr);
    const expected = {
      n: rowCount,
      ids: (rowCount * (rowCount + 1)) / 2,
      prices: (rowCount * (rowCount + 1)) / 8,
      stocked: rowCount / 3,
      latest: '2024-09-19',
      first: 'Title 1 "quoted" ]} with ☃',
    };
    assert.deepEqual(summary(database, 'direct'), expected);
    assert.deepEqual(summary(database, 'via_sql'), expected);
  });

  it('late bad value keeps the table', async () => {
    const database = join(dir, 'large-kept.db');
    const seed = new Database(database);
    seed.exec("CREATE TABLE rows (id INTEGER, title TEXT, price REAL, in_stock BOOLEAN, published DATE); INSERT INTO rows VALUES (1, 'Kept', 2.5, 1, '2020-01-01')");
    seed.close();
    const url = await presign('Samples/large-bad.json');
    for (const extra of [[], ['--replace']]) {
      const result = await query(['--uri', url, '--profile', profile, '--into', `sqlite:${database}#rows`, ...extra]);
      assert.equal(result.code, 1);
      assert.match(result.stderr, /n\/a/);
      assert.match(result.stderr, /25000/);
      assert.deepEqual(summary(database, 'rows'), { n: 1, ids: 1, prices: 2.5, stocked: 1, latest: '2020-01-01', first: 'Kept' });
    }
  });

  it('constraint failure rolls back the append', async () => {
    const database = join(dir, 'large-keyed.db');
    const seed = new Database(database);
    seed.exec("CREATE TABLE rows (id INTEGER PRIMARY KEY, title TEXT, price REAL, in_stock BOOLEAN, published DATE); INSERT INTO rows VALUES (29999, 'Kept', 2.5, 1, '2020-01-01')");
    seed.close();
    const url = await presign('Samples/large.json');
    const result = await query(['--uri', url, '--profile', profile, '--into', `sqlite:${database}#rows`]);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /nothing was loaded/);
    assert.match(result.stderr, /UNIQUE constraint failed/);
    assert.deepEqual(summary(database, 'rows'), { n: 1, ids: 29999, prices: 2.5, stocked: 1, latest: '2020-01-01', first: 'Kept' });
  });

  it('late invalid JSON names the record', async () => {
    const text = largeDocument();
    const broken = text.replace('{"id":20000,', '{"id":20000,,');
    const s3 = s3Client(server);
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'Samples/large-broken.json', Body: broken }));
    const url = await presign('Samples/large-broken.json');
    const result = await query(['--uri', url, '--profile', profile, '--format', 'csv']);
    assert.equal(result.code, 1);
    const offset = Buffer.byteLength(broken.slice(0, broken.indexOf('{"id":20000,')));
    assert.match(result.stderr, new RegExp(`invalid JSON in record 20000 starting at byte ${offset}`));
  });
});

describe('query --into postgres', () => {
  const database = `coffer_query_${process.pid}`;
  let admin: pg.Client;
  let targetUrl: string;

  before(async () => {
    admin = new pg.Client({ connectionString: postgresUrl });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${database}`);
    await admin.query(`CREATE DATABASE ${database}`);
    const url = new URL(postgresUrl);
    url.pathname = `/${database}`;
    targetUrl = url.href;
  });

  after(async () => {
    await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    await admin.end();
  });

  async function withTarget<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
    const client = new pg.Client({ connectionString: targetUrl });
    await client.connect();
    try {
      return await work(client);
    } finally {
      await client.end();
    }
  }

  it('creates a typed table and loads the rows', async () => {
    const url = await presign('Samples/books.json');
    const result = await query([
      '--uri', url, '--profile', join(examples, 'books.profile.json'), '--sql', bookColumns,
      '--into', `${targetUrl}#public.books`, '--replace',
    ]);
    assert.equal(result.code, 0, result.stderr);
    assert.ok(!result.stderr.includes(':coffer@'), 'the password is not shown');
    await withTarget(async (client) => {
      const columns = await client.query(
        "SELECT column_name, data_type FROM information_schema.columns WHERE table_name = 'books' ORDER BY ordinal_position",
      );
      assert.deepEqual(columns.rows, [
        { column_name: 'id', data_type: 'bigint' },
        { column_name: 'title', data_type: 'text' },
        { column_name: 'lead_author', data_type: 'text' },
        { column_name: 'publisher', data_type: 'text' },
        { column_name: 'price', data_type: 'double precision' },
        { column_name: 'in_stock', data_type: 'boolean' },
        { column_name: 'published', data_type: 'date' },
      ]);
      const rows = await client.query("SELECT id::int, title, price, in_stock, to_char(published, 'YYYY-MM-DD') AS published FROM books ORDER BY id");
      assert.deepEqual(rows.rows, [
        { id: 1, title: 'Dune', price: 9.99, in_stock: true, published: '1965-08-01' },
        { id: 2, title: 'Good Omens', price: 14.5, in_stock: false, published: '1990-05-01' },
        { id: 3, title: 'The Left Hand of Darkness', price: null, in_stock: true, published: '1969-03-01' },
      ]);
    });
  });

  it('rolls back a load that fails in the target', async () => {
    await withTarget((client) => client.query('CREATE TABLE keyed (id bigint PRIMARY KEY, title text)'));
    const url = await presign('Samples/books.json');
    const load = () =>
      query(['--uri', url, '--profile', join(examples, 'books.profile.json'), '--sql', 'SELECT id, title FROM books', '--into', `${targetUrl}#keyed`]);
    const first = await load();
    assert.equal(first.code, 0, first.stderr);
    const second = await load();
    assert.equal(second.code, 1);
    assert.match(second.stderr, /nothing was loaded/);
    assert.match(second.stderr, /duplicate key/);
    const count = await withTarget((client) => client.query('SELECT count(*)::int AS n FROM keyed'));
    assert.equal(count.rows[0].n, 3);
  });
});
