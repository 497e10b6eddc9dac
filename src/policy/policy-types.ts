/**
 * The normalised form of a policy in the AWS access policy language, as `parsePolicy` returns
 * it. Names follow the "IAM JSON policy elements reference" of the IAM User Guide.
 */

/**
 * Where a policy is attached, which decides the elements it must and must not have:
 * `resource` is a bucket policy (Principal required, errors are S3's `MalformedPolicy`),
 * `identity` is a user, group or role policy (no Principal, errors are IAM's
 * `MalformedPolicyDocument`), and `trust` is a role trust policy (Principal required, no
 * Resource, only `sts:` actions).
 */
export type PolicyKind = 'resource' | 'identity' | 'trust';

/** The two values of the Version element that IAM and S3 accept. */
export type PolicyVersion = '2012-10-17' | '2008-10-17';

export type Effect = 'Allow' | 'Deny';

/**
 * One piece of a string from the policy. Text comes from the policy as written, so `*` and
 * `?` in it are wildcards where the element allows them. A literal is never a wildcard: it
 * comes from `${*}`, `${?}` and `${$}`. A variable is replaced by a request context value
 * when the policy is evaluated.
 */
export type TemplatePart =
  | { readonly type: 'text'; readonly value: string }
  | { readonly type: 'literal'; readonly value: string }
  | {
      readonly type: 'variable';
      /** Condition key, lowercased because key names are case-insensitive. */
      readonly key: string;
      /** Value used when the key has no value, from `${key, 'default'}`. */
      readonly defaultValue: string | undefined;
    };

/**
 * A string element value. Policies without Version `2012-10-17` have no variables, so
 * their templates contain a single text part.
 */
export interface Template {
  /** The value exactly as written in the policy. */
  readonly source: string;
  readonly parts: readonly TemplatePart[];
}

/** An AWS principal named by ARN or account id, reduced to the parts that matching uses. */
export type AwsPrincipal =
  | { readonly type: 'account'; readonly accountId: string; readonly source: string }
  | { readonly type: 'user'; readonly accountId: string; readonly name: string; readonly source: string }
  | { readonly type: 'role'; readonly accountId: string; readonly name: string; readonly source: string }
  | {
      readonly type: 'assumed-role';
      readonly accountId: string;
      readonly roleName: string;
      readonly sessionName: string;
      readonly source: string;
    }
  | { readonly type: 'federated-user'; readonly accountId: string; readonly name: string; readonly source: string };

/** A Principal or NotPrincipal element. */
export interface PrincipalElement {
  /** True for NotPrincipal. */
  readonly negated: boolean;
  /** `"*"` or `{"AWS": "*"}`: every principal, anonymous requests included. */
  readonly everyone: boolean;
  readonly aws: readonly AwsPrincipal[];
  /** Canonical user ids, lowercased. */
  readonly canonicalUsers: readonly string[];
  /** Service principals; accepted in the policy but never matched by a request. */
  readonly services: readonly string[];
  /** Federated principals of trust policies; never matched by a request. */
  readonly federated: readonly string[];
}

/** An Action or NotAction element. */
export interface ActionElement {
  readonly negated: boolean;
  /** Action patterns lowercased, because action names are case-insensitive. */
  readonly patterns: readonly string[];
}

/** A Resource or NotResource element. */
export interface ResourceElement {
  readonly negated: boolean;
  readonly patterns: readonly Template[];
}

/** The comparison that a condition operator performs, without qualifier and suffix. */
export type BaseOperator =
  | 'StringEquals'
  | 'StringNotEquals'
  | 'StringEqualsIgnoreCase'
  | 'StringNotEqualsIgnoreCase'
  | 'StringLike'
  | 'StringNotLike'
  | 'NumericEquals'
  | 'NumericNotEquals'
  | 'NumericLessThan'
  | 'NumericLessThanEquals'
  | 'NumericGreaterThan'
  | 'NumericGreaterThanEquals'
  | 'DateEquals'
  | 'DateNotEquals'
  | 'DateLessThan'
  | 'DateLessThanEquals'
  | 'DateGreaterThan'
  | 'DateGreaterThanEquals'
  | 'Bool'
  | 'BinaryEquals'
  | 'IpAddress'
  | 'NotIpAddress'
  | 'ArnEquals'
  | 'ArnLike'
  | 'ArnNotEquals'
  | 'ArnNotLike'
  | 'Null';

/** `ForAnyValue:` or `ForAllValues:` in front of an operator name. */
export type SetQualifier = 'ForAnyValue' | 'ForAllValues';

/** One key of one operator in a Condition element, with its values. */
export interface ConditionClause {
  /** The operator name as written, such as `ForAllValues:StringLikeIfExists`. */
  readonly operatorName: string;
  readonly operator: BaseOperator;
  readonly qualifier: SetQualifier | undefined;
  readonly ifExists: boolean;
  /** The condition key lowercased, because key names are case-insensitive. */
  readonly key: string;
  /** The condition key as written. */
  readonly keyName: string;
  /** Values, ORed; JSON numbers and booleans are kept as their text. */
  readonly values: readonly Template[];
}

export interface Statement {
  /** Position in the Statement array, from 0; a single statement object has index 0. */
  readonly index: number;
  readonly sid: string | undefined;
  readonly effect: Effect;
  /** Principal or NotPrincipal; absent in identity policies. */
  readonly principal: PrincipalElement | undefined;
  readonly action: ActionElement;
  /** Resource or NotResource; absent in trust policies, which apply to the role itself. */
  readonly resource: ResourceElement | undefined;
  /** Clauses of the Condition element, ANDed; empty without a Condition element. */
  readonly conditions: readonly ConditionClause[];
}

export interface Policy {
  readonly kind: PolicyKind;
  /** Undefined when the policy has no Version element, which IAM treats as `2008-10-17`. */
  readonly version: PolicyVersion | undefined;
  readonly id: string | undefined;
  readonly statements: readonly Statement[];
}
