import { availableParallelism } from 'node:os';

import { sendRequest } from '../load/http-request.js';
import { describeErrors, seedWithWrk, type WrkRequest } from '../load/wrk.js';
import { benchBucket, type Target } from '../targets/target.js';
import { objectRequest } from './object-requests.js';
import type { BenchSettings, Measurement, ServerWorkload } from './workload.js';

const listPrefix = 'list/';
const pageSize = 1000;
const seedConnections = 256;
/**
 * Keys seeded into s3rver at most: it stores a few hundred small objects a second (an
 * estimate from these runs), so 100,000 would take minutes. Its time per page is then
 * measured over fewer keys, which can only flatter it.
 */
const maxS3rverKeys = 10_000;

/**
 * ListObjectsV2 of every seeded key, page after page, on the S3 targets, as milliseconds
 * per page of 1,000 keys. Targets that share stored data are seeded once.
 */
export function listingWorkload(settings: BenchSettings): ServerWorkload {
  const seeded = new Set<string>();
  const s3rverKeys = Math.min(settings.listKeys, maxS3rverKeys);
  return {
    id: 'list-keys',
    title: `ListObjectsV2 of ${settings.listKeys.toLocaleString('en-US')} keys (s3rver ${s3rverKeys.toLocaleString('en-US')}), per page of ${pageSize}`,
    unit: 'ms',
    higherIsBetter: false,
    appliesTo: (target) => target.s3 !== undefined,
    prepare: async (target) => {
      if (seeded.has(target.dataId)) return;
      await seedKeys(target, keyCount(target, settings), settings);
      seeded.add(target.dataId);
    },
    measure: (target) => listAll(target, keyCount(target, settings)),
  };
}

function keyCount(target: Target, settings: BenchSettings): number {
  return target.id === 's3rver' ? Math.min(settings.listKeys, maxS3rverKeys) : settings.listKeys;
}

/** Stores `count` empty objects concurrently with wrk. */
async function seedKeys(target: Target, count: number, settings: BenchSettings): Promise<void> {
  const requests: WrkRequest[] = [];
  for (let index = 0; index < count; index += 1) {
    requests.push(objectRequest(target, 'PUT', `${listPrefix}${String(index).padStart(7, '0')}`, 'header', Buffer.alloc(0)));
  }
  const summary = await seedWithWrk({
    port: target.port,
    requests,
    connections: seedConnections,
    threads: availableParallelism(),
    workDir: settings.workDir,
  });
  const errors = describeErrors(summary);
  if (errors !== undefined) throw new Error(`seeding keys on ${target.id}: ${errors}`);
}

async function listAll(target: Target, count: number): Promise<Measurement> {
  const started = process.hrtime.bigint();
  let token: string | undefined;
  let listed = 0;
  do {
    let path = `/${benchBucket}?list-type=2&max-keys=${pageSize}&prefix=${encodeURIComponent(listPrefix)}`;
    if (token !== undefined) path += `&continuation-token=${encodeURIComponent(token)}`;
    const response = await sendRequest(target, { method: 'GET', path });
    if (response.status !== 200) throw new Error(`ListObjectsV2 on ${target.id} returned ${response.status}: ${response.body}`);
    listed += (response.body.match(/<Contents>/g) ?? []).length;
    token = /<NextContinuationToken>([^<]*)<\/NextContinuationToken>/.exec(response.body)?.[1];
    if (token !== undefined) token = decodeXml(token);
  } while (token !== undefined);
  const milliseconds = Number(process.hrtime.bigint() - started) / 1e6;
  if (listed !== count) throw new Error(`ListObjectsV2 on ${target.id} listed ${listed} of ${count} keys`);
  return { value: milliseconds / Math.ceil(count / pageSize) };
}

function decodeXml(text: string): string {
  return text
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&quot;', '"')
    .replaceAll('&apos;', "'")
    .replaceAll('&amp;', '&');
}
