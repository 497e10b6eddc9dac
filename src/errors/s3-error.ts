import { errorCodes, type ErrorCode } from './error-codes.js';

/**
 * An error that the server renders as an S3 XML error body. `details` become extra child
 * elements of `<Error>`, in order, the way S3 adds StringToSign, Expires or ArgumentName.
 */
export class S3Error extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly details: Record<string, string | number>;
  /** Extra response headers, such as `x-amz-bucket-region` or `Allow`. */
  readonly headers: Record<string, string>;

  constructor(
    code: ErrorCode,
    message?: string,
    details: Record<string, string | number> = {},
    headers: Record<string, string> = {},
  ) {
    super(message ?? errorCodes[code].message);
    this.name = 'S3Error';
    this.code = code;
    this.status = errorCodes[code].status;
    this.details = details;
    this.headers = headers;
  }
}

export function isS3Error(error: unknown): error is S3Error {
  return error instanceof S3Error;
}
