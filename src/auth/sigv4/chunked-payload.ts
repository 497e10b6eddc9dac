import { createHash, type Hash } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';

import { S3Error } from '../../errors/s3-error.js';
import { signaturesEqual } from '../constant-time.js';
import { chunkAlgorithm, emptySha256, trailerAlgorithm } from './constants.js';
import { hmacSha256 } from './signing-key.js';

/** Maximum length of a chunk header or trailer line, in bytes. */
const maxLineBytes = 4096;
/** Most trailer bytes accepted in total. */
const maxTrailerBytes = 16 * 1024;

/** Signing state for STREAMING-AWS4-HMAC-SHA256-PAYLOAD(-TRAILER) bodies. */
export interface ChunkSigning {
  signingKey: Buffer;
  amzDate: string;
  scope: string;
  seedSignature: string;
}

export interface ChunkedPayloadOptions {
  /** Present for signed chunks: every chunk signature is checked against it. */
  signing: ChunkSigning | undefined;
  /** Trailer names announced in `x-amz-trailer`, lower case. */
  expectedTrailers: string[];
  /** `x-amz-decoded-content-length`, checked against the decoded byte count at the end. */
  decodedLength: number | undefined;
}

type State = 'chunk-header' | 'chunk-data' | 'chunk-end' | 'trailer' | 'done';

/**
 * Decodes an `aws-chunked` body: `HEX-SIZE[;chunk-signature=SIG]\r\nDATA\r\n` chunks,
 * a zero-size final chunk, then optional trailing headers. Data passes through as it
 * arrives; a bad chunk signature, a bad trailer signature or a short body fails the stream,
 * and nothing downstream commits a failed stream. `trailers` is complete at the end.
 */
export class ChunkedPayloadDecoder extends Transform {
  readonly trailers = new Map<string, string>();
  private state: State = 'chunk-header';
  private line: Buffer[] = [];
  private lineBytes = 0;
  private trailerBytes = 0;
  private trailerLines: string[] = [];
  private remaining = 0;
  private chunkSignature = '';
  private chunkHash: Hash | undefined;
  private previousSignature: string;
  private decodedBytes = 0;
  private sawFinalChunk = false;
  private trailerSigned = false;

  constructor(private readonly options: ChunkedPayloadOptions) {
    super();
    this.previousSignature = options.signing?.seedSignature ?? '';
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    try {
      this.consume(chunk);
      callback();
    } catch (error) {
      callback(error as Error);
    }
  }

  override _flush(callback: TransformCallback): void {
    // A body may end right after the final chunk's CRLF when it carries no trailers.
    const endsAfterFinalChunk =
      this.state === 'trailer' && this.sawFinalChunk && this.lineBytes === 0 && this.trailers.size === 0;
    if (endsAfterFinalChunk) {
      try {
        this.finishTrailers();
      } catch (error) {
        callback(error as Error);
        return;
      }
    }
    if (this.state !== 'done') {
      callback(new S3Error('IncompleteBody', 'The aws-chunked body ended before its final chunk.'));
      return;
    }
    const declared = this.options.decodedLength;
    if (declared !== undefined && declared !== this.decodedBytes) {
      callback(
        new S3Error(
          'IncompleteBody',
          `x-amz-decoded-content-length is ${declared} but the body decoded to ${this.decodedBytes} bytes.`,
        ),
      );
      return;
    }
    callback();
  }

  private consume(input: Buffer): void {
    let offset = 0;
    while (offset < input.length) {
      switch (this.state) {
        case 'chunk-header':
        case 'chunk-end':
        case 'trailer': {
          const newline = input.indexOf(0x0a, offset);
          const end = newline === -1 ? input.length : newline + 1;
          this.appendLine(input.subarray(offset, end));
          offset = end;
          if (newline !== -1) this.finishLine();
          break;
        }
        case 'chunk-data': {
          const take = Math.min(this.remaining, input.length - offset);
          const data = input.subarray(offset, offset + take);
          this.chunkHash?.update(data);
          this.push(data);
          this.decodedBytes += take;
          this.remaining -= take;
          offset += take;
          if (this.remaining === 0) {
            this.verifyChunkSignature();
            this.state = 'chunk-end';
          }
          break;
        }
        case 'done':
          // Some clients close the body with an extra CRLF; anything else is an error.
          for (let i = offset; i < input.length; i += 1) {
            if (input[i] !== 0x0d && input[i] !== 0x0a) {
              throw new S3Error('InvalidRequest', 'Unexpected data after the final aws-chunked chunk.');
            }
          }
          offset = input.length;
          break;
      }
    }
  }

  private appendLine(part: Buffer): void {
    this.lineBytes += part.length;
    if (this.lineBytes > maxLineBytes) {
      throw new S3Error('InvalidRequest', 'An aws-chunked header or trailer line is too long.');
    }
    this.line.push(part);
  }

  private finishLine(): void {
    const text = Buffer.concat(this.line).toString('latin1').replace(/\r?\n$/, '');
    this.line = [];
    this.lineBytes = 0;
    switch (this.state) {
      case 'chunk-header':
        this.startChunk(text);
        break;
      case 'chunk-end':
        if (text !== '') throw new S3Error('InvalidRequest', 'An aws-chunked chunk is not followed by CRLF.');
        this.state = 'chunk-header';
        break;
      case 'trailer':
        this.readTrailerLine(text);
        break;
      default:
        break;
    }
  }

  private startChunk(header: string): void {
    const [sizeText, ...extensions] = header.split(';');
    if (sizeText === undefined || !/^[0-9a-fA-F]{1,16}$/.test(sizeText.trim())) {
      throw new S3Error('InvalidRequest', `Invalid aws-chunked chunk header ${JSON.stringify(header.slice(0, 80))}.`);
    }
    const size = Number.parseInt(sizeText.trim(), 16);
    const signatureExtension = extensions.find((extension) => extension.startsWith('chunk-signature='));
    if (this.options.signing !== undefined) {
      if (signatureExtension === undefined) {
        throw new S3Error('InvalidRequest', 'A chunk of a signed aws-chunked body has no chunk-signature.');
      }
      this.chunkSignature = signatureExtension.slice('chunk-signature='.length);
      this.chunkHash = createHash('sha256');
    }
    if (size === 0) {
      this.verifyChunkSignature();
      this.sawFinalChunk = true;
      this.state = 'trailer';
      return;
    }
    this.remaining = size;
    this.state = 'chunk-data';
  }

  private verifyChunkSignature(): void {
    const signing = this.options.signing;
    if (signing === undefined) return;
    const stringToSign = [
      chunkAlgorithm,
      signing.amzDate,
      signing.scope,
      this.previousSignature,
      emptySha256,
      this.chunkHash!.digest('hex'),
    ].join('\n');
    const expected = hmacSha256(signing.signingKey, stringToSign).toString('hex');
    if (!signaturesEqual(expected, this.chunkSignature)) {
      throw new S3Error('SignatureDoesNotMatch', 'The chunk signature of an aws-chunked body does not match.');
    }
    this.previousSignature = this.chunkSignature;
    this.chunkHash = undefined;
  }

  private readTrailerLine(text: string): void {
    if (text === '') {
      this.finishTrailers();
      return;
    }
    this.trailerBytes += text.length;
    if (this.trailerBytes > maxTrailerBytes) {
      throw new S3Error('InvalidRequest', 'The aws-chunked trailers are too large.');
    }
    if (this.trailerSigned) {
      throw new S3Error('InvalidRequest', 'A trailer follows the trailer signature of an aws-chunked body.');
    }
    const colon = text.indexOf(':');
    if (colon === -1) throw new S3Error('InvalidRequest', `Invalid aws-chunked trailer ${JSON.stringify(text.slice(0, 80))}.`);
    const name = text.slice(0, colon).trim().toLowerCase();
    const value = text.slice(colon + 1).trim();
    if (name === 'x-amz-trailer-signature') {
      this.verifyTrailerSignature(value);
      return;
    }
    this.trailers.set(name, value);
    this.trailerLines.push(`${name}:${value}\n`);
  }

  private verifyTrailerSignature(provided: string): void {
    const signing = this.options.signing;
    if (signing === undefined) {
      throw new S3Error('InvalidRequest', 'A trailer signature was sent on an unsigned aws-chunked body.');
    }
    const trailerHash = createHash('sha256').update(this.trailerLines.join('')).digest('hex');
    const stringToSign = [trailerAlgorithm, signing.amzDate, signing.scope, this.previousSignature, trailerHash].join('\n');
    const expected = hmacSha256(signing.signingKey, stringToSign).toString('hex');
    if (!signaturesEqual(expected, provided)) {
      throw new S3Error('SignatureDoesNotMatch', 'The trailer signature of an aws-chunked body does not match.');
    }
    this.trailerSigned = true;
  }

  private finishTrailers(): void {
    for (const name of this.options.expectedTrailers) {
      if (!this.trailers.has(name)) {
        throw new S3Error('InvalidRequest', `The trailer ${name} announced in x-amz-trailer was not sent.`);
      }
    }
    if (this.options.signing !== undefined && this.trailers.size > 0 && !this.trailerSigned) {
      throw new S3Error('InvalidRequest', 'The aws-chunked trailers are not signed.');
    }
    this.state = 'done';
  }
}
