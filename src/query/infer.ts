import type { Writable } from 'node:stream';

import { inferProfile } from './document.js';
import { QueryError, type DocumentFormat } from './engine-types.js';
import { formatFromContentType, sniffFormat } from './fetch/detect-format.js';
import { fetchDocument } from './fetch/http-get.js';

export interface InferRequest {
  uri: string;
  /** Table name of the draft; default: the last path segment of the URL without its extension. */
  name?: string | undefined;
  /** The repeat path; default: chosen by the document side. */
  repeat?: string | undefined;
  as: 'json' | 'yaml' | 'rsd';
  maxBytes: number;
  timeoutMs: number;
}

/** Fetches one document with one GET and prints a draft profile for it to `stdout`. */
export async function runInfer(request: InferRequest, stdout: Writable): Promise<void> {
  const document = await fetchDocument(request.uri, { timeoutMs: request.timeoutMs, maxBytes: request.maxBytes });
  try {
    let format: DocumentFormat | undefined = formatFromContentType(document.headers['content-type']);
    let body = document.body;
    if (format === undefined) ({ format, body } = await sniffFormat(body));
    const name = request.name ?? nameFromUrl(request.uri);
    const draft = await inferProfile(format, body, { name, repeat: request.repeat, as: request.as });
    stdout.write(draft.endsWith('\n') ? draft : `${draft}\n`);
  } finally {
    document.close();
  }
}

/** `.../Samples/books.json?X-Amz-...` gives `books`; a name that is not an identifier gives `document`. */
export function nameFromUrl(uri: string): string {
  const path = uri.replace(/[?#].*$/s, '');
  const segment = path.slice(path.lastIndexOf('/') + 1);
  let decoded: string;
  try {
    decoded = decodeURIComponent(segment);
  } catch {
    decoded = segment;
  }
  const stem = decoded.replace(/\.[^.]*$/, '').replace(/[^A-Za-z0-9_]+/g, '_').replace(/^_+|_+$/g, '');
  if (stem === '') return 'document';
  return /^[0-9]/.test(stem) ? `t_${stem}` : stem;
}

export function checkInferFormat(as: string | undefined): 'json' | 'yaml' | 'rsd' {
  const value = (as ?? 'json').toLowerCase();
  if (value !== 'json' && value !== 'yaml' && value !== 'rsd') {
    throw new QueryError(`--as must be json, yaml or rsd; got ${JSON.stringify(as)}.`);
  }
  return value;
}
