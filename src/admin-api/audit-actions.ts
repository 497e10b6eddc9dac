import { S3Error } from '../errors/s3-error.js';
import { isAccountRoot, type AdminRequest, type AdminResponse, type AdminStores } from './admin-request.js';
import { auditToJson } from './share-json.js';

const defaultLimit = 1000;
const maxLimit = 10_000;

/**
 * Lists audit records, oldest first: the newest `limit` (default 1000) at or after `since`,
 * of one share when `share` is given. The root user reads every record, others only the
 * records of requests they signed, which include every use of their shares.
 */
export async function listAudit(stores: AdminStores, request: AdminRequest): Promise<AdminResponse> {
  const records = await stores.audit.listAudit({
    since: parseSince(request.query.get('since')),
    shareId: request.query.get('share'),
    signerArn: isAccountRoot(request.identity) ? undefined : request.identity.arn,
    limit: parseLimit(request.query.get('limit')),
  });
  return { status: 200, body: { records: records.map(auditToJson) } };
}

function parseSince(text: string | undefined): Date | undefined {
  if (text === undefined) return undefined;
  const time = Date.parse(text);
  if (Number.isNaN(time)) {
    throw new S3Error('InvalidArgument', `since must be a date and time such as 2024-05-01T12:00:00Z; got ${JSON.stringify(text)}.`, {
      ArgumentName: 'since',
    });
  }
  return new Date(time);
}

function parseLimit(text: string | undefined): number {
  if (text === undefined) return defaultLimit;
  const limit = /^\d{1,6}$/.test(text) ? Number(text) : Number.NaN;
  if (!(limit >= 1 && limit <= maxLimit)) {
    throw new S3Error('InvalidArgument', `limit must be a whole number from 1 to ${maxLimit}.`, { ArgumentName: 'limit' });
  }
  return limit;
}
