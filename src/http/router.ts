import type { IncomingHttpHeaders } from 'node:http';

import { S3Error } from '../errors/s3-error.js';
import { selectAccessOperation } from './access-routes.js';
import type { OperationName } from './operations.js';

/**
 * Query parameters that select an S3 sub-resource Coffer does not serve yet. A request
 * naming one gets NotImplemented rather than being mistaken for a plain GET or PUT.
 */
const unsupportedSubresources = [
  'accelerate',
  'analytics',
  'attributes',
  'encryption',
  'intelligent-tiering',
  'inventory',
  'legal-hold',
  'lifecycle',
  'logging',
  'metrics',
  'notification',
  'object-lock',
  'policyStatus',
  'replication',
  'requestPayment',
  'restore',
  'retention',
  'select',
  'tagging',
  'torrent',
  'website',
];

export interface RouteInput {
  method: string;
  bucket: string | undefined;
  key: string | undefined;
  query: Map<string, string>;
  headers: IncomingHttpHeaders;
}

/** Selects the S3 operation from the method, the addressed resource and sub-resources. */
export function selectOperation(input: RouteInput): OperationName {
  const { method, bucket, key, query } = input;
  // A CORS preflight names the resource of the request it precedes, sub-resources included;
  // the answer depends on the bucket's rules alone.
  if (method === 'OPTIONS' && bucket !== undefined) return 'PreflightCors';
  const unsupported = unsupportedSubresources.find((name) => query.has(name));
  if (unsupported !== undefined) {
    throw new S3Error(
      'NotImplemented',
      `The '${unsupported}' sub-resource is not implemented by this server.`,
    );
  }
  if (bucket === undefined) {
    if (method === 'GET') return 'ListBuckets';
    throw methodNotAllowed(method);
  }
  const accessOperation = selectAccessOperation(method, key, query);
  if (accessOperation !== undefined) return accessOperation;
  if (key === undefined) return selectBucketOperation(method, query);
  return selectObjectOperation(input);
}

function selectBucketOperation(method: string, query: Map<string, string>): OperationName {
  switch (method) {
    case 'GET':
      if (query.has('cors')) return 'GetBucketCors';
      if (query.has('location')) return 'GetBucketLocation';
      if (query.has('versioning')) return 'GetBucketVersioning';
      if (query.has('versions')) return 'ListObjectVersions';
      if (query.has('uploads')) return 'ListMultipartUploads';
      if (query.get('list-type') === '2') return 'ListObjectsV2';
      return 'ListObjects';
    case 'HEAD':
      return 'HeadBucket';
    case 'PUT':
      if (query.has('cors')) return 'PutBucketCors';
      if (query.has('versioning')) {
        throw new S3Error('NotImplemented', 'Bucket versioning is not implemented by this server.');
      }
      return 'CreateBucket';
    case 'DELETE':
      if (query.has('cors')) return 'DeleteBucketCors';
      return 'DeleteBucket';
    case 'POST':
      if (query.has('delete')) return 'DeleteObjects';
      return 'PostObject';
    default:
      throw methodNotAllowed(method);
  }
}

function selectObjectOperation(input: RouteInput): OperationName {
  const { method, query, headers } = input;
  switch (method) {
    case 'GET':
      if (query.has('uploadId')) return 'ListParts';
      return 'GetObject';
    case 'HEAD':
      return 'HeadObject';
    case 'PUT':
      if (query.has('uploadId') || query.has('partNumber')) {
        return headers['x-amz-copy-source'] !== undefined ? 'UploadPartCopy' : 'UploadPart';
      }
      if (headers['x-amz-copy-source'] !== undefined) return 'CopyObject';
      return 'PutObject';
    case 'DELETE':
      if (query.has('uploadId')) return 'AbortMultipartUpload';
      return 'DeleteObject';
    case 'POST':
      if (query.has('uploads')) return 'CreateMultipartUpload';
      if (query.has('uploadId')) return 'CompleteMultipartUpload';
      throw new S3Error('NotImplemented', 'This POST request on an object is not implemented.');
    default:
      throw methodNotAllowed(method);
  }
}

function methodNotAllowed(method: string): S3Error {
  return new S3Error('MethodNotAllowed', undefined, { Method: method, ResourceType: 'OBJECT' });
}
