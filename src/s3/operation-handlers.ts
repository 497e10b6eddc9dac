import type { OperationName } from '../http/operations.js';
import type { RequestContext } from '../http/request-context.js';
import { createBucket } from './bucket/create-bucket.js';
import { deleteBucket } from './bucket/delete-bucket.js';
import { deleteBucketOwnershipControls } from './bucket/delete-bucket-ownership-controls.js';
import { deleteBucketPolicy } from './bucket/delete-bucket-policy.js';
import { deletePublicAccessBlock } from './bucket/delete-public-access-block.js';
import { getBucketAcl } from './bucket/get-bucket-acl.js';
import { getBucketLocation } from './bucket/get-bucket-location.js';
import { getBucketOwnershipControls } from './bucket/get-bucket-ownership-controls.js';
import { getBucketPolicy } from './bucket/get-bucket-policy.js';
import { getBucketVersioning } from './bucket/get-bucket-versioning.js';
import { headBucket } from './bucket/head-bucket.js';
import { getPublicAccessBlock } from './bucket/get-public-access-block.js';
import { listBuckets } from './bucket/list-buckets.js';
import { putBucketAcl } from './bucket/put-bucket-acl.js';
import { putBucketOwnershipControls } from './bucket/put-bucket-ownership-controls.js';
import { putBucketPolicy } from './bucket/put-bucket-policy.js';
import { putPublicAccessBlock } from './bucket/put-public-access-block.js';
import { deleteBucketCors } from './cors/delete-bucket-cors.js';
import { getBucketCors } from './cors/get-bucket-cors.js';
import { preflightCors } from './cors/preflight-cors.js';
import { putBucketCors } from './cors/put-bucket-cors.js';
import { listObjectVersions } from './list/list-object-versions.js';
import { listObjects, listObjectsV2 } from './list/list-objects.js';
import { abortMultipartUpload } from './multipart/abort-multipart-upload.js';
import { completeMultipartUpload } from './multipart/complete-multipart-upload.js';
import { createMultipartUpload } from './multipart/create-multipart-upload.js';
import { listMultipartUploads } from './multipart/list-multipart-uploads.js';
import { listParts } from './multipart/list-parts.js';
import { uploadPart } from './multipart/upload-part.js';
import { uploadPartCopy } from './multipart/upload-part-copy.js';
import { copyObject } from './object/copy-object.js';
import { deleteObjects } from './object/delete-objects.js';
import { deleteObject } from './object/delete-object.js';
import { getObject, headObject } from './object/get-object.js';
import { getObjectAcl } from './object/get-object-acl.js';
import { putObject } from './object/put-object.js';
import { putObjectAcl } from './object/put-object-acl.js';
import { postObject } from './post-object/post-object.js';

export type OperationHandler = (ctx: RequestContext) => Promise<void>;

/** The handler of each S3 operation; an operation without one gets NotImplemented. */
export const operationHandlers: Partial<Record<OperationName, OperationHandler>> = {
  ListBuckets: listBuckets,
  CreateBucket: createBucket,
  HeadBucket: headBucket,
  DeleteBucket: deleteBucket,
  GetBucketLocation: getBucketLocation,
  GetBucketVersioning: getBucketVersioning,
  ListObjects: listObjects,
  ListObjectsV2: listObjectsV2,
  ListObjectVersions: listObjectVersions,
  PutObject: putObject,
  GetObject: getObject,
  HeadObject: headObject,
  DeleteObject: deleteObject,
  CreateMultipartUpload: createMultipartUpload,
  UploadPart: uploadPart,
  UploadPartCopy: uploadPartCopy,
  CompleteMultipartUpload: completeMultipartUpload,
  AbortMultipartUpload: abortMultipartUpload,
  ListParts: listParts,
  ListMultipartUploads: listMultipartUploads,
  DeleteObjects: deleteObjects,
  CopyObject: copyObject,
  PostObject: postObject,
  PutBucketCors: putBucketCors,
  GetBucketCors: getBucketCors,
  DeleteBucketCors: deleteBucketCors,
  PreflightCors: preflightCors,
  GetBucketAcl: getBucketAcl,
  PutBucketAcl: putBucketAcl,
  GetObjectAcl: getObjectAcl,
  PutObjectAcl: putObjectAcl,
  GetBucketPolicy: getBucketPolicy,
  PutBucketPolicy: putBucketPolicy,
  DeleteBucketPolicy: deleteBucketPolicy,
  GetBucketOwnershipControls: getBucketOwnershipControls,
  PutBucketOwnershipControls: putBucketOwnershipControls,
  DeleteBucketOwnershipControls: deleteBucketOwnershipControls,
  GetPublicAccessBlock: getPublicAccessBlock,
  PutPublicAccessBlock: putPublicAccessBlock,
  DeletePublicAccessBlock: deletePublicAccessBlock,
};
