import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';

import { parseTrustedProxies } from '../access/source-address.js';
import { parseMetadataLocation, type MetadataLocation } from '../metadata/metadata-location.js';
import { defaultAuditRetentionMs, parseAuditRetention } from '../audit/audit-retention.js';
import type { CidrBlock } from '../policy/ip-cidr.js';

/** Settings of `coffer serve`, from flags first, then `COFFER_*` variables, then defaults. */
export interface ServerConfig {
  dataDir: string;
  /** The metadata engine: SQLite in the data directory by default, or PostgreSQL. */
  metadata: MetadataLocation;
  address: string;
  port: number;
  region: string;
  /** Base domain for virtual-hosted addressing (`BUCKET.DOMAIN`); unset for path-style only. */
  domain: string | undefined;
  logLevel: string;
  /**
   * Processes that serve requests. 1 runs the server in this process alone; more starts a
   * cluster primary that forks this many workers sharing the listening socket.
   */
  workers: number;
  /** Maximum skew between a header-signed request's date and the server clock, in ms. */
  maxClockSkewMs: number;
  /** Proxies whose `X-Forwarded-For` and `X-Forwarded-Proto` headers are believed. */
  trustedProxies: CidrBlock[];
  /** How long audit records are kept, in ms. */
  auditRetentionMs: number;
}

/** Upper bound of `--workers`; each worker has its own database connections and buffers. */
const maxWorkers = 256;

export interface ServeOptions {
  data?: string;
  metadata?: string;
  address?: string;
  port?: string;
  region?: string;
  domain?: string;
  logLevel?: string;
  workers?: string;
  trustedProxy?: string[];
  auditRetention?: string;
}

export function resolveServerConfig(
  options: ServeOptions,
  env: NodeJS.ProcessEnv = process.env,
): ServerConfig {
  const portText = options.port ?? env.COFFER_PORT ?? '9000';
  const port = Number(portText);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`invalid port ${JSON.stringify(portText)}: expected an integer from 0 to 65535`);
  }
  const region = options.region ?? env.COFFER_REGION ?? 'us-east-1';
  if (!/^[a-z0-9-]+$/.test(region)) {
    throw new Error(`invalid region ${JSON.stringify(region)}: expected lower-case letters, digits and '-'`);
  }
  const domain = options.domain ?? env.COFFER_DOMAIN;
  const dataDir = resolve(options.data ?? env.COFFER_DATA ?? './data');
  const auditRetention = options.auditRetention ?? env.COFFER_AUDIT_RETENTION;
  const workersText = options.workers ?? env.COFFER_WORKERS ?? String(availableParallelism());
  const workers = Number(workersText);
  if (!/^[0-9]+$/.test(workersText.trim()) || workers < 1 || workers > maxWorkers) {
    throw new Error(`invalid worker count ${JSON.stringify(workersText)}: expected an integer from 1 to ${maxWorkers}`);
  }
  return {
    dataDir,
    metadata: parseMetadataLocation(options.metadata ?? env.COFFER_METADATA, dataDir),
    address: options.address ?? env.COFFER_ADDRESS ?? '127.0.0.1',
    port,
    region,
    domain: domain === '' ? undefined : domain,
    logLevel: options.logLevel ?? env.COFFER_LOG_LEVEL ?? 'info',
    workers,
    maxClockSkewMs: 15 * 60 * 1000,
    trustedProxies: parseTrustedProxies(
      options.trustedProxy ?? (env.COFFER_TRUSTED_PROXIES ?? '').split(',').filter((value) => value.trim() !== ''),
    ),
    auditRetentionMs: auditRetention === undefined || auditRetention === '' ? defaultAuditRetentionMs : parseAuditRetention(auditRetention),
  };
}
