import { S3Error } from '../../errors/s3-error.js';

const reservedPrefixes = ['xn--', 'sthree-', 'amzn-s3-demo-'];
const reservedSuffixes = ['-s3alias', '--ol-s3', '.mrap', '--x-s3', '--table-s3'];

/**
 * Checks the general-purpose bucket naming rules of Amazon S3: 3 to 63 characters of
 * lower-case letters, digits, dots and hyphens, starting and ending with a letter or digit,
 * no `..`, not shaped like an IP address, and none of the reserved prefixes or suffixes.
 */
export function checkBucketName(name: string): void {
  const problem = bucketNameProblem(name);
  if (problem !== undefined) {
    throw new S3Error('InvalidBucketName', `The specified bucket is not valid: ${problem}.`, { BucketName: name });
  }
}

function bucketNameProblem(name: string): string | undefined {
  if (name.length < 3 || name.length > 63) return 'a bucket name must be 3 to 63 characters long';
  if (!/^[a-z0-9.-]+$/.test(name)) return 'use only lower-case letters, digits, dots and hyphens';
  if (!/^[a-z0-9]/.test(name) || !/[a-z0-9]$/.test(name)) return 'a bucket name must start and end with a letter or digit';
  if (name.includes('..')) return 'a bucket name must not contain two adjacent dots';
  if (/^\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(name)) return 'a bucket name must not be formatted as an IP address';
  const prefix = reservedPrefixes.find((reserved) => name.startsWith(reserved));
  if (prefix !== undefined) return `the prefix '${prefix}' is reserved`;
  const suffix = reservedSuffixes.find((reserved) => name.endsWith(reserved));
  if (suffix !== undefined) return `the suffix '${suffix}' is reserved`;
  return undefined;
}
