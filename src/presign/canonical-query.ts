import { signatureParam } from '../auth/sigv4/constants.js';
import { compareText } from './compare-text.js';
import { encodeComponent } from './uri-encode.js';

/** One query parameter: the name as given, and name and value percent-encoded. */
export interface QueryParameter {
  rawName: string;
  name: string;
  value: string;
}

export function queryParameter(rawName: string, rawValue: string): QueryParameter {
  return { rawName, name: encodeComponent(rawName), value: encodeComponent(rawValue) };
}

function byName(a: QueryParameter, b: QueryParameter): number {
  return compareText(a.name, b.name) || compareText(a.value, b.value);
}

function byRawName(a: QueryParameter, b: QueryParameter): number {
  return compareText(a.rawName, b.rawName);
}

function join(params: readonly QueryParameter[]): string {
  let query = '';
  for (const param of params) query += query === '' ? `${param.name}=${param.value}` : `&${param.name}=${param.value}`;
  return query;
}

/** Sorts the parameters into canonical order, by encoded name then value, in place. */
export function sortCanonically(params: QueryParameter[]): QueryParameter[] {
  return params.sort(byName);
}

/** Joins already sorted parameters into the canonical query string, which never contains `X-Amz-Signature`. */
export function canonicalQueryString(sorted: readonly QueryParameter[]): string {
  return join(sorted);
}

/**
 * Builds the JavaScript SDK's query: every parameter, `X-Amz-Signature` included, sorted by the
 * name as given. For names that encoding leaves alone this is the canonical order, so the
 * sorted list is reused.
 */
export function sdkJsQueryString(sorted: readonly QueryParameter[], signature: string): string {
  let ordered = sorted;
  if (sorted.some((param) => param.rawName !== param.name)) ordered = [...sorted].sort(byRawName);
  let query = '';
  let signed = false;
  for (const param of ordered) {
    if (!signed && param.rawName > signatureParam) {
      query += `${query === '' ? '' : '&'}${signatureParam}=${signature}`;
      signed = true;
    }
    query += `${query === '' ? '' : '&'}${param.name}=${param.value}`;
  }
  if (!signed) query += `${query === '' ? '' : '&'}${signatureParam}=${signature}`;
  return query;
}

/**
 * Builds boto3's query: the request's own parameters first, sorted by name, then the
 * authentication parameters in the order given, then `X-Amz-Signature`.
 */
export function boto3QueryString(
  requestParams: readonly QueryParameter[],
  authParams: readonly QueryParameter[],
  signature: string,
): string {
  const own = join([...requestParams].sort(byName));
  const auth = `${join(authParams)}&${signatureParam}=${signature}`;
  return own === '' ? auth : `${own}&${auth}`;
}
