import type { Command } from 'commander';

import { printJson, printLine, printTable } from './admin-output.js';
import { connectToCoffer, withConnection, type ConnectionFlags } from './coffer-api-client.js';

/** An audit record as the admin API returns it. */
export interface AuditJson {
  time: string;
  requestId: string;
  shareId: string | null;
  accessKeyId: string | null;
  signerArn: string | null;
  bucket: string | null;
  key: string | null;
  method: string;
  status: number;
  completed: boolean;
  bytesSent: number;
  bytesReceived: number;
  clientAddress: string;
}

export const auditHeadings = ['TIME', 'SHARE', 'ACCESS KEY', 'METHOD', 'STATUS', 'COMPLETE', 'SENT', 'RECEIVED', 'CLIENT', 'OBJECT'];

/** Table rows of audit records; the object comes last because keys vary most in length. */
export function auditRows(records: AuditJson[]): string[][] {
  return records.map((r) => [
    r.time,
    r.shareId ?? '-',
    r.accessKeyId ?? '-',
    r.method,
    String(r.status),
    r.completed ? 'yes' : 'no',
    String(r.bytesSent),
    String(r.bytesReceived),
    r.clientAddress,
    r.bucket === null ? '-' : `s3://${r.bucket}${r.key === null ? '' : `/${r.key}`}`,
  ]);
}

const relativeUnitsMs: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** Registers `coffer audit`. */
export function registerAuditCommand(program: Command): void {
  withConnection(program.command('audit'))
    .description('List requests made with presigned URLs and shares, from the audit log (yours; everyone\'s for the root user)')
    .option('--since <time>', 'only records from this time on: a date such as 2024-05-01T12:00:00Z, or an age such as 30m, 12h or 7d')
    .option('--share <share-id>', 'only the uses of this share')
    .option('--limit <n>', 'at most this many records, the newest (default 1000, at most 10000)')
    .action(async (flags: ConnectionFlags & { since?: string; share?: string; limit?: string }) => {
      const since = flags.since === undefined ? undefined : parseSince(flags.since);
      const client = await connectToCoffer(flags);
      const { records } = (await client.call('GET', '/_coffer/audit', {
        since,
        share: flags.share,
        limit: flags.limit,
      })) as { records: AuditJson[] };
      if (flags.json === true) return printJson(records);
      if (records.length === 0) return printLine('No audit records.');
      printTable(auditHeadings, auditRows(records));
    });
}

/** Turns `--since` into an ISO 8601 time: an age (`12h`) counts back from now. */
function parseSince(text: string): string {
  const age = /^(\d{1,9})([smhd])$/.exec(text.trim());
  if (age !== null) return new Date(Date.now() - Number(age[1]) * relativeUnitsMs[age[2]!]!).toISOString();
  const time = Date.parse(text);
  if (Number.isNaN(time)) {
    throw new Error(`--since must be a date such as 2024-05-01T12:00:00Z or an age such as 12h; got ${JSON.stringify(text)}.`);
  }
  return new Date(time).toISOString();
}
