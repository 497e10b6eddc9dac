import assert from 'node:assert/strict';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, describe, it } from 'node:test';

import { PutObjectCommand } from '@aws-sdk/client-s3';

import { region, run, s3Client, toolEnv } from './harness/clients.js';
import { tempDir } from './harness/files.js';
import { rawRequest } from './harness/http.js';
import { repoRoot } from './harness/paths.js';
import { randomCredentials, startCoffer, type CofferServer } from './harness/server.js';

// Use counts are decided by one conditional UPDATE in the database, so they hold under
// concurrent requests, across restarts and across server processes sharing one database.

const bucket = 'counted';
const key = 'file.txt';
const content = 'counted content\n';
const servers: CofferServer[] = [];

after(async () => {
  for (const server of servers) await server.stop();
});

async function start(dataDir: string, credentials: { accessKeyId: string; secretAccessKey: string }): Promise<CofferServer> {
  const server = await startCoffer({ dataDir, credentials });
  servers.push(server);
  return server;
}

async function stop(server: CofferServer): Promise<void> {
  await server.stop();
  servers.splice(servers.indexOf(server), 1);
}

/** Creates the bucket and object, then a share of it with `coffer share`; returns the share's URL. */
async function setUpShare(server: CofferServer, maxUses: number): Promise<{ url: string; shareId: string }> {
  const client = s3Client(server);
  await client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: content })).catch(async () => {
    await run('aws', ['--endpoint-url', server.endpoint, 's3api', 'create-bucket', '--bucket', bucket], { env: await toolEnv(server) });
    await client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: content }));
  });
  const result = await run(
    process.execPath,
    [join(repoRoot, 'bin', 'coffer.js'), 'share', `s3://${bucket}/${key}`, '--max-uses', String(maxUses), '--json', '--endpoint-url', server.endpoint, '--region', region],
    { env: await toolEnv(server) },
  );
  assert.equal(result.code, 0, result.stderr);
  return JSON.parse(result.stdout) as { url: string; shareId: string };
}

/**
 * Sends `count` GETs at once, spread over `endpoints` in turn. Each keeps the Host header
 * of the URL, which is signed, so any server process on the database accepts it.
 */
async function getAtOnce(url: string, count: number, endpoints: string[]): Promise<Array<{ status: number; text: string }>> {
  const requests = Array.from({ length: count }, (_, index) => getThrough(url, endpoints[index % endpoints.length]!));
  return Promise.all(requests);
}

/** Sends a GET of `url` to the server at `endpoint`, with the URL's own Host header. */
async function getThrough(url: string, endpoint: string): Promise<{ status: number; text: string }> {
  const original = new URL(url);
  const response = await rawRequest(`${endpoint}${original.pathname}${original.search}`, { headers: { host: original.host } });
  return { status: response.status, text: response.text };
}

/** Waits up to 5 s for `expected` presigned request log lines; returns how many arrived. */
async function presignedRequestsLogged(server: CofferServer, expected: number): Promise<number> {
  const count = () => server.logLines().filter((line) => line.msg === 'request' && line.key === key && line.authType === 'presigned').length;
  for (let waited = 0; count() < expected && waited < 5000; waited += 100) await sleep(100);
  return count();
}

function countStatus(results: Array<{ status: number }>, status: number): number {
  return results.filter((result) => result.status === status).length;
}

describe('share with --max-uses 3', () => {
  it('serves exactly 3 of 20 concurrent requests, and none after a restart', async () => {
    const dataDir = await tempDir('share-count');
    const credentials = randomCredentials();
    let server = await start(dataDir, credentials);
    await run('aws', ['--endpoint-url', server.endpoint, 's3api', 'create-bucket', '--bucket', bucket], { env: await toolEnv(server) });
    const share = await setUpShare(server, 3);

    const results = await getAtOnce(share.url, 20, [server.endpoint]);
    assert.equal(countStatus(results, 200), 3);
    assert.equal(countStatus(results, 403), 17);
    for (const result of results.filter((entry) => entry.status === 200)) assert.equal(result.text, content);
    for (const result of results.filter((entry) => entry.status === 403)) {
      assert.match(result.text, new RegExp(`The share ${share.shareId} is used up: it allowed 3 uses`));
    }

    await stop(server);
    server = await start(dataDir, credentials);
    const fourth = await getThrough(share.url, server.endpoint);
    assert.equal(fourth.status, 403);
    assert.match(fourth.text, new RegExp(`The share ${share.shareId} is used up`));
  });
});

describe('share served by two processes on one database', () => {
  it('serves exactly its uses between them', async () => {
    const dataDir = await tempDir('share-shared');
    const credentials = randomCredentials();
    const first = await start(dataDir, credentials);
    const second = await start(dataDir, credentials);
    await run('aws', ['--endpoint-url', first.endpoint, 's3api', 'create-bucket', '--bucket', bucket], { env: await toolEnv(first) });
    const share = await setUpShare(first, 5);

    const results = await getAtOnce(share.url, 30, [first.endpoint, second.endpoint]);
    assert.equal(countStatus(results, 200), 5);
    assert.equal(countStatus(results, 403), 25);
    for (const result of results.filter((entry) => entry.status === 403)) {
      assert.match(result.text, new RegExp(`The share ${share.shareId} is used up: it allowed 5 uses`));
    }
    // Each process judged its half of the requests itself. Log lines arrive a little
    // after the responses, so they are awaited.
    for (const server of [first, second]) assert.equal(await presignedRequestsLogged(server, 15), 15);
  });
});
