/**
 * `coffer job` as a user runs it: the example job against a real Coffer server, validation
 * without running, variables set by steps and passed intact, and the ways a job stops.
 */
import assert from 'node:assert/strict';
import { copyFile, readFile, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';

import { CreateBucketCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import Database from 'better-sqlite3';

import { s3Client, toolEnv } from './harness/clients.js';
import { tempDir } from './harness/files.js';
import { repoRoot } from './harness/paths.js';
import { coffer, startDocumentServer, type DocumentServer } from './harness/query-tools.js';
import { startCoffer, type CofferServer } from './harness/server.js';

const examples = join(repoRoot, 'examples');

let server: CofferServer;
let env: NodeJS.ProcessEnv;

before(async () => {
  server = await startCoffer();
  env = { ...(await toolEnv(server)), AWS_ENDPOINT_URL: server.endpoint };
  const s3 = s3Client(server);
  await s3.send(new CreateBucketCommand({ Bucket: 'shelf' }));
  await s3.send(
    new PutObjectCommand({ Bucket: 'shelf', Key: 'Samples/books.json', Body: await readFile(join(examples, 'books.json')), ContentType: 'application/json' }),
  );
});

after(async () => {
  await server.stop();
});

/** Writes a job file into a fresh folder and returns its path. */
async function jobFile(text: string): Promise<string> {
  const dir = await tempDir('job');
  const file = join(dir, 'job.yaml');
  await writeFile(file, text);
  return file;
}

const node = JSON.stringify(process.execPath);

describe('job run of the example', () => {
  it('presigns the sample and loads the books into SQLite', async () => {
    const dir = await tempDir('job-example');
    for (const name of ['books-job.yaml', 'books.rsd']) await copyFile(join(examples, name), join(dir, name));
    const result = await coffer(['job', 'run', join(dir, 'books-job.yaml'), '--var', 'bucket=shelf'], { env });
    assert.equal(result.code, 0, result.stderr);
    const lines = result.stderr.trim().split('\n');
    assert.match(lines[0]!, /^coffer job: step 1\/2 "presign the sample" \(presign\) done in \d+\.\d\d s, set s3_uri$/);
    assert.match(lines.at(-1)!, /^coffer job: step 2\/2 "load the books" \(query\) done in \d+\.\d\d s$/);
    assert.ok(!result.stderr.includes('X-Amz-Signature='), 'no URL is logged');
    const db = new Database(join(dir, 'books.db'), { readonly: true });
    try {
      assert.deepEqual(db.prepare('SELECT id, title, lead_author, in_stock FROM books ORDER BY id').all(), [
        { id: 1, title: 'Dune', lead_author: 'Frank Herbert', in_stock: 1 },
        { id: 2, title: 'Good Omens', lead_author: 'Terry Pratchett', in_stock: 0 },
        { id: 3, title: 'The Left Hand of Darkness', lead_author: 'Ursula K. Le Guin', in_stock: 1 },
      ]);
    } finally {
      db.close();
    }
  });

  it('stops with S3 expiry error when the URL expires before the query', async () => {
    const file = await jobFile(`
variables:
  - { name: s3_uri, type: string }
steps:
  - name: presign briefly
    type: presign
    bucket: shelf
    key: Samples/books.json
    expires_in: 1
    set: s3_uri
  - name: wait out the URL
    type: command
    run: [${node}, -e, "setTimeout(() => {}, 2500)"]
  - name: load late
    type: query
    profile: ${JSON.stringify(join(examples, 'books.rsd'))}
    connection: { uri: "\${s3_uri}" }
`);
    const result = await coffer(['job', 'run', file], { env });
    assert.equal(result.code, 1);
    assert.match(result.stderr, /step "load late" \(query\) failed: HTTP 403 AccessDenied: Request has expired/);
    assert.match(result.stderr, /X-Amz-Signature=REDACTED/);
  });
});

describe('job query inputs and data model', () => {
  const nestedRsd = `<api:script xmlns:api="http://apiscript.com/ns?v1" xmlns:xs="http://apiscript.com/ns?v1">
  <api:info title="books" xmlns:other="http://apiscript.com/ns?v1">
    <attr name="id"     xs:type="int"    other:xPath="/json/books/id" />
    <attr name="author" xs:type="string" other:xPath="/json/books/authors/name" />
    <input name="source" desc="The catalogue's URL." />
  </api:info>
  <api:set attr="URI" value="[_input.source]" />
  <api:set attr="RepeatElement" value="/json/books;/json/books/authors" />
  <api:script method="GET">
    <api:call op="jsonproviderGet"><api:push/></api:call>
  </api:script>
</api:script>
`;

  it('passes inputs and data_model with variables', async () => {
    const file = await jobFile(`
variables:
  - { name: s3_uri, type: string }
  - { name: model, type: string, default: flatteneddocuments }
  - { name: rows, type: string }
steps:
  - name: presign the sample
    type: presign
    bucket: shelf
    key: Samples/books.json
    set: s3_uri
  - name: count rows
    type: query
    profile: nested.rsd
    inputs: { Source: "\${s3_uri}" }
    data_model: \${model}
    sql: SELECT count(*) || ' rows, ' || group_concat(author, '/') FROM books
    set: rows
  - name: show
    type: command
    run: [${node}, -e, "process.stdout.write(process.argv[1])", "\${rows}"]
`);
    await writeFile(join(file, '..', 'nested.rsd'), nestedRsd);
    const flattened = await coffer(['job', 'run', file], { env });
    assert.equal(flattened.code, 0, flattened.stderr);
    assert.equal(flattened.stdout, '4 rows, Frank Herbert/Terry Pratchett/Neil Gaiman/Ursula K. Le Guin');
    const documents = await coffer(['job', 'run', file, '--var', 'model=DOCUMENT'], { env });
    assert.equal(documents.code, 0, documents.stderr);
    assert.match(documents.stdout, /^3 rows, /);
    const unknown = await coffer(['job', 'run', file, '--var', 'model=nested'], { env });
    assert.equal(unknown.code, 1);
    assert.match(unknown.stderr, /step "count rows" \(query\) failed: data_model must be DOCUMENT, FLATTENEDDOCUMENTS or RELATIONAL/);
  });

  it('validate checks inputs and data_model', async () => {
    const file = await jobFile(`variables:
  - { name: source, type: string }
steps:
  - name: load
    type: query
    profile: nested.rsd
    inputs: { source: "\${sorce}" }
    data_model: flat
  - name: load again
    type: query
    profile: nested.rsd
    inputs: [source]
    data_model: Relational
`);
    const result = await coffer(['job', 'validate', file]);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /:7: step "load": inputs uses \$\{sorce\}, which is not a declared variable; did you mean \$\{source\}\?/);
    assert.match(result.stderr, /:8: step "load": data_model must be DOCUMENT, FLATTENEDDOCUMENTS or RELATIONAL \(in any case\); got "flat"/);
    assert.match(result.stderr, /:12: step "load again": inputs must be a mapping of names to values/);
    assert.doesNotMatch(result.stderr, /:13:/);
    assert.match(result.stderr, /\(3 problems\)/);
  });

  it('validate checks step input names', async () => {
    const file = await jobFile(`variables:
  - { name: folder, type: string, default: . }
steps:
  - name: load
    type: query
    profile: nested.rsd
    inputs:
      Source: x
      sorce: y
  - name: load yaml
    type: query
    profile: books.profile.yaml
    inputs: { regoin: eu, source: z }
  - name: load from a variable path
    type: query
    profile: \${folder}/nested.rsd
    inputs: { unread: x }
  - name: load a missing profile
    type: query
    profile: missing.rsd
    inputs: { unread: x }
`);
    await writeFile(join(file, '..', 'nested.rsd'), nestedRsd);
    await writeFile(join(file, '..', 'books.profile.yaml'), 'name: books\nrepeat: $.books[*]\nuri: "[_input.source]?region=[_input.region]"\ncolumns: [{ name: id }]\n');
    const result = await coffer(['job', 'validate', file]);
    assert.equal(result.code, 1);
    assert.match(
      result.stderr,
      /:9: step "load": inputs: the profile nested\.rsd has no input "sorce"; did you mean "source"\? It declares source \(<input name="\.\.\."\/> in api:info\)\./,
    );
    assert.match(
      result.stderr,
      /:13: step "load yaml": inputs: the profile books\.profile\.yaml has no input "regoin"; did you mean "region"\? Its uri references source, region as \[_input\.name\]\./,
    );
    assert.doesNotMatch(result.stderr, /"Source"|"unread"/);
    assert.match(result.stderr, /\(2 problems\)/);
  });

  it('run checks inputs before any step', async () => {
    const dir = await tempDir('job-inputs');
    const file = join(dir, 'job.yaml');
    await writeFile(join(dir, 'nested.rsd'), nestedRsd);
    await writeFile(
      file,
      `steps:
  - name: touch
    type: command
    run: [${node}, -e, "require('fs').writeFileSync('ran.txt', '')"]
  - name: load
    type: query
    profile: nested.rsd
    inputs: { sorce: x }
`,
    );
    const result = await coffer(['job', 'run', file], { env });
    assert.equal(result.code, 1);
    assert.match(result.stderr, /:8: step "load": inputs: the profile nested\.rsd has no input "sorce"/);
    assert.ok(!existsSync(join(dir, 'ran.txt')), 'no step ran');
  });

  it('run checks inputs of variable profile', async () => {
    const file = await jobFile(`variables:
  - { name: profile, type: string }
steps:
  - name: load
    type: query
    profile: \${profile}
    inputs: { sorce: x }
`);
    await writeFile(join(file, '..', 'nested.rsd'), nestedRsd);
    const validated = await coffer(['job', 'validate', file]);
    assert.equal(validated.code, 0, validated.stderr);
    const result = await coffer(['job', 'run', file, '--var', 'profile=nested.rsd'], { env });
    assert.equal(result.code, 1);
    assert.match(result.stderr, /step "load" \(query\) failed: .*nested\.rsd line 2: the profile has no input "sorce"; did you mean "source"\?/);
  });
});

describe('job variables', () => {
  it('sets a variable from trimmed stdout and passes it intact', async () => {
    const file = await jobFile(`
variables:
  - { name: token, type: string }
  - { name: pages, type: integer, default: 1 }
steps:
  - name: make token
    type: command
    run: [${node}, -e, "process.stdout.write('  https://h/x?a=1&b=%2F c  \\\\n')"]
    set: token
  - name: count pages
    type: command
    run: [${node}, -e, "process.stdout.write('42')"]
    set: pages
  - name: show
    type: command
    run: [${node}, -e, "process.stdout.write(process.argv.slice(1).join('|'))", "\${token}", "\${pages}", "$\${token}"]
`);
    const result = await coffer(['job', 'run', file], { env });
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout, 'https://h/x?a=1&b=%2F c|42|${token}');
  });

  it('takes --var with the declared type', async () => {
    const file = await jobFile(`
variables:
  - { name: limit, type: integer, default: 5 }
  - { name: verbose, type: boolean, default: false }
steps:
  - name: show
    type: command
    run: [${node}, -e, "process.stdout.write(process.argv.slice(1).join(','))", "\${limit}", "\${verbose}"]
`);
    const typed = await coffer(['job', 'run', file, '--var', 'limit=12', '--var', 'verbose=1'], { env });
    assert.equal(typed.code, 0, typed.stderr);
    assert.equal(typed.stdout, '12,true');
    const wrong = await coffer(['job', 'run', file, '--var', 'limit=many'], { env });
    assert.equal(wrong.code, 1);
    assert.match(wrong.stderr, /--var limit: "many" is not an integer/);
    const unknown = await coffer(['job', 'run', file, '--var', 'limt=3'], { env });
    assert.equal(unknown.code, 1);
    assert.match(unknown.stderr, /declares no variable limt; did you mean "limit"\?/);
  });

  it('stops at a variable without a value and names the step', async () => {
    const dir = await tempDir('job-undefined');
    const file = join(dir, 'job.yaml');
    await writeFile(
      file,
      `
variables:
  - { name: target, type: string }
steps:
  - name: first
    type: command
    run: [${node}, -e, "require('fs').writeFileSync('first.txt', 'ran')"]
  - name: needs target
    type: command
    run: [${node}, -e, "0", "\${target}"]
  - name: never
    type: command
    run: [${node}, -e, "require('fs').writeFileSync('never.txt', 'ran')"]
`,
    );
    const result = await coffer(['job', 'run', file], { env });
    assert.equal(result.code, 1);
    assert.match(result.stderr, /step "needs target" \(command\) failed: the variable target has no value/);
    assert.ok(existsSync(join(dir, 'first.txt')), 'the first step ran in the job folder');
    assert.ok(!existsSync(join(dir, 'never.txt')), 'no step runs after the failure');
  });

  it('stops at a failing command and names it', async () => {
    const file = await jobFile(`
steps:
  - name: fail
    type: command
    run: [${node}, -e, "process.exit(3)"]
  - name: after
    type: command
    run: [${node}, -e, "console.log('after')"]
`);
    const result = await coffer(['job', 'run', file], { env });
    assert.equal(result.code, 1);
    assert.match(result.stderr, /step "fail" \(command\) failed: .* exited with status 3/);
    assert.equal(result.stdout, '');
  });

  it('stops a command at its timeout', async () => {
    const file = await jobFile(`
steps:
  - name: slow
    type: command
    run: [${node}, -e, "setTimeout(() => {}, 30000)"]
    timeout: 0.5
`);
    const result = await coffer(['job', 'run', file], { env });
    assert.equal(result.code, 1);
    assert.match(result.stderr, /step "slow" \(command\) failed: .* ran over its 0\.5 s timeout/);
  });
});

describe('job http step', () => {
  let documents: DocumentServer;
  before(async () => {
    documents = await startDocumentServer((request, response) => {
      response.writeHead(request.url === '/missing' ? 404 : 200, { 'content-type': 'text/plain' });
      response.end(request.url === '/missing' ? 'no such page' : 'page body\n');
    });
  });
  after(() => documents.close());

  it('fetches a URL to a file with one GET', async () => {
    const file = await jobFile(`
variables:
  - { name: origin, type: string }
steps:
  - name: fetch
    type: http
    url: \${origin}/a%2Fb?x=1&y=%7E
    output: page.txt
`);
    const result = await coffer(['job', 'run', file, '--var', `origin=${documents.origin}`], { env });
    assert.equal(result.code, 0, result.stderr);
    assert.equal(await readFile(join(file, '..', 'page.txt'), 'utf8'), 'page body\n');
    assert.deepEqual(documents.requests.map((request) => `${request.method} ${request.target}`), ['GET /a%2Fb?x=1&y=%7E']);
  });

  it('leaves no file when the fetch fails', async () => {
    const file = await jobFile(`
steps:
  - name: fetch missing
    type: http
    url: ${documents.origin}/missing
    output: missing.txt
`);
    const result = await coffer(['job', 'run', file], { env });
    assert.equal(result.code, 1);
    assert.match(result.stderr, /step "fetch missing" \(http\) failed: HTTP 404 Not Found: no such page/);
    assert.ok(!existsSync(join(file, '..', 'missing.txt')));
  });

  it('names the max_bytes field over the limit', async () => {
    const file = await jobFile(`
steps:
  - name: fetch small
    type: http
    url: ${documents.origin}/page
    output: small.txt
    max_bytes: 4
`);
    const result = await coffer(['job', 'run', file], { env });
    assert.equal(result.code, 1);
    assert.match(result.stderr, /step "fetch small" \(http\) failed: .*the 4-byte limit \(raise max_bytes\)/);
    assert.doesNotMatch(result.stderr, /--max-bytes/);
  });
});

describe('job validate', () => {
  it('accepts the example job', async () => {
    const result = await coffer(['job', 'validate', join(examples, 'books-job.yaml')]);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /books-job\.yaml: valid, 2 steps, 3 variables/);
  });

  it('names each mistake with its line', async () => {
    const file = await jobFile(`variables:
  - name: bucket
    type: string
    default: books
  - name: count
    type: integr
steps:
  - name: sign
    type: presign
    bucket: \${bucket}
    key: k
    expire_in: 10
    set: url
  - name: load
    type: qeury
  - name: show
    type: command
    run: [echo, "\${bukcet}", "\${ broken"]
  - name: show
    type: command
`);
    const result = await coffer(['job', 'validate', file]);
    assert.equal(result.code, 1);
    const expected = [
      /:6: variable "count" needs a type: string, integer, number, boolean; got "integr"/,
      /:12: step "sign" \(presign\) has an unknown field "expire_in"; did you mean "expires_in"\?/,
      /:13: step "sign": set must name a declared variable; got "url"/,
      /:15: step "load" needs a type: .* got "qeury"; did you mean "query"\?/,
      /:18: step "show": run uses \$\{bukcet\}, which is not a declared variable; did you mean \$\{bucket\}\?/,
      /:18: step "show": run has a malformed reference "\$\{ broken"/,
      /:19: two steps are named "show"/,
      /:19: step "show" \(command\) is missing the field "run"/,
    ];
    for (const pattern of expected) assert.match(result.stderr, pattern);
    assert.match(result.stderr, /\(8 problems\)/);
  });

  it('reports invalid YAML with its line', async () => {
    const file = await jobFile('steps:\n  - name: a\n    type: command\n   run: [x]\n');
    const result = await coffer(['job', 'validate', file]);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /job\.yaml:\d+: invalid YAML/);
  });

  it('runs nothing', async () => {
    const dir = await tempDir('job-validate');
    const file = join(dir, 'job.yaml');
    await writeFile(file, `steps:\n  - name: touch\n    type: command\n    run: [${node}, -e, "require('fs').writeFileSync('ran.txt', '')"]\n`);
    const result = await coffer(['job', 'validate', file]);
    assert.equal(result.code, 0, result.stderr);
    assert.ok(!existsSync(join(dir, 'ran.txt')));
  });
});
