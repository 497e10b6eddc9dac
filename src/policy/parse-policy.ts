/**
 * Parsing and validation of a whole policy document, rejecting what S3 (bucket policies) and
 * IAM (identity and trust policies) reject, with a message that names the fault.
 */

import { S3Error } from '../errors/s3-error.js';
import { isJsonObject, JsonSyntaxError, readJson, type JsonDocument, type JsonValue } from './json-reader.js';
import { parseStatement, type StatementParseOptions } from './parse-statement.js';
import { malformedPolicy, quoteValue } from './policy-errors.js';
import { firstCharacterOutsideIamRange, policySizeLimits } from './policy-size.js';
import type { Policy, PolicyKind, PolicyVersion, Statement } from './policy-types.js';

export interface ParsePolicyOptions extends StatementParseOptions {
  /**
   * Maximum size without whitespace: bytes for a bucket policy, characters otherwise.
   * Defaults: 20 KB for a bucket policy, 6,144 for an identity policy (a managed policy),
   * 2,048 for a trust policy. `policySizeLimits` lists the other IAM quotas.
   */
  readonly maxSize?: number;
}

const policyFields = new Set(['Version', 'Id', 'Statement']);
const versions: readonly PolicyVersion[] = ['2012-10-17', '2008-10-17'];

function defaultMaxSize(kind: PolicyKind): number {
  if (kind === 'resource') return policySizeLimits.bucketPolicy;
  return kind === 'identity' ? policySizeLimits.managedPolicy : policySizeLimits.roleTrustPolicy;
}

function readDocument(text: string, kind: PolicyKind): JsonDocument {
  if (kind !== 'resource') {
    const outside = firstCharacterOutsideIamRange(text);
    if (outside !== undefined) {
      const code = outside.character.codePointAt(0)?.toString(16).toUpperCase().padStart(4, '0');
      throw malformedPolicy(
        kind,
        `Policy document contains the character U+${code} at offset ${outside.index}; IAM accepts only tab, line feed, carriage return and U+0020 to U+00FF`,
      );
    }
  }
  if (!text.trimStart().startsWith('{')) {
    throw malformedPolicy(kind, "Policies must be valid JSON and the first byte must be '{'");
  }
  try {
    return readJson(text);
  } catch (error) {
    if (error instanceof JsonSyntaxError) throw malformedPolicy(kind, `This policy contains invalid Json: ${error.message}`);
    throw error;
  }
}

function checkSize(document: JsonDocument, kind: PolicyKind, maxSize: number): void {
  if (kind === 'resource') {
    if (document.compactBytes > maxSize) {
      throw malformedPolicy(
        kind,
        `Policy is ${document.compactBytes} bytes without whitespace, which exceeds the maximum size of ${maxSize} bytes`,
      );
    }
    return;
  }
  // IAM reports an oversized document as LimitExceeded (409), not as a malformed one.
  if (document.compactLength > maxSize) throw new S3Error('LimitExceeded', `Cannot exceed quota for PolicySize: ${maxSize}`);
}

function parseVersion(value: JsonValue | undefined, kind: PolicyKind): PolicyVersion | undefined {
  if (value === undefined) return undefined;
  const version = versions.find((known) => known === value);
  if (version === undefined) {
    throw malformedPolicy(
      kind,
      `The policy must contain a valid version string: ${quoteValue(value)} is neither 2012-10-17 nor 2008-10-17`,
    );
  }
  return version;
}

/**
 * Parses and validates a policy document.
 *
 * @param text - the policy document as sent, JSON.
 * @param kind - `resource` for a bucket policy, `identity` for a user, group or role policy,
 *   `trust` for a role trust policy.
 * @param options - `bucket` names the bucket of a bucket policy, so that Resource entries
 *   outside it are rejected; `principalExists` rejects principals that do not exist;
 *   `maxSize` overrides the size quota.
 * @returns the normalised policy.
 * @throws S3Error `MalformedPolicy` (bucket policies) or `MalformedPolicyDocument` (identity
 *   and trust policies), 400, whose message names the fault; `LimitExceeded` (409) for an
 *   identity or trust policy over its size quota.
 */
export function parsePolicy(text: string, kind: PolicyKind, options: ParsePolicyOptions = {}): Policy {
  const document = readDocument(text, kind);
  checkSize(document, kind, options.maxSize ?? defaultMaxSize(kind));
  const root = document.value;
  if (!isJsonObject(root)) throw malformedPolicy(kind, "Policies must be valid JSON and the first byte must be '{'");
  for (const name of root.members.keys()) {
    if (!policyFields.has(name)) throw malformedPolicy(kind, `Unknown field ${name}`);
  }

  const version = parseVersion(root.members.get('Version'), kind);
  const id = root.members.get('Id');
  if (id !== undefined && typeof id !== 'string') throw malformedPolicy(kind, `Id must be a string: ${quoteValue(id)}`);

  const statementValue = root.members.get('Statement');
  if (statementValue === undefined) throw malformedPolicy(kind, 'Missing required field Statement');
  const statementValues = Array.isArray(statementValue) ? statementValue : [statementValue];
  if (statementValues.length === 0) throw malformedPolicy(kind, 'Could not parse the policy: Statement is empty!');

  // Policy variables exist only from Version 2012-10-17 ("IAM JSON policy elements: Version").
  const variables = version === '2012-10-17';
  const statements = statementValues.map((value, index) => parseStatement(value, index, kind, variables, options));
  checkUniqueSids(statements, kind);
  return { kind, version, id, statements };
}

/** "In IAM, the Sid value must be unique within a JSON policy" ("IAM JSON policy elements: Sid"). */
function checkUniqueSids(statements: readonly Statement[], kind: PolicyKind): void {
  const seen = new Set<string>();
  for (const { sid } of statements) {
    if (sid === undefined || sid === '') continue;
    if (seen.has(sid)) {
      throw malformedPolicy(kind, `Statement IDs (SID) in a single policy must be unique. Duplicate Sid: ${quoteValue(sid)}`);
    }
    seen.add(sid);
  }
}
