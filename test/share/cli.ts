import assert from 'node:assert/strict';
import { join } from 'node:path';

import type { AccessFixture, Caller } from '../access/fixture.js';
import { run, type RunResult } from '../harness/clients.js';
import { repoRoot } from '../harness/paths.js';

/** Runs `coffer ARGS --endpoint-url ENDPOINT` signing as `caller` (root by default). */
export function coffer(fixture: AccessFixture, args: string[], caller: Caller = fixture.root): Promise<RunResult> {
  return run(process.execPath, [join(repoRoot, 'bin', 'coffer.js'), ...args, '--endpoint-url', fixture.endpoint], {
    env: fixture.env(caller),
  });
}

/** Runs `coffer ARGS` and fails with its output unless it exits 0. */
export async function cofferOk(fixture: AccessFixture, args: string[], caller: Caller = fixture.root): Promise<RunResult> {
  const result = await coffer(fixture, args, caller);
  assert.equal(result.code, 0, `coffer ${args.join(' ')} failed\nstdout: ${result.stdout}\nstderr: ${result.stderr}`);
  return result;
}

/** A share as `coffer share --json` prints it, with its URL. */
export interface CreatedShare {
  shareId: string;
  url: string;
  method: string;
  expiresAt: string;
  maxUses: number | null;
  useCount: number;
  state: string;
}

/** Creates a share with `coffer share s3://BUCKET/KEY --json ARGS`. */
export async function createShare(fixture: AccessFixture, object: string, args: string[] = [], caller: Caller = fixture.root): Promise<CreatedShare> {
  const result = await cofferOk(fixture, ['share', object, '--json', ...args], caller);
  return JSON.parse(result.stdout) as CreatedShare;
}

/** The status of a response, with the Code and Message of an S3 error body. */
export interface Outcome {
  status: number;
  body: string;
  code: string | undefined;
  message: string | undefined;
}

/** Sends a request to a URL with curl, as anyone holding the URL could. */
export async function curlUrl(fixture: AccessFixture, url: string, extra: string[] = []): Promise<Outcome> {
  const response = await fixture.curl(url, extra);
  return {
    ...response,
    code: /<Code>([^<]+)<\/Code>/.exec(response.body)?.[1],
    message: /<Message>([^<]+)<\/Message>/.exec(response.body)?.[1],
  };
}
