import { isAllowed } from '../../access/authorize.js';
import { loadBucketAccess } from '../../access/bucket-access.js';
import { requiredPermissions } from '../../policy/index.js';
import { isCannedAclName } from '../../acl/canned-acl.js';
import { checksumHeaderName } from '../../checksum/checksum-algorithms.js';
import { S3Error } from '../../errors/s3-error.js';
import { checkKey } from '../../http/addressing.js';
import { headerValue } from '../../http/header-value.js';
import type { Identity, RequestContext } from '../../http/request-context.js';
import type { BucketRecord, ObjectRecord } from '../../metadata/metadata-store.js';
import { readChecksumRequest } from '../common/checksum-request.js';
import { requireBucket } from '../common/require.js';
import { payloadSegments } from '../common/write-payload.js';
import { commitObject } from '../object/commit-object.js';
import { newObjectAccess, type NewObjectAccess } from '../object/new-object-access.js';
import { readObjectMetadata } from '../object/object-headers.js';
import { maxSinglePutBytes } from '../object/put-object.js';
import { readFormSignature, requireField, verifyFormSignature } from './form-authentication.js';
import { FormFields, uploadedFileName } from './form-fields.js';
import { receiveForm, type SubmittedForm } from './form-reader.js';
import { encodeHeaderValue } from './header-encoding.js';
import { checkPostPolicy, type PolicyInput } from './policy-conditions.js';
import { parsePostPolicy } from './policy-document.js';
import { sendPostResult } from './post-response.js';
import { storeFile, type StoredFile } from './store-file.js';
import { rejectUnsupportedFields } from './unsupported-fields.js';

/** Fields no policy condition has to name: the signature, the policy, the file itself. */
const unconditionedFields = new Set(['policy', 'x-amz-signature', 'awsaccesskeyid', 'signature', 'file']);

/** An upload read to its end and checked, not yet committed. */
interface PreparedUpload {
  key: string;
  identity: Identity;
  fields: FormFields;
  metadata: { headers: Record<string, string>; userMetadata: Record<string, string> };
  /** The owner and ACL (from the `acl` field) the object gets. */
  access: NewObjectAccess;
  file: StoredFile;
}

/**
 * PostObject (POST on a bucket with a multipart/form-data body): a browser upload authorized by
 * a signed POST policy instead of a signed request. The form is read as a stream. When the file
 * begins, the signature, the policy and its conditions are checked, then the file streams to a
 * new blob, or stays in memory when it is small enough to inline. The object is committed as
 * PutObject commits it, only once the whole body has been read, so a refused or interrupted
 * upload leaves the current object as it was.
 */
export async function postObject(ctx: RequestContext): Promise<void> {
  const contentType = headerValue(ctx.req.headers, 'content-type') ?? '';
  if (!/^multipart\/form-data\s*(;|$)/i.test(contentType)) {
    throw new S3Error('PreconditionFailed', undefined, {
      Condition: 'Bucket POST must be of the enclosure-type multipart/form-data',
    });
  }
  const bucket = await requireBucket(ctx);
  const upload = await receiveForm(
    ctx,
    contentType,
    (form) => prepareUpload(ctx, bucket, form),
    async (prepared) => {
      await prepared.file.writer?.discard();
    },
  );
  const { file, key } = upload;
  const object: ObjectRecord = {
    bucket: bucket.name,
    key,
    size: file.size,
    etag: `"${file.md5Hex}"`,
    lastModified: new Date(),
    ownerId: upload.access.ownerId,
    acl: upload.access.acl,
    headers: upload.metadata.headers,
    userMetadata: upload.metadata.userMetadata,
    checksum: file.checksum,
    partSizes: [],
    segments: payloadSegments(file),
  };
  await commitObject(ctx, file.writer, object, undefined);

  const headers: Record<string, string> = {};
  if (object.checksum !== undefined) {
    headers[checksumHeaderName(object.checksum.algorithm)] = object.checksum.value;
    headers['x-amz-checksum-type'] = object.checksum.type;
  }
  sendPostResult(ctx, {
    bucket: bucket.name,
    key,
    etag: object.etag,
    redirect: upload.fields.get('success_action_redirect') ?? upload.fields.get('redirect'),
    status: upload.fields.get('success_action_status'),
    headers,
  });
}

/**
 * Runs when the file part begins: checks the form in S3's order (signing fields present, key
 * present, signature, policy, conditions), then reads the file into a blob or memory.
 */
async function prepareUpload(ctx: RequestContext, bucket: BucketRecord, form: SubmittedForm): Promise<PreparedUpload> {
  const fields = new FormFields(form.fields).withFilename(uploadedFileName(form.file.filename));
  const signature = readFormSignature(fields);
  const key = requireField(fields, 'key');
  // Anonymous uploads need a bucket that grants writes to everyone, which Coffer does not have yet.
  if (signature === undefined) throw new S3Error('AccessDenied');
  const identity = await verifyFormSignature(ctx, signature, fields);
  ctx.identity = identity;
  ctx.authType = 'form';

  const range = checkPostPolicy(parsePostPolicy(signature.fields.policy), policyInputs(fields, bucket.name), new Date());
  checkObjectKey(key);
  const acl = fields.get('acl');
  await authorizeFormUpload(ctx, bucket.name, key, acl !== undefined);
  rejectUnsupportedFields(fields);
  if (acl !== undefined && !isCannedAclName(acl)) {
    throw new S3Error('InvalidArgument', `The canned ACL ${JSON.stringify(acl)} is not valid.`, {
      ArgumentName: 'acl',
      ArgumentValue: acl,
    });
  }
  const access = await newObjectAccess(ctx, bucket.name, acl === undefined ? {} : { 'x-amz-acl': acl });
  const metadata = readFormMetadata(fields);
  const file = await storeFile(ctx, form.file.stream, {
    maxSize: maxSinglePutBytes,
    range,
    contentMd5: fields.get('content-md5'),
    checksum: readChecksumRequest(fields.asHeaders()),
  });
  return { key, identity, fields, metadata, access, file };
}

/**
 * Decides the upload as any signed request: the signer needs s3:PutObject on the key, from
 * a policy or an ACL, and s3:PutObjectAcl too when the form sets an `acl`. Conditions on
 * s3:authType see `POST`.
 */
async function authorizeFormUpload(ctx: RequestContext, bucket: string, key: string, setsAcl: boolean): Promise<void> {
  const access = await loadBucketAccess(ctx, bucket);
  for (const permission of requiredPermissions('PostObject', { bucket, key, setsAcl })) {
    if (!(await isAllowed(ctx, 'PostObject', permission, access, undefined))) throw new S3Error('AccessDenied');
  }
}

/**
 * Returns the inputs the policy must cover: every field but the exempt ones and `x-ignore-*`,
 * and the bucket, which the URL names and which S3 requires a condition for.
 */
function policyInputs(fields: FormFields, bucket: string): Map<string, PolicyInput> {
  const inputs = new Map<string, PolicyInput>();
  for (const { name, lowerName, value } of fields.entries()) {
    if (unconditionedFields.has(lowerName) || lowerName.startsWith('x-ignore-')) continue;
    inputs.set(lowerName, { name, value });
  }
  inputs.set('bucket', { name: inputs.get('bucket')?.name ?? 'bucket', value: bucket });
  return inputs;
}

function checkObjectKey(key: string): void {
  if (key === '') {
    throw new S3Error('InvalidArgument', 'User key must have a length greater than 0.', { ArgumentName: 'key', ArgumentValue: key });
  }
  checkKey(key);
}

/**
 * Reads the object's system and user metadata from the form's fields, as PutObject reads
 * headers. Values outside printable ASCII are stored RFC 2047-encoded, as S3 does for forms.
 */
function readFormMetadata(fields: FormFields): PreparedUpload['metadata'] {
  for (const { name, lowerName } of fields.entries()) {
    if (lowerName.startsWith('x-amz-meta-') && !/^[!#$%&'*+.^_`|~0-9a-z-]+$/.test(lowerName)) {
      throw new S3Error('InvalidArgument', `The metadata name ${JSON.stringify(name)} is not a valid HTTP header name.`, {
        ArgumentName: name,
      });
    }
  }
  const metadata = readObjectMetadata(fields.asHeaders());
  const encode = (values: Record<string, string>): Record<string, string> =>
    Object.fromEntries(Object.entries(values).map(([name, value]) => [name, encodeHeaderValue(value)]));
  return { headers: encode(metadata.headers), userMetadata: encode(metadata.userMetadata) };
}
