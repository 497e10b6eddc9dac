import { buildXml } from '../xml/xml.js';

/** The two AWS Query APIs served next to S3; each has its own XML namespace. */
export type QueryService = 'iam' | 'sts';

export const queryNamespaces: Record<QueryService, string> = {
  iam: 'https://iam.amazonaws.com/doc/2010-05-08/',
  sts: 'https://sts.amazonaws.com/doc/2011-06-15/',
};

/**
 * Error codes of the IAM and STS Query APIs with their HTTP status, from the service
 * models (botocore `iam/2010-05-08` and `sts/2011-06-15`) and the common Query API errors.
 */
export const queryErrorStatus = {
  AccessDenied: 403,
  DeleteConflict: 409,
  EntityAlreadyExists: 409,
  ExpiredToken: 400,
  IncompleteSignature: 400,
  InternalFailure: 500,
  InvalidAction: 400,
  InvalidClientTokenId: 403,
  InvalidInput: 400,
  InvalidParameterValue: 400,
  LimitExceeded: 409,
  MalformedPolicyDocument: 400,
  MissingAction: 400,
  MissingAuthenticationToken: 403,
  NoSuchEntity: 404,
  PackedPolicyTooLarge: 400,
  RequestExpired: 400,
  ServiceFailure: 500,
  SignatureDoesNotMatch: 403,
  ValidationError: 400,
} as const;

export type QueryErrorCode = keyof typeof queryErrorStatus;

/**
 * An IAM or STS error, sent as `<ErrorResponse><Error><Type>…<Code>…<Message>…</Error>
 * <RequestId>…</RequestId></ErrorResponse>` with the status of its code. `service` picks the
 * namespace; the STS handler sets it on errors raised by shared code.
 */
export class QueryApiError extends Error {
  readonly code: QueryErrorCode;
  readonly status: number;
  /** `Sender` for a client error, `Receiver` for a server fault, as the Query APIs report. */
  readonly type: 'Sender' | 'Receiver';
  service: QueryService;

  constructor(code: QueryErrorCode, message: string, service: QueryService = 'iam') {
    super(message);
    this.name = 'QueryApiError';
    this.code = code;
    this.status = queryErrorStatus[code];
    this.type = this.status >= 500 ? 'Receiver' : 'Sender';
    this.service = service;
  }

  /** Renders the error document of this error's service. */
  toXml(requestId: string): string {
    return buildXml(
      'ErrorResponse',
      { Error: { Type: this.type, Code: this.code, Message: this.message }, RequestId: requestId },
      queryNamespaces[this.service],
    );
  }
}

export function isQueryApiError(error: unknown): error is QueryApiError {
  return error instanceof QueryApiError;
}

/**
 * Converts anything a handler threw into the error to send: a QueryApiError as it is, and
 * anything else as the service's internal error, whose message reveals nothing. The caller
 * logs the original error.
 */
export function toQueryApiError(error: unknown, service: QueryService): QueryApiError {
  if (isQueryApiError(error)) return error;
  const code = service === 'iam' ? 'ServiceFailure' : 'InternalFailure';
  return new QueryApiError(code, 'The request processing has failed because of an unknown error.', service);
}
