import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { test } from 'node:test';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Logs `fields` through the server logger in a child process and returns the parsed line. */
async function logLine(fields: Record<string, unknown>): Promise<Record<string, unknown>> {
  const logger = new URL('../../src/log/logger.js', import.meta.url).href;
  const script = `import { createLogger } from ${JSON.stringify(logger)};
createLogger('info').info(${JSON.stringify(fields)}, 'line');`;
  const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script]);
  return JSON.parse(stdout.trim()) as Record<string, unknown>;
}

test('logger blanks secrets at the top level', async () => {
  const line = await logLine({ secretAccessKey: 'top-secret', authorization: 'AWS4-HMAC-SHA256 x', signature: 'abc', bucket: 'kept' });
  assert.equal(line.secretAccessKey, '[redacted]');
  assert.equal(line.authorization, '[redacted]');
  assert.equal(line.signature, '[redacted]');
  assert.equal(line.bucket, 'kept');
});

test('logger blanks nested secrets', async () => {
  const line = await logLine({
    headers: { authorization: 'AWS4-HMAC-SHA256 x', host: 'kept' },
    req: { headers: { authorization: 'Bearer y' } },
    err: { secretAccessKey: 'top-secret' },
    credentials: { secretAccessKey: 'top-secret' },
    identity: { secretAccessKey: 'top-secret', accessKeyId: 'AKIDKEPT' },
  });
  assert.deepEqual(line.headers, { authorization: '[redacted]', host: 'kept' });
  assert.deepEqual(line.req, { headers: { authorization: '[redacted]' } });
  assert.deepEqual(line.err, { secretAccessKey: '[redacted]' });
  assert.deepEqual(line.credentials, { secretAccessKey: '[redacted]' });
  assert.deepEqual(line.identity, { secretAccessKey: '[redacted]', accessKeyId: 'AKIDKEPT' });
});
