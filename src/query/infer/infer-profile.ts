import type { DocumentFormat } from '../engine-types.js';

export interface InferOptions {
  name: string;
  repeat?: string;
  as: 'json' | 'yaml' | 'rsd';
  sampleRecords?: number;
}

export async function inferProfile(format: DocumentFormat, sample: AsyncIterable<Uint8Array>, options: InferOptions): Promise<string> {
  throw new Error(`not yet ${format} ${options.name} ${typeof sample}`);
}
