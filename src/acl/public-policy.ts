/**
 * Decides whether a bucket policy is public, following "The meaning of public" on the S3 User
 * Guide page "Blocking public access to your Amazon S3 storage". S3 starts from "public". It
 * calls a policy non-public only when every Allow statement grants access to fixed values of
 * a principal or of one of the narrowing condition keys. A fixed value has no wildcard and no
 * policy variable.
 */

type JsonObject = Record<string, unknown>;

/**
 * Returns whether a bucket policy, as JSON text or as a parsed document, is public. A
 * document that cannot be read as a policy counts as public, so a check built on this
 * function fails closed.
 */
export function isPublicPolicy(policy: unknown): boolean {
  const document = typeof policy === 'string' ? parseJson(policy) : policy;
  if (!isJsonObject(document)) return true;
  const statements = document.Statement;
  const list = Array.isArray(statements) ? statements : [statements];
  return list.some(isPublicStatement);
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** Deny statements never make a policy public; an Allow statement does unless something fixed narrows it. */
function isPublicStatement(statement: unknown): boolean {
  if (!isJsonObject(statement)) return true;
  if (statement.Effect === 'Deny') return false;
  // NotPrincipal with Allow grants to everyone except the listed principals.
  const principalIsFixed = statement.NotPrincipal === undefined && isFixedPrincipal(statement.Principal);
  return !principalIsFixed && !hasNarrowingCondition(statement.Condition);
}

/**
 * Returns whether a Principal names only fixed AWS accounts, users, roles, service principals
 * or canonical users. `"*"`, `{"AWS": "*"}` and any Federated principal are public: the
 * page lists `{"Principal": {"Federated": "graph.facebook.com"}}` among its public examples.
 */
function isFixedPrincipal(principal: unknown): boolean {
  if (typeof principal === 'string') return isFixedValue(principal);
  if (!isJsonObject(principal) || Object.keys(principal).length === 0) return false;
  return Object.entries(principal).every(
    ([kind, values]) => ['AWS', 'Service', 'CanonicalUser'].includes(kind) && allValues(values, isFixedValue),
  );
}

/**
 * Condition keys that make a statement non-public when they hold fixed values. The list is
 * the page's, with aws:PrincipalAccount and aws:PrincipalArn added beside its example
 * aws:PrincipalOrgID, because they fix the principal the same way.
 */
const narrowingKeys: Record<string, (value: string) => boolean> = {
  'aws:principalorgid': isFixedValue,
  'aws:principalaccount': isFixedValue,
  'aws:principalarn': isFixedValue,
  'aws:sourceip': isNarrowSourceIp,
  'aws:sourcearn': isFixedValue,
  'aws:sourcevpc': isFixedValue,
  'aws:sourcevpce': isFixedValue,
  'aws:sourceowner': isFixedValue,
  'aws:sourceaccount': isFixedValue,
  's3:x-amz-server-side-encryption-aws-kms-key-id': isFixedValue,
  // NOTE: the page exempts aws:userid values "outside the pattern AROLEID:*"; a role id with a
  // wildcard session name is treated as public here, which is the stricter reading.
  'aws:userid': isFixedValue,
  's3:dataaccesspointarn': isFixedAccessPointArn,
  's3:dataaccesspointaccount': isFixedValue,
};

/**
 * Operators that only match the listed values. Negated operators, `…IfExists` (true when
 * the key is absent, as it is for anonymous requests), `Null` and `ForAllValues:` (true for
 * an empty set) let other requesters through, so they narrow nothing.
 */
const narrowingOperators = new Set([
  'StringEquals',
  'StringEqualsIgnoreCase',
  'StringLike',
  'ArnEquals',
  'ArnLike',
  'IpAddress',
]);

function hasNarrowingCondition(condition: unknown): boolean {
  if (!isJsonObject(condition)) return false;
  return Object.entries(condition).some(([operator, clauses]) => {
    const baseOperator = operator.startsWith('ForAnyValue:') ? operator.slice('ForAnyValue:'.length) : operator;
    if (!narrowingOperators.has(baseOperator) || !isJsonObject(clauses)) return false;
    return Object.entries(clauses).some(([key, values]) => {
      const isNarrow = narrowingKeys[key.toLowerCase()];
      return isNarrow !== undefined && allValues(values, isNarrow);
    });
  });
}

/** Returns whether a value has no wildcard (`*`, `?`) and no policy variable (`${…}`). */
function isFixedValue(value: string): boolean {
  return value !== '' && !/[*?]/.test(value) && !value.includes('${');
}

/**
 * Returns whether an aws:SourceIp range is no broader than /8 for IPv4 or /32 for IPv6,
 * because the page counts broader ranges as public. Its exception for RFC 1918 ranges changes
 * nothing here, because those ranges are /8 or narrower.
 */
function isNarrowSourceIp(value: string): boolean {
  if (!isFixedValue(value)) return false;
  const [address, prefix] = value.split('/');
  if (prefix === undefined) return true;
  if (!/^\d{1,3}$/.test(prefix)) return false;
  const minimumPrefix = address!.includes(':') ? 32 : 8;
  return Number(prefix) >= minimumPrefix;
}

/**
 * Returns whether an access point ARN has a fixed account. The page allows a wildcard in the
 * access point name, as in `arn:aws:s3:us-west-2:123456789012:accesspoint/*`, "as long as the
 * account id is fixed".
 */
function isFixedAccessPointArn(value: string): boolean {
  const marker = ':accesspoint/';
  const split = value.indexOf(marker);
  if (split === -1) return isFixedValue(value);
  const head = value.slice(0, split);
  return isFixedValue(head) && /^arn:[^:]+:s3:[^:]*:\d{12}$/.test(head);
}

function allValues(values: unknown, test: (value: string) => boolean): boolean {
  const list = Array.isArray(values) ? values : [values];
  return list.length > 0 && list.every((value) => typeof value === 'string' && test(value));
}

function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
