import { S3Error } from '../errors/s3-error.js';
import type { AdminRequest, AdminResponse, AdminStores } from './admin-request.js';
import { listAudit } from './audit-actions.js';
import { createShare, listShares, revokeShare, showShare } from './share-actions.js';

/**
 * Routes an admin API request:
 *
 * - `POST /_coffer/shares` creates a share, `GET /_coffer/shares` lists shares;
 * - `GET /_coffer/shares/ID` shows one with its recent uses;
 * - `POST /_coffer/shares/ID/revoke` revokes one;
 * - `GET /_coffer/audit` reads the audit log.
 */
export async function dispatchAdminRequest(stores: AdminStores, request: AdminRequest): Promise<AdminResponse> {
  const [resource, shareId, action, ...rest] = request.path;
  if (resource === 'shares' && rest.length === 0) {
    if (shareId === undefined) {
      if (request.method === 'POST') return createShare(stores, request);
      if (request.method === 'GET') return listShares(stores, request);
      throw methodNotAllowed(request.method, 'GET, POST');
    }
    if (action === undefined) {
      if (request.method === 'GET') return showShare(stores, request, shareId);
      throw methodNotAllowed(request.method, 'GET');
    }
    if (action === 'revoke') {
      if (request.method === 'POST') return revokeShare(stores, request, shareId);
      throw methodNotAllowed(request.method, 'POST');
    }
  }
  if (resource === 'audit' && shareId === undefined) {
    if (request.method === 'GET') return listAudit(stores, request);
    throw methodNotAllowed(request.method, 'GET');
  }
  throw new S3Error(
    'InvalidRequest',
    `/${['_coffer', ...request.path].join('/')} is not an admin API resource; expected /_coffer/shares, /_coffer/shares/ID, /_coffer/shares/ID/revoke or /_coffer/audit.`,
  );
}

function methodNotAllowed(method: string, allowed: string): S3Error {
  return new S3Error('MethodNotAllowed', undefined, { Method: method, ResourceType: 'ADMIN' }, { Allow: allowed });
}
