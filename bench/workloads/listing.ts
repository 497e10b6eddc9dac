import { sendRequest } from '../load/http-request.js';
import { describeErrors, seedWithWrk, type WrkRequest } from '../load/wrk.js';
import { benchBucket, type Target } from '../targets/target.js';
import { objectRequest } from './object-requests.js';
import type { BenchSettings, Measurement, ServerWorkload } from './workload.js';

const listPrefix = 'list/';
const pageSize = 1000;
const seedConnections = 64;

/** ListObjectsV2 of every seeded key, page after page, on the S3 targets. */
export function listingWorkload(settings: BenchSettings): ServerWorkload {
  return {
    id: 'list-keys',
    title: `ListObjectsV2 ${settings.listKeys.toLocaleString('en-US')} keys, pages of ${pageSize}`,
    unit: 's',
    higherIsBetter: false,
    appliesTo: (target) => target.s3 !== undefined,
    prepare: seedKeys,
    measure: listAll,
  };
}

/** Stores `listKeys` empty objects concurrently with wrk. */
async function seedKeys(target: Target, settings: BenchSettings): Promise<void> {
  const requests: WrkRequest[] = [];
  for (let index = 0; index < settings.listKeys; index += 1) {
    requests.push(objectRequest(target, 'PUT', `${listPrefix}${String(index).padStart(7, '0')}`, 'header', Buffer.alloc(0)));
  }
  const summary = await seedWithWrk({
    port: target.port,
    requests,
    connections: seedConnections,
    threads: 2,
    workDir: settings.workDir,
  });
  const errors = describeErrors(summary);
  if (errors !== undefined) throw new Error(`seeding keys on ${target.id}: ${errors}`);
}

async function listAll(target: Target, settings: BenchSettings): Promise<Measurement> {
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
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (listed !== settings.listKeys) throw new Error(`ListObjectsV2 on ${target.id} listed ${listed} of ${settings.listKeys} keys`);
  return { value: seconds };
}

function decodeXml(text: string): string {
  return text
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&quot;', '"')
    .replaceAll('&apos;', "'")
    .replaceAll('&amp;', '&');
}
