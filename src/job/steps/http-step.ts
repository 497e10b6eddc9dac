import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { dirname, join, basename } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

import { fetchDocument } from '../../query/fetch/http-get.js';
import { stepLimitNames } from '../step-limits.js';
import { defaultMaxBytes, defaultTimeoutSeconds, parseByteCount, parseSeconds } from '../../query/options.js';
import type { StepContext } from '../step-context.js';

/**
 * Fetches a URL with one GET, as `coffer query` does, into a file. The body goes to a
 * temporary file next to the output that is renamed at the end, so a failed transfer
 * leaves no partial file and an earlier output in place.
 */
export async function runHttpStep(context: StepContext): Promise<undefined> {
  const output = context.path(context.requiredText('output'));
  const maxBytes = context.text('max_bytes');
  const document = await fetchDocument(context.requiredText('url'), {
    timeoutMs: parseSeconds(context.text('timeout') ?? String(defaultTimeoutSeconds), 'timeout'),
    maxBytes: maxBytes === undefined ? defaultMaxBytes : parseByteCount(maxBytes, 'max_bytes'),
    limitNames: stepLimitNames,
  });
  const partial = join(dirname(output), `.${basename(output)}.${process.pid}.partial`);
  try {
    await pipeline(Readable.from(document.body), createWriteStream(partial, { mode: 0o600 }));
    await rename(partial, output);
  } catch (error) {
    await rm(partial, { force: true });
    throw error;
  } finally {
    document.close();
  }
  return undefined;
}
