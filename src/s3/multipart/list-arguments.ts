import { S3Error } from '../../errors/s3-error.js';
import { maxListEntries } from './multipart-limits.js';

const maxIntegerArgument = 2147483647;

/**
 * Reads `max-parts` or `max-uploads`: an integer from 0 to 2^31-1, 1000 when absent.
 * Returns the value echoed in the response and the page size, capped at 1000 as in S3.
 */
export function readMaxEntries(name: 'max-parts' | 'max-uploads', value: string | undefined): {
  requested: number;
  pageSize: number;
} {
  if (value === undefined) return { requested: maxListEntries, pageSize: maxListEntries };
  const requested = readIntegerArgument(name, value);
  return { requested, pageSize: Math.min(requested, maxListEntries) };
}

/** Reads `part-number-marker`: an integer from 0 up, 0 when absent. */
export function readPartNumberMarker(value: string | undefined): number {
  if (value === undefined || value === '') return 0;
  return readIntegerArgument('part-number-marker', value);
}

function readIntegerArgument(name: string, value: string): number {
  const text = value.trim();
  if (/^-\d+$/.test(text)) {
    throw new S3Error('InvalidArgument', `Argument ${name} must be an integer between 0 and ${maxIntegerArgument}`, {
      ArgumentName: name,
      ArgumentValue: value,
    });
  }
  const parsed = /^\d{1,10}$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isInteger(parsed) || parsed > maxIntegerArgument) {
    throw new S3Error('InvalidArgument', `Provided ${name} not an integer or within integer range`, {
      ArgumentName: name,
      ArgumentValue: value,
    });
  }
  return parsed;
}
