import { curlTransfer } from '../load/curl.js';
import { sampleRss } from '../load/rss.js';
import type { Target } from '../targets/target.js';
import { objectUrl } from './object-requests.js';
import { megabyte, type BenchSettings, type Measurement, type ServerWorkload } from './workload.js';

const largeKey = 'large.bin';

/** One large PUT and GET with curl; the PUT runs first and stores what the GET reads. */
export function largeObjectWorkloads(settings: BenchSettings): ServerWorkload[] {
  const size = `${settings.largeBytes / 1024 ** 2} MiB`;
  return [
    {
      id: 'put-large',
      title: `PUT ${size}`,
      unit: 'MB/s',
      higherIsBetter: true,
      appliesTo: () => true,
      measure: (target) => measureTransfer(target, 'PUT', settings),
    },
    {
      id: 'get-large',
      title: `GET ${size}`,
      unit: 'MB/s',
      higherIsBetter: true,
      appliesTo: () => true,
      measure: (target) => measureTransfer(target, 'GET', settings),
    },
  ];
}

async function measureTransfer(target: Target, method: 'GET' | 'PUT', settings: BenchSettings): Promise<Measurement> {
  const url = objectUrl(target, method, largeKey);
  const stopSampling = sampleRss(target.pid);
  const transfer = await curlTransfer(method, url, settings.largeFile);
  const peak = stopSampling();
  if (transfer.status >= 300 || transfer.bytes !== settings.largeBytes) {
    throw new Error(`${method} ${largeKey} on ${target.id}: status ${transfer.status}, ${transfer.bytes} bytes`);
  }
  return { value: transfer.bytes / megabyte / transfer.seconds, peakRssMb: peak.largestProcessMb };
}
