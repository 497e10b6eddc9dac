import { AssertionError } from 'node:assert';

/** The parts of a JS SDK v3 service error the tests look at. */
export interface SdkError {
  name: string;
  message: string;
  status: number | undefined;
  requestId: string | undefined;
  /** Headers of the raw response, lower-case names. */
  headers: Record<string, string>;
  /** Fields the SDK parsed from the error body (Code, RequestId, BucketName, ...). */
  fields: Record<string, unknown>;
}

/**
 * Awaits a promise that must reject with an SDK service error and returns that error's
 * parts. A fulfilled promise or any other error fails the test with the value received.
 */
export async function sdkError(promise: Promise<unknown>): Promise<SdkError> {
  let value: unknown;
  try {
    value = await promise;
  } catch (error) {
    const candidate = error as {
      name?: string;
      message?: string;
      $metadata?: { httpStatusCode?: number; requestId?: string };
      $response?: { headers?: Record<string, string> };
    };
    if (candidate.$metadata === undefined) throw error;
    return {
      name: String(candidate.name),
      message: String(candidate.message),
      status: candidate.$metadata.httpStatusCode,
      requestId: candidate.$metadata.requestId,
      headers: candidate.$response?.headers ?? {},
      fields: error as Record<string, unknown>,
    };
  }
  throw new AssertionError({
    message: `expected the request to fail, but it succeeded with ${describe(value)}`,
  });
}

function describe(value: unknown): string {
  try {
    const text = JSON.stringify(value, (key, item: unknown) => (key === 'Body' ? '<body>' : item));
    return text.length > 500 ? `${text.slice(0, 500)}...` : text;
  } catch {
    return String(value);
  }
}
