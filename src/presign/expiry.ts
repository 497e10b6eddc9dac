import { maxPresignedExpirySeconds } from '../auth/sigv4/constants.js';

/** `X-Amz-Expires` when the caller gives none: one hour, as aws-cli and boto3. */
export const defaultExpiresIn = 3600;
/** Minimum validity S3 accepts, in seconds. */
export const minExpiresIn = 1;
/** Maximum validity S3 accepts: seven days, in seconds. */
export const maxExpiresIn = maxPresignedExpirySeconds;

/**
 * Checks `X-Amz-Expires`. S3 refuses a URL outside 1..604800 seconds when it is used, so the
 * mistake is reported here, while signing, with the limit in the message.
 */
export function checkExpiresIn(expiresIn: number | undefined): number {
  if (expiresIn === undefined) return defaultExpiresIn;
  if (!Number.isInteger(expiresIn) || expiresIn < minExpiresIn || expiresIn > maxExpiresIn) {
    throw new RangeError(
      `expiresIn must be a whole number of seconds from ${minExpiresIn} to ${maxExpiresIn} (7 days); got ${String(expiresIn)}.`,
    );
  }
  return expiresIn;
}
