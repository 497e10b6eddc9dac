import { createHash, randomBytes } from 'node:crypto';
import { join } from 'node:path';

import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';

import { presignUrl } from '../../src/presign/index.js';
import { benchSourceDir } from '../paths.js';
import { runCommand } from '../processes.js';
import { megabyte, type BenchSettings } from './workload.js';

/** A measurement of libraries and tools without a server under test: one figure per implementation. */
export interface LocalResult {
  id: string;
  title: string;
  unit: string;
  /** Column label to figure. */
  values: Record<string, number>;
}

const hashChunkBytes = 1024 * 1024;
const credentials = { accessKeyId: 'AKIDBENCHMARK0000000', secretAccessKey: 'benchmark/secret/key/0000000000000000000' };
const endpoint = 'http://127.0.0.1:9000';

/** MD5 and SHA-256 of the large object size on one core, in 1 MiB updates: the PUT ceiling. */
export function measureHashing(settings: BenchSettings): LocalResult {
  const data = randomBytes(settings.largeBytes);
  const values: Record<string, number> = {};
  for (const algorithm of ['md5', 'sha256']) {
    const started = process.hrtime.bigint();
    const hash = createHash(algorithm);
    for (let offset = 0; offset < data.length; offset += hashChunkBytes) {
      hash.update(data.subarray(offset, offset + hashChunkBytes));
    }
    hash.digest();
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    values[algorithm === 'md5' ? 'MD5' : 'SHA-256'] = data.length / megabyte / seconds;
  }
  return { id: 'hash', title: `Hash ${settings.largeBytes / 1024 ** 2} MiB on one core`, unit: 'MB/s', values };
}

/** Presigned GET URLs per second from Coffer's library, the JS SDK presigner and boto3. */
export async function measurePresignRate(settings: BenchSettings): Promise<LocalResult> {
  const seconds = settings.quick ? 0.5 : 2;
  const request = { method: 'GET' as const, bucket: 'bench', key: 'small-4k.bin' };
  const options = { endpoint, region: 'us-east-1', expiresIn: 3600 };
  const coffer = await rate(seconds, () => {
    presignUrl(credentials, request, options);
  });

  const client = new S3Client({ endpoint, region: 'us-east-1', forcePathStyle: true, credentials });
  const command = new GetObjectCommand({ Bucket: 'bench', Key: 'small-4k.bin' });
  const sdk = await rate(seconds, async () => {
    await getSignedUrl(client, command, { expiresIn: 3600 });
  });
  client.destroy();

  const boto3Output = await runCommand('python3', [join(benchSourceDir, 'workloads', 'presign-boto3.py'), endpoint, String(seconds)]);
  const boto3 = (JSON.parse(boto3Output) as { urlsPerSecond: number }).urlsPerSecond;
  return {
    id: 'presign',
    title: 'Presign a GET URL',
    unit: 'URLs/s',
    values: { 'Coffer presignUrl': coffer, '@aws-sdk/s3-request-presigner': sdk, 'boto3 generate_presigned_url': boto3 },
  };
}

/**
 * Calls `sign` in batches of 100 for `seconds` after a warm-up and returns calls per second.
 * A synchronous signer is not awaited, so the rate includes no promise overhead it lacks.
 */
async function rate(seconds: number, sign: () => Promise<void> | void): Promise<number> {
  for (let index = 0; index < 500; index += 1) await sign();
  let count = 0;
  const started = performance.now();
  const deadline = started + seconds * 1000;
  while (performance.now() < deadline) {
    for (let index = 0; index < 100; index += 1) {
      const pending = sign();
      if (pending !== undefined) await pending;
    }
    count += 100;
  }
  return count / ((performance.now() - started) / 1000);
}
