import type { OperationName } from '../http/operations.js';
import type { RequestContext } from '../http/request-context.js';
import { createBucket } from './bucket/create-bucket.js';
import { deleteBucket } from './bucket/delete-bucket.js';
import { getBucketLocation } from './bucket/get-bucket-location.js';
import { getBucketVersioning } from './bucket/get-bucket-versioning.js';
import { headBucket } from './bucket/head-bucket.js';
import { listBuckets } from './bucket/list-buckets.js';
import { deleteObject } from './object/delete-object.js';
import { getObject, headObject } from './object/get-object.js';
import { putObject } from './object/put-object.js';

export type OperationHandler = (ctx: RequestContext) => Promise<void>;

/** The handler of each S3 operation; an operation without one answers NotImplemented. */
export const operationHandlers: Partial<Record<OperationName, OperationHandler>> = {
  ListBuckets: listBuckets,
  CreateBucket: createBucket,
  HeadBucket: headBucket,
  DeleteBucket: deleteBucket,
  GetBucketLocation: getBucketLocation,
  GetBucketVersioning: getBucketVersioning,
  PutObject: putObject,
  GetObject: getObject,
  HeadObject: headObject,
  DeleteObject: deleteObject,
};
