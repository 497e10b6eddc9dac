import { QueryError, type DocumentFormat } from '../engine-types.js';
import { xmlDecoderFor } from '../extract/xml-decoder.js';
import { inferJson } from './infer-json.js';
import { inferXml } from './infer-xml.js';
import { readSample } from './sample.js';
import { writeObjectProfile, writeRsdProfile, type DraftProfile } from './write-profile.js';

export interface InferOptions {
  /** The table name. */
  name: string;
  /** The repeat path; found in the sample when not given. */
  repeat?: string;
  as: 'json' | 'yaml' | 'rsd';
  /** Records to sample for names and types (default 1000). */
  sampleRecords?: number;
  /** Bytes of the document to read at most (default 16 MiB). */
  sampleBytes?: number;
}

/**
 * Drafts a profile from the start of a document. Unless `repeat` names the records, they
 * are the largest array of objects, or the XML element with content that repeats most
 * under one parent. Column names, paths and types are guessed from the sampled records.
 * The draft loads with loadProfile as it is, but its types are guesses from a sample.
 */
export async function inferProfile(format: DocumentFormat, sample: AsyncIterable<Uint8Array>, options: InferOptions): Promise<string> {
  const limit = options.sampleRecords ?? 1000;
  const { bytes, truncated } = await readSample(sample, options.sampleBytes ?? 16 * 1024 * 1024);
  if (bytes.length === 0) throw new QueryError('the sample is empty');
  let draft: DraftProfile;
  if (format === 'xml') {
    const text = xmlDecoderFor(bytes).decode(bytes);
    const found = inferXml(text, truncated, options.repeat, limit);
    draft = { name: options.name, format, repeat: found.repeat, columns: found.columns.list, records: found.records.length };
  } else {
    const text = bytes.toString('utf8').replace(/^\uFEFF/, '');
    const found = inferJson(text, format === 'ndjson', truncated, options.repeat, limit);
    draft = { name: options.name, format, repeat: found.repeat, columns: found.columns.list, records: found.records.length };
  }
  if (draft.columns.length === 0) throw new QueryError('the sampled records have no fields to make columns of');
  return options.as === 'rsd' ? writeRsdProfile(draft) : writeObjectProfile(draft, options.as);
}
