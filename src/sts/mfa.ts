import type { QueryParameters } from '../iam/parameters.js';

/**
 * Rejects SerialNumber and TokenCode: this server has no MFA devices, so it cannot check a
 * code, and ignoring one would pretend a check took place.
 */
export function rejectMfa(params: QueryParameters): void {
  if (params.has('SerialNumber') || params.has('TokenCode')) {
    params.reject('SerialNumber and TokenCode are not supported: this server has no MFA devices.');
  }
}
