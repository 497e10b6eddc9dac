/**
 * Query parameters of a presigned URL that must not reach a log or an error message: the
 * SigV4 signature, credential scope (it names the access key) and session token, and their
 * SigV2 counterparts.
 */
const secretParams = ['X-Amz-Signature', 'X-Amz-Credential', 'X-Amz-Security-Token', 'Signature', 'AWSAccessKeyId'];

const secretParamPattern = new RegExp(`([?&](?:${secretParams.join('|')})=)[^&#\\s"'<>]*`, 'gi');

/** Matches the password of `scheme://user:password@host`. */
const userinfoPattern = /(\b[a-z][a-z0-9+.-]*:\/\/[^/\s:@]*:)[^@/\s]*@/gi;

/**
 * Replaces the secret query parameters and any URL password in `text` with `REDACTED`.
 * It works on any text, so a whole message can pass through it, URLs and all.
 */
export function redactSecrets(text: string): string {
  return text.replace(secretParamPattern, '$1REDACTED').replace(userinfoPattern, '$1REDACTED@');
}
