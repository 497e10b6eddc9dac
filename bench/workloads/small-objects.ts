import { readFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';

import { runAbHead } from '../load/ab.js';
import { treeCpuMicros } from '../load/cpu-time.js';
import { sendRequest } from '../load/http-request.js';
import { describeErrors, runWrk, type WrkRequest } from '../load/wrk.js';
import { objectPath, type Target } from '../targets/target.js';
import { objectRequest, type AuthMode } from './object-requests.js';
import type { BenchSettings, Measurement, ServerWorkload } from './workload.js';

/** wrk threads: one per core, so that wrk is not held to one core. */
const wrkThreads = availableParallelism();
/** Distinct keys a small PUT load cycles through; later requests overwrite them. */
const putKeys = 20_000;

export const smallKey = 'small-4k.bin';
export const publicKey = 'public-4k.bin';

interface SmallLoad {
  id: string;
  title: string;
  method: 'GET' | 'HEAD' | 'PUT';
  auth: AuthMode;
  connections: number;
  /** Loads whose plain-HTTP form is the same as another's run only on S3 targets. */
  s3Only: boolean;
  /** Loads left out of `--quick`. */
  fullOnly: boolean;
}

const loads: SmallLoad[] = [
  { id: 'put-4k-c16', title: 'PUT 4 KiB, c16', method: 'PUT', auth: 'header', connections: 16, s3Only: false, fullOnly: true },
  { id: 'put-4k-c64', title: 'PUT 4 KiB, c64', method: 'PUT', auth: 'header', connections: 64, s3Only: false, fullOnly: false },
  { id: 'get-4k-c16', title: 'GET 4 KiB, c16', method: 'GET', auth: 'header', connections: 16, s3Only: false, fullOnly: true },
  { id: 'get-4k-c64', title: 'GET 4 KiB, c64', method: 'GET', auth: 'header', connections: 64, s3Only: false, fullOnly: false },
  { id: 'head-4k-c16', title: 'HEAD 4 KiB, c16', method: 'HEAD', auth: 'header', connections: 16, s3Only: false, fullOnly: true },
  { id: 'head-4k-c64', title: 'HEAD 4 KiB, c64', method: 'HEAD', auth: 'header', connections: 64, s3Only: false, fullOnly: false },
  { id: 'presigned-get-4k', title: 'GET 4 KiB presigned, c64', method: 'GET', auth: 'presigned', connections: 64, s3Only: true, fullOnly: false },
  { id: 'anonymous-get-4k', title: 'GET 4 KiB public, anonymous, c64', method: 'GET', auth: 'anonymous', connections: 64, s3Only: true, fullOnly: false },
];

/** Returns the 4 KiB loads, which run over keep-alive connections with wrk, or ab for HEAD. */
export function smallObjectWorkloads(): ServerWorkload[] {
  return loads.map((load) => ({
    id: load.id,
    title: load.title,
    unit: 'ops/s',
    higherIsBetter: true,
    appliesTo: (target: Target, settings: BenchSettings) => !(load.s3Only && target.s3 === undefined) && !(load.fullOnly && settings.quick),
    measure: (target: Target, settings: BenchSettings) => measureSmall(load, target, settings),
  }));
}

/** Stores the 4 KiB objects the GET loads read: one private, one public-read. */
export async function prepareSmallObjects(target: Target, settings: BenchSettings): Promise<void> {
  const body = await readFile(settings.smallFile);
  for (const [key, headers] of [
    [smallKey, {}],
    [publicKey, target.s3 === undefined ? {} : { 'x-amz-acl': 'public-read' }],
  ] as const) {
    const response = await sendRequest(target, { method: 'PUT', path: objectPath(key), body, headers });
    if (response.status !== 200 && response.status !== 201 && response.status !== 204) {
      throw new Error(`${target.id}: storing ${key} returned ${response.status}: ${response.body}`);
    }
  }
}

/**
 * Requests built for each load and target, reused by its repetitions: signing 20,000 PUTs
 * takes a while, and a header signature stays valid for 15 minutes of clock skew.
 */
const builtRequests = new Map<string, WrkRequest[]>();

async function measureSmall(load: SmallLoad, target: Target, settings: BenchSettings): Promise<Measurement> {
  const cacheKey = `${load.id} ${target.id}`;
  const requests = builtRequests.get(cacheKey) ?? (await buildRequests(load, target, settings));
  builtRequests.set(cacheKey, requests);
  const cpuBefore = treeCpuMicros(target.pid);
  const summary = load.method === 'HEAD'
    ? await runAbHead({ port: target.port, request: requests[0]!, connections: load.connections, durationSeconds: settings.durationSeconds })
    : await runWrk({
    port: target.port,
    requests,
    bodyFile: load.method === 'PUT' ? settings.smallFile : undefined,
    connections: load.connections,
    threads: wrkThreads,
    durationSeconds: settings.durationSeconds,
    workDir: settings.workDir,
  });
  const cpuMicros = treeCpuMicros(target.pid) - cpuBefore;
  const errors = describeErrors(summary);
  if (errors !== undefined) throw new Error(`${load.id} on ${target.id}: ${errors}`);
  return {
    cpuUsPerRequest: cpuMicros / summary.requests,
    value: summary.requests / (summary.durationUs / 1e6),
    p50Ms: summary.p50Us / 1000,
    p99Ms: summary.p99Us / 1000,
  };
}

async function buildRequests(load: SmallLoad, target: Target, settings: BenchSettings): Promise<WrkRequest[]> {
  if (load.method !== 'PUT') {
    const key = load.auth === 'anonymous' ? publicKey : smallKey;
    return [objectRequest(target, load.method, key, load.auth)];
  }
  const body = await readFile(settings.smallFile);
  const requests: WrkRequest[] = [];
  for (let index = 0; index < putKeys; index += 1) {
    requests.push(objectRequest(target, 'PUT', `put/${String(index).padStart(6, '0')}.bin`, load.auth, body));
  }
  return requests;
}
