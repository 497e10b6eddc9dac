import { Readable } from 'node:stream';

import busboy from 'busboy';

import { S3Error, isS3Error } from '../../errors/s3-error.js';
import type { RequestContext } from '../../http/request-context.js';
import type { FormField } from './form-fields.js';

/** Largest size of the form before the file, boundaries included, as S3 documents (20 KB). */
export const maxPreFileBytes = 20 * 1024;

/**
 * Largest file sent as a plain field rather than a file part (a `<textarea name="file">`, or
 * `curl -F file=<path`). The parser hands such a value over in memory, so it is bounded.
 */
export const maxTextFileBytes = 1024 * 1024;

/** Largest rest of a rejected form that is read and dropped before the error response. */
const maxDroppedBytes = 8 * 1024 * 1024;

/** Maximum wait for that rest, for clients that stop sending. */
const maxDropMilliseconds = 5000;

/** The file of a form, streaming from the request. */
export interface FormFile {
  stream: Readable;
  /** The name the client sent for the file; `undefined` for a file sent as a plain field. */
  filename: string | undefined;
}

/** The fields before the file, and the file. */
export interface SubmittedForm {
  fields: FormField[];
  file: FormFile;
}

/**
 * Reads a multipart/form-data body as a stream. `upload` runs as soon as the file part
 * begins, with every field before it. It decides whether to accept the form and reads the
 * file, which it keeps in memory only when the file is small enough to inline. Fields
 * after the file are ignored, as in S3. The result counts only once the whole body has
 * been read without fault. Otherwise `discard` receives it and the error is raised.
 *
 * The file is the part named `file` (any case). Other parts with a file name are fields, as S3
 * counts them. The size of the form before the file is estimated from each field's name and
 * value plus the framing a client writes for a field.
 */
export async function receiveForm<T>(
  ctx: RequestContext,
  contentType: string,
  upload: (form: SubmittedForm) => Promise<T>,
  discard: (result: T) => Promise<void>,
): Promise<T> {
  let parser: busboy.Busboy;
  try {
    parser = busboy({
      headers: { 'content-type': contentType },
      preservePath: true,
      defParamCharset: 'utf8',
      limits: { fieldSize: maxTextFileBytes, fieldNameSize: maxPreFileBytes },
    });
  } catch {
    throw new S3Error('MalformedPOSTRequest');
  }
  const framingBytes = fieldFramingBytes(contentType);

  const fields: FormField[] = [];
  const pendingFields: Array<Promise<void>> = [];
  let preFileBytes = 0;
  let fileStream: Readable | undefined;
  let uploading: Promise<T> | undefined;
  let failure: unknown;
  const abort = new ReaderAbort();

  const fail = (error: unknown): void => {
    failure ??= error;
    abort.trigger(failure);
  };
  const addField = (name: string, value: string): void => {
    preFileBytes += framingBytes + Buffer.byteLength(name) + Buffer.byteLength(value);
    if (preFileBytes > maxPreFileBytes) fail(preFileTooLarge());
    else fields.push({ name, value });
  };
  const startUpload = (stream: Readable, filename: string | undefined): void => {
    fileStream = stream;
    uploading = Promise.all(pendingFields).then(() => {
      if (failure !== undefined) throw failure;
      return upload({ fields, file: { stream, filename } });
    });
    uploading.catch((error: unknown) => abort.trigger(error));
  };

  parser.on('field', (name, value, info) => {
    if (fileStream !== undefined) return;
    if (isFilePart(name)) {
      if (info.valueTruncated) fail(textFileTooLarge());
      else startUpload(Readable.from(value === '' ? [] : [Buffer.from(value, 'utf8')]), undefined);
      return;
    }
    if (info.valueTruncated || info.nameTruncated) fail(preFileTooLarge());
    else addField(name, value);
  });
  parser.on('file', (name, stream, info) => {
    // The parser destroys a part's stream with an error when the body breaks off. A reader of the
    // stream still gets that error, and this listener keeps an unread stream from crashing the process.
    stream.on('error', () => undefined);
    if (fileStream !== undefined) {
      stream.resume();
      if (isFilePart(name)) fail(wrongFileCount(2));
      return;
    }
    if (!isFilePart(name)) {
      pendingFields.push(
        readFieldPart(stream, maxPreFileBytes - preFileBytes).then(
          (value) => (value === undefined ? fail(preFileTooLarge()) : addField(name, value)),
          () => fail(new S3Error('MalformedPOSTRequest')),
        ),
      );
      return;
    }
    // A browser sends `filename=""` for an empty file input, which the parser reports as no name.
    startUpload(stream, info.filename ?? '');
  });
  parser.on('error', () => fail(new S3Error('MalformedPOSTRequest')));
  const finished = new Promise<void>((resolve) => parser.once('finish', resolve));

  let result: T;
  // Not destroying the request on an early exit keeps its socket for the error response.
  const body = ctx.payload.stream.iterator({ destroyOnReturn: false });
  let bytesRead = 0;
  try {
    for (;;) {
      const next = await abort.race(readBody(body));
      if (next.done === true) break;
      bytesRead += (next.value as Buffer).length;
      await abort.race(write(parser, next.value as Buffer));
    }
    parser.end();
    await abort.race(finished);
    if (uploading === undefined) throw wrongFileCount(0);
    result = await abort.race(uploading);
  } catch (error) {
    const cause = failure ?? error;
    parser.destroy();
    fileStream?.on('error', () => undefined).destroy(new Error('the form was not read to its end'));
    if (uploading !== undefined) await uploading.then(discard, () => undefined);
    if (!ctx.req.complete) await dropRest(body, ctx.payload.length === undefined ? undefined : ctx.payload.length - bytesRead);
    throw isS3Error(cause) ? cause : new S3Error('MalformedPOSTRequest');
  }
  if (failure !== undefined) {
    await discard(result);
    throw failure;
  }
  return result;
}

/**
 * Stops every wait of the reader at the first fault. Each wait registers for as long as it
 * lasts: racing each chunk against one long-lived promise would keep every chunk reachable
 * from that promise's reactions until the request ends.
 */
class ReaderAbort {
  private reason: { error: unknown } | undefined;
  private readonly waiting = new Set<(error: unknown) => void>();

  trigger(error: unknown): void {
    if (this.reason !== undefined) return;
    this.reason = { error };
    for (const reject of this.waiting) reject(error);
    this.waiting.clear();
  }

  race<T>(promise: Promise<T>): Promise<T> {
    if (this.reason !== undefined) return Promise.reject(this.reason.error);
    return new Promise<T>((resolve, reject) => {
      this.waiting.add(reject);
      promise.then(resolve, reject).finally(() => this.waiting.delete(reject));
    });
  }
}

/**
 * Reads and drops what is left of a rejected form when that is small, because a browser still
 * sending the file may report a reset connection instead of the error response. A larger rest
 * is left unread, and the connection closes after the response.
 */
async function dropRest(body: AsyncIterator<unknown>, remaining: number | undefined): Promise<void> {
  if (remaining !== undefined && remaining > maxDroppedBytes) return;
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<'late'>((resolve) => {
    timer = setTimeout(() => resolve('late'), maxDropMilliseconds);
  });
  try {
    let dropped = 0;
    while (dropped <= maxDroppedBytes) {
      const next = await Promise.race([body.next(), deadline]);
      if (next === 'late' || next.done === true) return;
      dropped += (next.value as Buffer).length;
    }
  } catch {
    // The client disconnected, so no response can reach it.
  } finally {
    clearTimeout(timer);
  }
}

/** True for the part that carries the file; names compare without regard to case. */
function isFilePart(name: string): boolean {
  return name.toLowerCase() === 'file';
}

/**
 * Bytes a client writes around one field: the delimiter line, the Content-Disposition header
 * without the name, the blank line and the line end after the value.
 */
function fieldFramingBytes(contentType: string): number {
  const boundary = /boundary=(?:"([^"]*)"|([^;\s]*))/i.exec(contentType);
  const boundaryLength = (boundary?.[1] ?? boundary?.[2] ?? '').length;
  return `--\r\nContent-Disposition: form-data; name=""\r\n\r\n\r\n`.length + boundaryLength;
}

/** Reads a part that counts as a field; `undefined` when it is longer than `limit` bytes. */
async function readFieldPart(stream: Readable, limit: number): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    size += (chunk as Buffer).length;
    if (size > limit) {
      stream.resume();
      return undefined;
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

async function readBody(body: AsyncIterator<unknown>): Promise<IteratorResult<unknown>> {
  try {
    return await body.next();
  } catch {
    throw new S3Error('IncompleteBody', 'The request body ended before the form was complete.');
  }
}

function write(parser: busboy.Busboy, chunk: Buffer): Promise<void> {
  return new Promise((resolve, reject) => {
    parser.write(chunk, (error) => (error === null || error === undefined ? resolve() : reject(error)));
  });
}

function preFileTooLarge(): S3Error {
  return new S3Error('MaxPostPreDataLengthExceeded', undefined, { MaxPostPreDataLengthBytes: maxPreFileBytes });
}

function textFileTooLarge(): S3Error {
  return new S3Error(
    'EntityTooLarge',
    `A file sent as a plain form field may hold at most ${maxTextFileBytes} bytes; send larger files as a file part with a filename.`,
    { MaxSizeAllowed: maxTextFileBytes },
  );
}

function wrongFileCount(count: number): S3Error {
  return new S3Error('InvalidArgument', 'POST requires exactly one file upload per request.', {
    ArgumentName: 'file',
    ArgumentValue: count,
  });
}
