/**
 * `coffer query` against small node:http servers on 127.0.0.1: the request it sends (one
 * GET, the URL byte for byte), HTTP errors, limits, format detection, every paging kind,
 * and the output formats.
 */
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';

import { run } from './harness/clients.js';
import { tempDir } from './harness/files.js';
import { repoRoot } from './harness/paths.js';
import { coffer, startDocumentServer, type DocumentServer } from './harness/query-tools.js';

let dir: string;

before(async () => {
  dir = await tempDir('query-fetch');
});

/** Writes a JSON profile and returns its path. */
async function profile(name: string, body: Record<string, unknown>): Promise<string> {
  const file = join(dir, `${name}.json`);
  await writeFile(file, JSON.stringify(body, null, 2));
  return file;
}

const itemColumns = [
  { name: 'id', path: 'id', type: 'integer' },
  { name: 'label', path: 'label', type: 'string' },
];

function items(from: number, to: number): Array<{ id: number; label: string }> {
  const list = [];
  for (let id = from; id <= to; id += 1) list.push({ id, label: `item ${id}` });
  return list;
}

function json(response: import('node:http').ServerResponse, body: unknown, headers: Record<string, string> = {}): void {
  response.writeHead(200, { 'content-type': 'application/json', ...headers });
  response.end(JSON.stringify(body));
}

describe('query request', () => {
  let server: DocumentServer;
  before(async () => {
    server = await startDocumentServer((request, response) => json(response, { items: items(1, 2) }));
  });
  after(() => server.close());

  it('sends exactly one GET with the URL byte for byte', async () => {
    const file = await profile('one-get', { name: 'items', repeat: '$.items[*]', columns: itemColumns });
    const target = '/Samples/a%2Fb%20c+d.json?X-Amz-Algorithm=AWS4-HMAC-SHA256&x=%7E~%2f%2F&empty=&y=a+b%26c';
    server.requests.length = 0;
    const result = await coffer(['query', '--uri', `${server.origin}${target}`, '--profile', file, '--format', 'csv']);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(server.requests.length, 1);
    assert.equal(server.requests[0]!.method, 'GET');
    assert.equal(server.requests[0]!.target, target);
    assert.equal(result.stdout, 'id,label\r\n1,item 1\r\n2,item 2\r\n');
  });

  it('prints no progress line or summary in a pipe', async () => {
    const file = await profile('quiet', { name: 'items', repeat: '$.items[*]', columns: itemColumns });
    const result = await coffer(['query', '--uri', `${server.origin}/items`, '--profile', file]);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stderr, '');
  });
});

describe('query HTTP errors', () => {
  let server: DocumentServer;
  before(async () => {
    server = await startDocumentServer((request, response) => {
      if (request.url!.startsWith('/expired')) {
        response.writeHead(403, { 'content-type': 'application/xml' });
        response.end(
          '<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>AccessDenied</Code><Message>Request has expired</Message>' +
            '<RequestId>4442587FB7D0A2F9</RequestId></Error>',
        );
      } else if (request.url!.startsWith('/plain')) {
        response.writeHead(502, { 'content-type': 'text/plain' });
        response.end('upstream unavailable');
      } else if (request.url!.startsWith('/large')) {
        const body = JSON.stringify({ items: items(1, 500) });
        response.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
        response.end(body);
      } else if (request.url!.startsWith('/chunked-large')) {
        response.writeHead(200, { 'content-type': 'application/json' });
        response.write('{"items":[');
        response.end(`${items(1, 500).map((item) => JSON.stringify(item)).join(',')}]}`);
      } else if (request.url!.startsWith('/hang')) {
        // Sends no response, so the client's timeout ends the exchange.
      } else if (request.url!.startsWith('/stall-body')) {
        // Sends the headers and part of the body, then nothing more.
        response.writeHead(200, { 'content-type': 'application/json' });
        response.write('{"items":[{"id":1,"label":"a"},');
      } else {
        json(response, { items: [] });
      }
    });
  });
  after(() => server.close());

  it('shows the S3 error code and message, not a parse failure', async () => {
    const file = await profile('errors', { name: 'items', repeat: '$.items[*]', columns: itemColumns });
    const uri =
      `${server.origin}/expired/books.json?X-Amz-Algorithm=AWS4-HMAC-SHA256` +
      '&X-Amz-Credential=AKIDSECRETLOOKING%2F20260101%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Date=20260101T000000Z' +
      '&X-Amz-Expires=10&X-Amz-SignedHeaders=host&X-Amz-Signature=0123456789abcdef0123456789abcdef';
    const result = await coffer(['query', '--uri', uri, '--profile', file]);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /HTTP 403 AccessDenied: Request has expired/);
    assert.doesNotMatch(result.stderr, /pars(e|ing)|unexpected/i);
    assert.ok(!result.stderr.includes('0123456789abcdef'), result.stderr);
    assert.ok(!result.stderr.includes('AKIDSECRETLOOKING'), result.stderr);
    assert.match(result.stderr, /X-Amz-Signature=REDACTED/);
    assert.equal(result.stdout, '');
  });

  it('shows status and text of a non-S3 error', async () => {
    const file = await profile('plain', { name: 'items', repeat: '$.items[*]', columns: itemColumns });
    const result = await coffer(['query', '--uri', `${server.origin}/plain`, '--profile', file]);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /HTTP 502 Bad Gateway: upstream unavailable/);
  });

  it('rejects a declared length over --max-bytes', async () => {
    const file = await profile('limit', { name: 'items', repeat: '$.items[*]', columns: itemColumns });
    const result = await coffer(['query', '--uri', `${server.origin}/large`, '--profile', file, '--max-bytes', '1K']);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /the response declares \d+ bytes, more than the 1024-byte limit \(raise --max-bytes\)/);
  });

  it('stops reading a chunked body at --max-bytes', async () => {
    const file = await profile('limit-chunked', { name: 'items', repeat: '$.items[*]', columns: itemColumns });
    const result = await coffer(['query', '--uri', `${server.origin}/chunked-large`, '--profile', file, '--max-bytes', '2000']);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /the body is larger than the 2000-byte limit/);
  });

  it('times out a server that does not answer', async () => {
    const file = await profile('hang', { name: 'items', repeat: '$.items[*]', columns: itemColumns });
    const result = await coffer(['query', '--uri', `${server.origin}/hang`, '--profile', file, '--timeout', '0.5']);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /timed out after 0\.5 s/);
  });

  it('times out a body that stalls', async () => {
    const file = await profile('stall-body', { name: 'items', repeat: '$.items[*]', columns: itemColumns });
    const result = await coffer(['query', '--uri', `${server.origin}/stall-body`, '--profile', file, '--timeout', '0.5']);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /GET http:\/\/127\.0\.0\.1:\d+\/stall-body timed out after 0\.5 s \(raise --timeout\)/);
    assert.doesNotMatch(result.stderr, /aborted/);
    assert.equal(result.stdout, '');
  });
});

describe('query format detection', () => {
  let server: DocumentServer;
  before(async () => {
    server = await startDocumentServer((request, response) => {
      const body = request.url === '/lines'
        ? '{"id":1,"label":"one"}\n{"id":2,"label":"two"}\n'
        : JSON.stringify({ items: items(1, 1) });
      response.writeHead(200, { 'content-type': 'binary/octet-stream' });
      response.end(body);
    });
  });
  after(() => server.close());

  it('reads JSON from the first byte', async () => {
    const file = await profile('sniff-json', { name: 'items', repeat: '$.items[*]', columns: itemColumns });
    const result = await coffer(['query', '--uri', `${server.origin}/doc`, '--profile', file, '--format', 'csv']);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout, 'id,label\r\n1,item 1\r\n');
  });

  it('reads NDJSON when a second object starts a line', async () => {
    const file = await profile('sniff-ndjson', { name: 'items', repeat: '$', columns: itemColumns });
    const result = await coffer(['query', '--uri', `${server.origin}/lines`, '--profile', file, '--format', 'csv']);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout, 'id,label\r\n1,one\r\n2,two\r\n');
  });
});

describe('query pagination', () => {
  let server: DocumentServer;
  const total = 5;
  before(async () => {
    server = await startDocumentServer((request, response) => {
      const url = new URL(request.url!, 'http://127.0.0.1');
      const page = Number(url.searchParams.get('page') ?? '1');
      const slice = (start: number, count: number) => items(start + 1, Math.min(total, start + count));
      switch (url.pathname) {
        case '/next-url': {
          const next = page * 2 < total ? `/next-url?page=${page + 1}` : null;
          json(response, { items: slice((page - 1) * 2, 2), next });
          break;
        }
        case '/link': {
          const headers: Record<string, string> = page * 2 < total ? { link: `<${server.origin}/link?page=${page + 1}>; rel="next"` } : {};
          json(response, { items: slice((page - 1) * 2, 2) }, headers);
          break;
        }
        case '/offset': {
          const offset = Number(url.searchParams.get('offset'));
          json(response, { items: slice(offset, Number(url.searchParams.get('limit'))) });
          break;
        }
        case '/pages':
          json(response, { items: slice((page - 1) * 2, 2) });
          break;
        case '/cursor': {
          const cursor = url.searchParams.get('cursor');
          const start = cursor === null ? 0 : Number(Buffer.from(cursor, 'base64url').toString());
          const next = start + 2 < total ? Buffer.from(String(start + 2)).toString('base64url') : null;
          json(response, { items: slice(start, 2), meta: { next } });
          break;
        }
        case '/repeat':
          json(response, { items: slice(0, 2), next: '/repeat?page=2' });
          break;
        case '/bad-second':
          if (page === 1) json(response, { items: slice(0, 2), next: '/bad-second?page=2' });
          else response.writeHead(200, { 'content-type': 'application/json' }).end('{"items": [{"id": 3,, "label": "c"}]}');
          break;
        default:
          json(response, { items: slice((page - 1) * 2, 2), next: `/endless?page=${page + 1}` });
      }
    });
  });
  after(() => server.close());

  async function paged(name: string, path: string, pagination: Record<string, unknown>, extra: string[] = []) {
    const file = await profile(name, { name: 'items', repeat: '$.items[*]', columns: itemColumns, pagination });
    server.requests.length = 0;
    return coffer(['query', '--uri', `${server.origin}${path}`, '--profile', file, '--format', 'csv', '--sql', 'SELECT id FROM items', ...extra]);
  }

  const allIds = 'id\r\n1\r\n2\r\n3\r\n4\r\n5\r\n';

  it('follows a next URL until it is missing', async () => {
    const result = await paged('next-url', '/next-url', { type: 'next-url', nextPath: '$.next' });
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout, allIds);
    assert.deepEqual(server.requests.map((request) => request.target), ['/next-url', '/next-url?page=2', '/next-url?page=3']);
  });

  it('follows the Link header', async () => {
    const result = await paged('link', '/link', { type: 'link-header' });
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout, allIds);
    assert.deepEqual(server.requests.map((request) => request.target), ['/link', '/link?page=2', '/link?page=3']);
  });

  it('steps an offset until a page is empty', async () => {
    const result = await paged('offset', '/offset?sig=a%2Fb', { type: 'offset', param: 'offset', pageSize: 2, sizeParam: 'limit' });
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout, allIds);
    assert.deepEqual(server.requests.map((request) => request.target), [
      '/offset?sig=a%2Fb&offset=0&limit=2',
      '/offset?sig=a%2Fb&offset=2&limit=2',
      '/offset?sig=a%2Fb&offset=4&limit=2',
      '/offset?sig=a%2Fb&offset=6&limit=2',
    ]);
  });

  it('counts page numbers until a page is empty', async () => {
    const result = await paged('pages', '/pages', { type: 'page-number', param: 'page' });
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout, allIds);
    assert.deepEqual(server.requests.map((request) => request.target), ['/pages?page=1', '/pages?page=2', '/pages?page=3', '/pages?page=4']);
  });

  it('passes a cursor until none comes back', async () => {
    const result = await paged('cursor', '/cursor', { type: 'cursor', param: 'cursor', nextPath: '$.meta.next' });
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout, allIds);
    assert.equal(server.requests.length, 3);
    assert.equal(server.requests[0]!.target, '/cursor');
  });

  it('stops when the next URL repeats', async () => {
    const result = await paged('repeat', '/repeat', { type: 'next-url', nextPath: '$.next' });
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout, 'id\r\n1\r\n2\r\n1\r\n2\r\n');
    assert.equal(server.requests.length, 2);
  });

  it('fails past the page limit', async () => {
    const file = await profile('endless', {
      name: 'items',
      repeat: '$.items[*]',
      columns: itemColumns,
      pagination: { type: 'next-url', nextPath: '$.next' },
      maxPages: 2,
    });
    server.requests.length = 0;
    const result = await coffer(['query', '--uri', `${server.origin}/endless`, '--profile', file]);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /more than 2 pages/);
    assert.equal(server.requests.length, 2);
    assert.equal(result.stdout, '');
  });

  it('names the page of a parse error', async () => {
    const result = await paged('bad-second', '/bad-second', { type: 'next-url', nextPath: '$.next' });
    assert.equal(result.code, 1);
    assert.match(result.stderr, /page 2: invalid JSON in record 1 starting at byte 11/);
    assert.equal(result.stdout, '');
  });

  it('counts --max-bytes over all pages', async () => {
    // Each page has about 90 bytes, so the limit runs out on the second page.
    const result = await paged('pages-limit', '/next-url', { type: 'next-url', nextPath: '$.next' }, ['--max-bytes', '120']);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /next-url\?page=2: .* than the \d+ bytes that remain of the 120-byte limit after the earlier pages \(raise --max-bytes\)/);
    assert.equal(server.requests.length, 2);
    assert.equal(result.stdout, '');
  });
});

/** Returns an `.rsd` profile of the items pages with `settings` before the GET script and `check` inside it. */
function pagedRsd(settings: string, check = ''): string {
  return `<api:script xmlns:api="http://apiscript.com/ns?v1" xmlns:xs="http://apiscript.com/ns?v1">
  <api:info title="items" xmlns:other="http://apiscript.com/ns?v1">
    <attr name="id"    xs:type="int"    other:xPath="/json/items/id" />
    <attr name="label" xs:type="string" other:xPath="/json/items/label" />
    <input name="rows@next" desc="The next page." />
  </api:info>
  <api:set attr="URI" value="[_connection.uri]" />
  <api:set attr="RepeatElement" value="/json/items" />
${settings}
  <api:script method="GET">
${check}
    <api:call op="jsonproviderGet"><api:push/></api:call>
  </api:script>
</api:script>
`;
}

describe('query .rsd paging', () => {
  let server: DocumentServer;
  const total = 5;
  before(async () => {
    server = await startDocumentServer((request, response) => {
      const url = new URL(request.url!, 'http://127.0.0.1');
      const slice = (start: number, count: number) => items(start + 1, Math.min(total, start + count));
      switch (url.pathname) {
        case '/offset':
          json(response, { items: slice(Number(url.searchParams.get('offset')), Number(url.searchParams.get('limit'))) });
          break;
        case '/pages':
          json(response, { items: slice((Number(url.searchParams.get('page')) - 1) * 2, 2) });
          break;
        case '/token': {
          const token = url.searchParams.get('token');
          const start = token === null ? 0 : Number(Buffer.from(token, 'base64url').toString());
          const next = start + 2 < total ? Buffer.from(String(start + 2)).toString('base64url') : undefined;
          json(response, { items: slice(start, 2), meta: { next } });
          break;
        }
        case '/repeat':
          json(response, { items: slice(0, 2), next: `${server.origin}/repeat?page=2` });
          break;
        default: {
          const page = Number(url.searchParams.get('page') ?? '1');
          json(response, { items: slice(0, 1), next: `/endless?page=${page + 1}` });
        }
      }
    });
  });
  after(() => server.close());

  async function paged(name: string, path: string, settings: string, check = '') {
    const file = join(dir, `${name}.rsd`);
    await writeFile(file, pagedRsd(settings, check));
    server.requests.length = 0;
    return coffer(['query', '--profile', file, '--connection', `uri=${server.origin}${path}`, '--format', 'csv', '--sql', 'SELECT id FROM items']);
  }

  const allIds = 'id\r\n1\r\n2\r\n3\r\n4\r\n5\r\n';
  const nextUrlCheck = '    <api:check attr="_input.rows@next">\n      <api:set attr="URI" value="[_input.rows@next]" />\n    </api:check>';

  it('steps PageOffsetParam until a page is empty', async () => {
    const settings = '  <api:set attr="EnablePaging" value="true" />\n  <api:set attr="PageOffsetParam" value="offset" />\n' +
      '  <api:set attr="PageSize" value="2" />\n  <api:set attr="PageSizeParam" value="limit" />';
    const result = await paged('rsd-offset', '/offset', settings);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout, allIds);
    assert.deepEqual(server.requests.map((request) => request.target), [
      '/offset?offset=0&limit=2',
      '/offset?offset=2&limit=2',
      '/offset?offset=4&limit=2',
      '/offset?offset=6&limit=2',
    ]);
  });

  it('counts PageNumberParam until a page is empty', async () => {
    const result = await paged('rsd-pages', '/pages', '  <api:set attr="pagenumberparam" value="page" />');
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout, allIds);
    assert.deepEqual(server.requests.map((request) => request.target), ['/pages?page=1', '/pages?page=2', '/pages?page=3', '/pages?page=4']);
  });

  it('passes a token from rows@next until none comes back', async () => {
    const check = '    <api:check attr="_input.rows@next">\n      <api:set attr="URI" value="[_connection.uri]?token=[_input.rows@next]" />\n    </api:check>';
    const result = await paged('rsd-token', '/token', '  <api:set attr="PageTokenPath" value="/json/meta/next" />', check);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout, allIds);
    assert.deepEqual(server.requests.map((request) => request.target), [
      '/token',
      `/token?token=${Buffer.from('2').toString('base64url')}`,
      `/token?token=${Buffer.from('4').toString('base64url')}`,
    ]);
  });

  it('stops when rows@next repeats', async () => {
    const result = await paged('rsd-repeat', '/repeat', '  <api:set attr="PageUrlPath" value="/json/next" />', nextUrlCheck);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout, 'id\r\n1\r\n2\r\n1\r\n2\r\n');
    assert.deepEqual(server.requests.map((request) => request.target), ['/repeat', '/repeat?page=2']);
  });

  it('fails past MaxPages', async () => {
    const settings = '  <api:set attr="PageUrlPath" value="/json/next" />\n  <api:set attr="MaxPages" value="3" />';
    const result = await paged('rsd-endless', '/endless', settings, nextUrlCheck);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /more than 3 pages/);
    assert.equal(server.requests.length, 3);
    assert.equal(result.stdout, '');
  });

  it('names the line of an unsupported api:check', async () => {
    const check = '    <api:check attr="_input.since">\n      <api:set attr="URI" value="[_input.since]" />\n    </api:check>';
    const result = await paged('rsd-bad-check', '/pages', '  <api:set attr="PageNumberParam" value="page" />', check);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /rsd-bad-check\.rsd line 11: <api:check attr="_input\.since"> is not supported/);
    assert.equal(server.requests.length, 0);
  });
});

describe('query output formats', () => {
  let server: DocumentServer;
  let file: string;
  before(async () => {
    // Written as text: 2^53 + 1 is not a JavaScript number, so JSON.stringify cannot produce it.
    const body =
      '{"items": [{"id": 1, "label": "plain", "ok": true}, {"id": 2, "label": "comma, \\"quote\\"\\nnewline", "ok": false},' +
      ' {"id": 9007199254740993, "label": null, "ok": null}]}';
    server = await startDocumentServer((request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(body);
    });
    file = await profile('formats', {
      name: 'items',
      repeat: '$.items[*]',
      columns: [...itemColumns, { name: 'ok', path: 'ok', type: 'boolean' }],
    });
  });
  after(() => server.close());

  const query = (format: string) => coffer(['query', '--uri', `${server.origin}/items`, '--profile', file, '--format', format]);

  it('writes RFC 4180 CSV', async () => {
    const result = await query('csv');
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout, 'id,label,ok\r\n1,plain,true\r\n2,"comma, ""quote""\nnewline",false\r\n9007199254740993,,\r\n');
  });

  it('writes a JSON array with exact big integers', async () => {
    const result = await query('json');
    assert.equal(result.code, 0, result.stderr);
    assert.ok(result.stdout.includes('"id":9007199254740993'), result.stdout);
    const rows = JSON.parse(result.stdout) as Array<Record<string, unknown>>;
    assert.equal(rows.length, 3);
    assert.deepEqual(rows[0], { id: 1, label: 'plain', ok: true });
    assert.deepEqual(rows[1], { id: 2, label: 'comma, "quote"\nnewline', ok: false });
  });

  it('writes one JSON object per line', async () => {
    const result = await query('ndjson');
    assert.equal(result.code, 0, result.stderr);
    const lines = result.stdout.split('\n');
    assert.equal(lines.length, 4);
    assert.equal(lines[3], '');
    assert.deepEqual(JSON.parse(lines[0]!), { id: 1, label: 'plain', ok: true });
  });

  it('writes an aligned table', async () => {
    const result = await query('table');
    assert.equal(result.code, 0, result.stderr);
    const lines = result.stdout.split('\n');
    assert.match(lines[0]!, /^id +label +ok$/);
    assert.match(lines[1]!, /^-+ +-+ +-+$/);
    assert.match(lines[2]!, /^ +1  plain +true$/);
    assert.match(lines[4]!, /^9007199254740993  NULL +NULL$/);
    assert.equal(lines[5], '(3 rows)');
  });
});

/** Runs a command on a pseudo-terminal (Python's pty module) and returns what it wrote there. */
const onTerminal = `
import os, pty, sys
pid, fd = pty.fork()
if pid == 0:
    os.execv(sys.argv[1], sys.argv[1:])
output = b''
while True:
    try:
        data = os.read(fd, 65536)
    except OSError:
        break
    if not data:
        break
    output += data
_, status = os.waitpid(pid, 0)
sys.stdout.buffer.write(output)
sys.exit(os.waitstatus_to_exitcode(status))
`;

describe('query on a terminal', () => {
  let server: DocumentServer;
  let file: string;
  before(async () => {
    // Sends the document in pieces over about 1.5 s, longer than the progress line waits.
    server = await startDocumentServer((request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      const pieces = ['{"items": [', '{"id": 1, "label": "a"},', '{"id": 2, "label": "b"}', ']}'];
      let index = 0;
      const timer = setInterval(() => {
        response.write(pieces[index]!);
        index += 1;
        if (index === pieces.length) {
          clearInterval(timer);
          response.end();
        }
      }, 500);
    });
    file = await profile('terminal', { name: 'items', repeat: '$.items[*]', columns: itemColumns });
  });
  after(() => server.close());

  const queryOnTerminal = (extra: string[]) =>
    run('python3', ['-c', onTerminal, process.execPath, join(repoRoot, 'bin', 'coffer.js'), 'query', '--uri', `${server.origin}/slow`, '--profile', file, ...extra], {
      timeoutMs: 60_000,
    });

  it('shows a progress line and an aligned table', async () => {
    const result = await queryOnTerminal([]);
    assert.equal(result.code, 0, result.stdout);
    assert.match(result.stdout, /\r\x1b\[Kfetched \d+ B, \d+ rows loaded, [\d.]+ B\/s/);
    assert.match(result.stdout, /fetched 60 B, 2 rows loaded, [\d.]+ B\/s\r\n/);
    assert.match(result.stdout, /id +label\r?\n-- +-----\r?\n +1 +a\r?\n +2 +b\r?\n\(2 rows\)/);
    assert.doesNotMatch(result.stdout, /\(2 rows\)[\s\S]*fetched/, 'the progress line ends before the table');
  });

  it('shows no progress line with --quiet', async () => {
    const result = await queryOnTerminal(['--quiet']);
    assert.equal(result.code, 0, result.stdout);
    assert.doesNotMatch(result.stdout, /fetched/);
    assert.match(result.stdout, /\(2 rows\)/);
  });
});
