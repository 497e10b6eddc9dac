import { S3Error } from '../../errors/s3-error.js';
import type { ErrorCode } from '../../errors/error-codes.js';
import { scopeTerminator, serviceName } from './constants.js';

/** The parsed `Credential` value: access key id and credential scope. */
export interface CredentialScope {
  accessKeyId: string;
  date: string;
  region: string;
  service: string;
  /** `DATE/REGION/SERVICE/aws4_request`, as it enters the string to sign. */
  scope: string;
}

/**
 * Parses `AKID/DATE/REGION/SERVICE/aws4_request` and checks each scope field against
 * the request date and this server. `errorCode` is AuthorizationHeaderMalformed for header
 * auth and AuthorizationQueryParametersError for presigned URLs, as in S3.
 */
export function parseCredentialScope(
  credential: string,
  amzDate: string,
  serverRegion: string,
  errorCode: Extract<ErrorCode, 'AuthorizationHeaderMalformed' | 'AuthorizationQueryParametersError'>,
  expectedService = serviceName,
): CredentialScope {
  const fields = credential.split('/');
  if (fields.length !== 5 || fields.some((field) => field === '')) {
    throw new S3Error(
      errorCode,
      `The credential ${JSON.stringify(credential.slice(0, 200))} is malformed; expected "<YOUR-AKID>/YYYYMMDD/REGION/SERVICE/aws4_request".`,
    );
  }
  const [accessKeyId, date, region, service, terminator] = fields as [string, string, string, string, string];
  // S3 opens these messages with the part of the request that carries the credential.
  const messagePrefix =
    errorCode === 'AuthorizationHeaderMalformed'
      ? 'The authorization header is malformed'
      : 'Error parsing the X-Amz-Credential parameter';
  if (!/^\d{8}$/.test(date)) {
    throw new S3Error(errorCode, `The credential date ${JSON.stringify(date)} is not in the format YYYYMMDD.`);
  }
  if (date !== amzDate.slice(0, 8)) {
    throw new S3Error(
      errorCode,
      `Invalid credential date "${date}". This date is not the same as X-Amz-Date: "${amzDate.slice(0, 8)}".`,
    );
  }
  if (region !== serverRegion) {
    throw new S3Error(
      errorCode,
      `${messagePrefix}; the region '${region}' is wrong; expecting '${serverRegion}'`,
      { Region: serverRegion },
    );
  }
  if (service !== expectedService) {
    throw new S3Error(
      errorCode,
      `${messagePrefix}; incorrect service "${service}". This endpoint belongs to "${expectedService}".`,
    );
  }
  if (terminator !== scopeTerminator) {
    throw new S3Error(
      errorCode,
      `${messagePrefix}; incorrect terminal "${terminator}". This endpoint uses "${scopeTerminator}".`,
    );
  }
  return { accessKeyId, date, region, service, scope: `${date}/${region}/${service}/${terminator}` };
}

/** Parses `YYYYMMDDTHHMMSSZ`; returns undefined when the text is not such a date. */
export function parseAmzDate(value: string): Date | undefined {
  // Every signed request parses its date, so this reads digits directly rather than
  // through a regular expression and its match array.
  if (value.length !== 16 || value.charCodeAt(8) !== 0x54 || value.charCodeAt(15) !== 0x5a) return undefined;
  const year = digits(value, 0, 4);
  const month = digits(value, 4, 6);
  const day = digits(value, 6, 8);
  const hour = digits(value, 9, 11);
  const minute = digits(value, 11, 13);
  const second = digits(value, 13, 15);
  if (year < 0 || month < 0 || day < 0 || hour < 0 || minute < 0 || second < 0) return undefined;
  const date = new Date(Date.UTC(year, month - 1, day, hour, minute, second));
  if (date.getUTCDate() !== day || date.getUTCMonth() !== month - 1) return undefined;
  // Date.UTC rolls 24:00 or 60 seconds over into the next unit; S3 rejects them.
  if (date.getUTCHours() !== hour || date.getUTCMinutes() !== minute || date.getUTCSeconds() !== second) return undefined;
  return date;
}

/** Returns the decimal number in `value[start, end)`, or -1 when a character is not a digit. */
function digits(value: string, start: number, end: number): number {
  let result = 0;
  for (let i = start; i < end; i += 1) {
    const code = value.charCodeAt(i) - 0x30;
    if (code < 0 || code > 9) return -1;
    result = result * 10 + code;
  }
  return result;
}

/** Formats a date as `YYYYMMDDTHHMMSSZ`. */
export function formatAmzDate(date: Date): string {
  return date.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}
