import type { SigningIdentity } from '../load/sigv4.js';

/** Names of the servers the benchmark compares. */
export type TargetId = 'coffer-1' | 'coffer-all' | 'nginx' | 'node-http' | 's3rver';

/** The bucket every target serves; nginx and node:http serve it as a folder of that name. */
export const benchBucket = 'bench';

/** A server started for the benchmark on 127.0.0.1. */
export interface Target {
  id: TargetId;
  /** Column heading in the results table. */
  label: string;
  port: number;
  /** `127.0.0.1:PORT`, the Host header every request carries. */
  host: string;
  /** Credentials of an S3 server; plain HTTP servers take unsigned requests. */
  s3: SigningIdentity | undefined;
  /** Identifies the stored data; targets that share it have the same value. */
  dataId: string;
  /** Processes whose memory counts as the server's: the main process and its children. */
  pid: number;
  stop(): Promise<void>;
}

/** The path of an object in path-style addressing, the same on every target. */
export function objectPath(key: string): string {
  return `/${benchBucket}/${key.split('/').map(encodeURIComponent).join('/')}`;
}
