import { S3Error } from '../errors/s3-error.js';
import type { OperationName } from './operations.js';

type MethodOperations = Readonly<Partial<Record<string, OperationName>>>;

/** The access-control sub-resources of a bucket and the operation each method selects. */
const bucketSubresources: Readonly<Record<string, MethodOperations>> = {
  acl: { GET: 'GetBucketAcl', PUT: 'PutBucketAcl' },
  policy: { GET: 'GetBucketPolicy', PUT: 'PutBucketPolicy', DELETE: 'DeleteBucketPolicy' },
  ownershipControls: {
    GET: 'GetBucketOwnershipControls',
    PUT: 'PutBucketOwnershipControls',
    DELETE: 'DeleteBucketOwnershipControls',
  },
  publicAccessBlock: { GET: 'GetPublicAccessBlock', PUT: 'PutPublicAccessBlock', DELETE: 'DeletePublicAccessBlock' },
};

/** The access-control sub-resources of an object. */
const objectSubresources: Readonly<Record<string, MethodOperations>> = {
  acl: { GET: 'GetObjectAcl', PUT: 'PutObjectAcl' },
};

/**
 * Selects the ACL, bucket policy, ownership controls or Block Public Access operation a
 * request names, or `undefined` when it names none of these sub-resources. A method the
 * sub-resource does not serve gets MethodNotAllowed rather than falling through to the plain
 * operation, so that `DELETE ?acl` can never delete the bucket or object itself.
 */
export function selectAccessOperation(
  method: string,
  key: string | undefined,
  query: Map<string, string>,
): OperationName | undefined {
  const subresource = Object.keys(bucketSubresources).find((name) => query.has(name));
  if (subresource === undefined) return undefined;
  if (key !== undefined && !Object.hasOwn(objectSubresources, subresource)) {
    throw new S3Error('NotImplemented', `The '${subresource}' sub-resource applies to buckets, not to objects.`);
  }
  const operations = (key === undefined ? bucketSubresources : objectSubresources)[subresource]!;
  const operation = operations[method];
  if (operation === undefined) {
    throw new S3Error('MethodNotAllowed', undefined, {
      Method: method,
      ResourceType: key === undefined ? 'BUCKET' : 'OBJECT',
    });
  }
  return operation;
}
