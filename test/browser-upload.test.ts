/**
 * Uploads from a real headless Chromium page served by another origin: a presigned PUT sent
 * with fetch, a presigned POST form sent with fetch and FormData, and the same form submitted
 * by the browser itself. The bucket's CORS rules decide what the page may do. The browser's
 * preflight stops an origin that the rules do not name before any byte reaches the bucket.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';

import {
  CreateBucketCommand,
  GetObjectCommand,
  HeadObjectCommand,
  PutBucketCorsCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { chromium, type Browser, type Page } from 'playwright-core';

import { presignPost, presignUrl } from '../src/index.js';
import { region, s3Client } from './harness/clients.js';
import { sdkError } from './harness/errors.js';
import { startCoffer, type CofferServer } from './harness/server.js';

const chromiumPath = process.env.COFFER_TEST_CHROMIUM ?? '/usr/bin/chromium';
const bucket = 'browser-uploads';

let server: CofferServer;
let s3: S3Client;
let browser: Browser;
/** Site that serves the upload page from the origin the CORS rules allow. */
let allowedSite: Server;
/** Site that serves the same page from an origin the CORS rules do not name. */
let strangerSite: Server;

const page = `<!doctype html>
<html><body>
<form id="upload" method="post" enctype="multipart/form-data" target="result"></form>
<iframe name="result"></iframe>
</body></html>`;

function startSite(): Promise<Server> {
  const site = createServer((request, response) => {
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    response.end(request.url === '/' ? page : '');
  });
  return new Promise((resolve) => site.listen(0, '127.0.0.1', () => resolve(site)));
}

function origin(site: Server): string {
  return `http://127.0.0.1:${(site.address() as AddressInfo).port}`;
}

function credentials(): { accessKeyId: string; secretAccessKey: string } {
  return { accessKeyId: server.accessKeyId, secretAccessKey: server.secretAccessKey };
}

async function openPage(site: Server): Promise<Page> {
  const tab = await browser.newPage();
  await tab.goto(`${origin(site)}/`);
  return tab;
}

async function objectText(key: string): Promise<string> {
  const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  return object.Body!.transformToString();
}

before(async () => {
  assert.ok(existsSync(chromiumPath), `Chromium is not at ${chromiumPath}; run scripts/install-test-tools.sh`);
  server = await startCoffer();
  s3 = s3Client(server);
  allowedSite = await startSite();
  strangerSite = await startSite();
  await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  await s3.send(
    new PutBucketCorsCommand({
      Bucket: bucket,
      CORSConfiguration: {
        CORSRules: [
          {
            AllowedOrigins: [origin(allowedSite)],
            AllowedMethods: ['PUT', 'POST', 'GET'],
            AllowedHeaders: ['content-type', 'x-amz-*'],
            ExposeHeaders: ['ETag'],
            MaxAgeSeconds: 60,
          },
        ],
      },
    }),
  );
  // Chromium's sandbox needs user namespaces, which a root user in a container lacks.
  browser = await chromium.launch({ executablePath: chromiumPath, headless: true, args: ['--no-sandbox'] });
});

after(async () => {
  await browser?.close();
  allowedSite?.close();
  strangerSite?.close();
  await server?.stop();
});

describe('a page on another origin', () => {
  it('presigned PUT exposes the ETag', async () => {
    const signed = presignUrl(
      credentials(),
      { method: 'PUT', bucket, key: 'from-browser/put one.txt', headers: { 'content-type': 'text/plain' } },
      { endpoint: server.endpoint, region, expiresIn: 60 },
    );
    const tab = await openPage(allowedSite);
    const result = await tab.evaluate(async (url) => {
      const response = await fetch(url, {
        method: 'PUT',
        headers: { 'content-type': 'text/plain' },
        body: 'written by Chromium',
      });
      return { status: response.status, etag: response.headers.get('etag') };
    }, signed.url);
    await tab.close();
    assert.equal(result.status, 200);
    assert.match(result.etag ?? '', /^"[0-9a-f]{32}"$/);
    assert.equal(await objectText('from-browser/put one.txt'), 'written by Chromium');
    const head = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: 'from-browser/put one.txt' }));
    assert.equal(head.ContentType, 'text/plain');
    assert.equal(head.ETag, result.etag);
  });

  it('POST form with fetch returns 201', async () => {
    const form = presignPost(
      credentials(),
      { bucket, key: 'from-browser/${filename}', contentLengthRange: { min: 1, max: 1024 }, successActionStatus: '201' },
      { endpoint: server.endpoint, region, expiresIn: 60 },
    );
    const tab = await openPage(allowedSite);
    const result = await tab.evaluate(async ({ url, fields }) => {
      const body = new FormData();
      for (const [name, value] of Object.entries(fields)) body.append(name, value);
      body.append('file', new File(['posted by Chromium'], 'posted.txt', { type: 'text/plain' }));
      const response = await fetch(url, { method: 'POST', body });
      return { status: response.status, text: await response.text() };
    }, form);
    await tab.close();
    assert.equal(result.status, 201, result.text);
    assert.match(result.text, /<Key>from-browser\/posted\.txt<\/Key>/);
    assert.equal(await objectText('from-browser/posted.txt'), 'posted by Chromium');
  });

  it('POST form submitted by navigation', async () => {
    const form = presignPost(
      credentials(),
      { bucket, key: 'from-browser/form-${filename}', contentTypePrefix: 'text/' },
      { endpoint: server.endpoint, region, expiresIn: 60 },
    );
    const tab = await openPage(allowedSite);
    await tab.evaluate(({ url, fields }) => {
      const element = document.getElementById('upload') as HTMLFormElement;
      element.action = url;
      for (const [name, value] of Object.entries(fields)) {
        const input = document.createElement('input');
        input.type = 'hidden';
        input.name = name;
        input.value = value;
        element.appendChild(input);
      }
      const file = document.createElement('input');
      file.type = 'file';
      file.name = 'file';
      element.appendChild(file);
    }, form);
    await tab.setInputFiles('input[type=file]', {
      name: 'chosen.txt',
      mimeType: 'text/plain',
      buffer: Buffer.from('chosen in a file picker'),
    });
    const frameResponse = tab.waitForResponse((response) => response.url() === form.url && response.request().method() === 'POST');
    await tab.evaluate(() => (document.getElementById('upload') as HTMLFormElement).submit());
    assert.equal((await frameResponse).status(), 204);
    await tab.close();
    assert.equal(await objectText('from-browser/form-chosen.txt'), 'chosen in a file picker');
  });

  it('unlisted origin fails the preflight', async () => {
    const signed = presignUrl(
      credentials(),
      { method: 'PUT', bucket, key: 'from-browser/stranger.txt', headers: { 'content-type': 'text/plain' } },
      { endpoint: server.endpoint, region, expiresIn: 60 },
    );
    const tab = await openPage(strangerSite);
    const outcome = await tab.evaluate(async (url) => {
      try {
        const response = await fetch(url, { method: 'PUT', headers: { 'content-type': 'text/plain' }, body: 'not allowed' });
        return `status ${response.status}`;
      } catch (error) {
        return `refused: ${(error as Error).name}`;
      }
    }, signed.url);
    await tab.close();
    assert.equal(outcome, 'refused: TypeError');
    const missing = await sdkError(s3.send(new HeadObjectCommand({ Bucket: bucket, Key: 'from-browser/stranger.txt' })));
    assert.equal(missing.status, 404);
  });

  it('unsigned cross-origin GET is denied', async () => {
    const tab = await openPage(allowedSite);
    const status = await tab.evaluate(async (url) => (await fetch(url)).status, `${server.endpoint}/${bucket}/from-browser/posted.txt`);
    await tab.close();
    assert.equal(status, 403);
  });
});
