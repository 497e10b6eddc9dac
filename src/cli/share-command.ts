import type { Command } from 'commander';

import { parseCidr } from '../policy/ip-cidr.js';
import { defaultExpiresIn, maxExpiresIn, minExpiresIn, presignUrl } from '../presign/index.js';
import { shareIdParam } from '../share/share-parameter.js';
import { printJson, printLine, printTable } from './admin-output.js';
import { auditRows, auditHeadings, type AuditJson } from './audit-command.js';
import { connectToCoffer, withConnection, type ConnectionFlags } from './coffer-api-client.js';
import { parseObjectUri } from './s3-uri.js';

/** A share as the admin API returns it. */
interface ShareJson {
  shareId: string;
  bucket: string;
  key: string;
  method: 'GET' | 'PUT';
  createdAt: string;
  expiresAt: string;
  useCount: number;
  maxUses: number | null;
  sourceIp: string | null;
  note: string | null;
  creatorArn: string;
  accessKeyId: string;
  revokedAt: string | null;
  state: string;
}

interface CreateFlags extends ConnectionFlags {
  expiresIn?: string;
  maxUses?: string;
  method?: string;
  sourceIp?: string;
  note?: string;
}

/** Registers `coffer share` (create), `share ls`, `share show` and `share revoke`. */
export function registerShareCommand(program: Command): void {
  const share = program
    .command('share')
    .description('Lend one object through a presigned URL that the server can limit, revoke and audit');

  withConnection(share.command('create <s3-uri>', { isDefault: true }))
    .description('Register a share and print its presigned URL (the default: coffer share s3://BUCKET/KEY)')
    .option('--expires-in <seconds>', `how long the share lasts, ${minExpiresIn} to ${maxExpiresIn} seconds (default ${defaultExpiresIn})`)
    .option('--max-uses <n>', 'how many requests the share serves in all (default: no limit)')
    .option('--method <method>', 'the request the share allows: GET to download, PUT to upload (default GET)')
    .option('--source-ip <cidr>', 'accept only clients in this address or CIDR block, such as 192.0.2.0/24')
    .option('--note <text>', 'a note kept with the share, shown by share ls')
    .action(async (uri: string, flags: CreateFlags) => createShare(uri, flags));

  withConnection(share.command('ls'))
    .description('List your shares (every share for the root user), newest first')
    .option('--bucket <name>', 'only shares of this bucket')
    .action(async (flags: ConnectionFlags & { bucket?: string }) => {
      const client = await connectToCoffer(flags);
      const { shares } = (await client.call('GET', '/_coffer/shares', { bucket: flags.bucket })) as { shares: ShareJson[] };
      if (flags.json === true) return printJson(shares);
      if (shares.length === 0) return printLine('No shares.');
      printTable(
        ['ID', 'OBJECT', 'METHOD', 'CREATED', 'EXPIRES', 'USES', 'STATE', 'NOTE'],
        shares.map((s) => [s.shareId, `s3://${s.bucket}/${s.key}`, s.method, s.createdAt, s.expiresAt, uses(s), s.state, s.note ?? '']),
      );
    });

  withConnection(share.command('show <share-id>'))
    .description('Show a share and its recent uses from the audit log')
    .action(async (shareId: string, flags: ConnectionFlags) => {
      const client = await connectToCoffer(flags);
      const result = (await client.call('GET', `/_coffer/shares/${encodeURIComponent(shareId)}`)) as {
        share: ShareJson;
        recentUses: AuditJson[];
      };
      if (flags.json === true) return printJson(result);
      printShare(result.share);
      printLine('');
      if (result.recentUses.length === 0) return printLine('No recent uses.');
      printLine('Recent uses:');
      printTable(auditHeadings, auditRows(result.recentUses));
    });

  withConnection(share.command('revoke <share-id>'))
    .description('Revoke a share: every later use of its URL is refused')
    .action(async (shareId: string, flags: ConnectionFlags) => {
      const client = await connectToCoffer(flags);
      const revoked = (await client.call('POST', `/_coffer/shares/${encodeURIComponent(shareId)}/revoke`)) as ShareJson;
      if (flags.json === true) return printJson(revoked);
      printLine(`Revoked share ${revoked.shareId} (${revoked.method} s3://${revoked.bucket}/${revoked.key})`);
    });
}

async function createShare(uri: string, flags: CreateFlags): Promise<void> {
  // Every flag is checked before the server is called, so a usage mistake creates no share.
  const { bucket, key } = parseObjectUri(uri);
  const method = (flags.method ?? 'GET').toUpperCase();
  if (method !== 'GET' && method !== 'PUT') throw new Error(`--method must be GET or PUT; got ${JSON.stringify(flags.method)}.`);
  const expiresIn = parseWholeNumber('--expires-in', flags.expiresIn, minExpiresIn, maxExpiresIn) ?? defaultExpiresIn;
  const maxUses = parseWholeNumber('--max-uses', flags.maxUses, 1, 1_000_000_000);
  if (flags.sourceIp !== undefined && parseCidr(flags.sourceIp) === undefined) {
    throw new Error(`--source-ip must be an IPv4 or IPv6 address or CIDR block such as 192.0.2.0/24; got ${JSON.stringify(flags.sourceIp)}.`);
  }

  const client = await connectToCoffer(flags);
  const share = (await client.call('POST', '/_coffer/shares', {}, {
    bucket,
    key,
    method,
    expiresIn,
    maxUses,
    sourceIp: flags.sourceIp,
    note: flags.note,
  })) as ShareJson;
  // Signed at the share's creation time, so the URL expires exactly when the share does.
  const presigned = presignUrl(
    client.settings.credentials,
    { method: share.method, bucket, key, extraQuery: { [shareIdParam]: share.shareId } },
    {
      endpoint: client.settings.endpoint,
      region: client.settings.region,
      addressing: client.settings.addressing,
      expiresIn,
      signingDate: new Date(share.createdAt),
    },
  );
  if (flags.json === true) {
    return printJson({ ...share, url: presigned.url, signedHeaders: presigned.signedHeaders });
  }
  process.stderr.write(`coffer: share ${share.shareId}: ${describeLimits(share)}\n`);
  printLine(presigned.url);
}

function printShare(share: ShareJson): void {
  printLine(`Share ${share.shareId}`);
  const rows: Array<[string, string]> = [
    ['Object', `s3://${share.bucket}/${share.key}`],
    ['Method', share.method],
    ['State', share.state],
    ['Created', share.createdAt],
    ['Expires', share.expiresAt],
    ['Uses', share.maxUses === null ? `${share.useCount} (no limit)` : `${share.useCount} of ${share.maxUses}`],
    ['Source IP', share.sourceIp ?? 'any'],
    ['Note', share.note ?? ''],
    ['Creator', share.creatorArn],
    ['Access key', share.accessKeyId],
  ];
  if (share.revokedAt !== null) rows.push(['Revoked', share.revokedAt]);
  for (const [name, value] of rows) printLine(`  ${`${name}:`.padEnd(12)}${value}`);
}

function uses(share: ShareJson): string {
  return `${share.useCount}/${share.maxUses ?? '-'}`;
}

function describeLimits(share: ShareJson): string {
  const parts = [`${share.method} until ${share.expiresAt}`];
  if (share.maxUses !== null) parts.push(`at most ${share.maxUses} uses`);
  if (share.sourceIp !== null) parts.push(`only from ${share.sourceIp}`);
  return parts.join(', ');
}

function parseWholeNumber(flag: string, text: string | undefined, min: number, max: number): number | undefined {
  if (text === undefined) return undefined;
  const value = /^\d+$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    throw new Error(`${flag} must be a whole number from ${min} to ${max}; got ${JSON.stringify(text)}.`);
  }
  return value;
}
