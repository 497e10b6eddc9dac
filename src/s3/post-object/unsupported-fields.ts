import { S3Error } from '../../errors/s3-error.js';
import type { FormFields } from './form-fields.js';

/**
 * Form fields for features Coffer lacks, by name prefix. PutObject rejects the matching headers
 * for the same reason: storing a plaintext or untagged object for a form that asked otherwise
 * would report success for something else.
 */
const unsupportedFields: ReadonlyArray<[prefix: string, feature: string]> = [
  ['x-amz-server-side-encryption', 'Server-side encryption'],
  ['x-amz-object-lock-', 'Object Lock'],
  ['tagging', 'Object tagging'],
];

/** Raises NotImplemented for a form that requests a feature Coffer lacks. */
export function rejectUnsupportedFields(fields: FormFields): void {
  for (const { name, lowerName } of fields.entries()) {
    const unsupported = unsupportedFields.find(([prefix]) => lowerName.startsWith(prefix));
    if (unsupported !== undefined) {
      throw new S3Error('NotImplemented', `${unsupported[1]} (form field ${name}) is not implemented by this server.`);
    }
  }
  const storageClass = fields.get('x-amz-storage-class');
  if (storageClass !== undefined && storageClass !== 'STANDARD') {
    throw new S3Error('NotImplemented', `Storage class ${storageClass} is not implemented by this server; only STANDARD is.`);
  }
}
