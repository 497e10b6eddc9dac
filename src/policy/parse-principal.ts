/**
 * The Principal and NotPrincipal elements ("AWS JSON policy elements: Principal", IAM User
 * Guide): `"*"`, or an object whose `AWS`, `CanonicalUser`, `Service` (and, in trust
 * policies, `Federated`) members hold one value or an array of values. Principals are named
 * exactly: "You cannot use a wildcard to match part of a principal name or ARN."
 */

import { isJsonObject, type JsonValue } from './json-reader.js';
import { malformedPolicy, quoteValue } from './policy-errors.js';
import type { AwsPrincipal, PolicyKind, PrincipalElement } from './policy-types.js';

/** A principal named in a policy, as the existence check receives it. */
export type NamedPrincipal = AwsPrincipal | { readonly type: 'canonical-user'; readonly id: string };

export interface PrincipalParseOptions {
  /**
   * Returns false for a principal that does not exist, which S3 rejects with "Invalid
   * principal in policy". Without it every well-formed principal is accepted.
   */
  readonly principalExists?: (principal: NamedPrincipal) => boolean;
}

const accountId = /^[0-9]{12}$/;
const partition = 'aws(?:-[a-z]+)*';
const iamName = '[\\w+=,.@-]+';
const iamPath = `(?:/${iamName})*/`;
const principalArn = new RegExp(
  `^arn:${partition}:(iam|sts)::([0-9]{12}):(?:(root)|user${iamPath}(${iamName})|role${iamPath}(${iamName})|assumed-role/(${iamName})/(${iamName})|federated-user/(${iamName}))$`,
);
const canonicalUserId = /^[0-9a-f]{64}$/i;

/** Parses a principal named under `AWS`: an account id or an IAM or STS principal ARN. */
export function parseAwsPrincipal(text: string): AwsPrincipal | undefined {
  if (accountId.test(text)) return { type: 'account', accountId: text, source: text };
  const match = principalArn.exec(text);
  if (match === null) return undefined;
  const [, service, account = '', root, user, role, assumedRole, session, federated] = match;
  const iam = service === 'iam';
  if (root !== undefined && iam) return { type: 'account', accountId: account, source: text };
  if (user !== undefined && iam) return { type: 'user', accountId: account, name: user, source: text };
  if (role !== undefined && iam) return { type: 'role', accountId: account, name: role, source: text };
  if (assumedRole !== undefined && session !== undefined && !iam) {
    return { type: 'assumed-role', accountId: account, roleName: assumedRole, sessionName: session, source: text };
  }
  if (federated !== undefined && !iam) return { type: 'federated-user', accountId: account, name: federated, source: text };
  return undefined;
}

/** Parses a Principal (or NotPrincipal) element value. */
export function parsePrincipalElement(
  value: JsonValue,
  negated: boolean,
  kind: PolicyKind,
  options: PrincipalParseOptions,
): PrincipalElement {
  const invalid = (detail: string) => malformedPolicy(kind, `Invalid principal in policy: ${detail}`);
  const element = {
    negated,
    everyone: false,
    aws: [] as AwsPrincipal[],
    canonicalUsers: [] as string[],
    services: [] as string[],
    federated: [] as string[],
  };
  if (value === '*') return { ...element, everyone: true };
  if (!isJsonObject(value) || value.members.size === 0) throw invalid(quoteValue(value));

  for (const [type, member] of value.members) {
    const names = Array.isArray(member) ? member : [member];
    if (names.length === 0) throw invalid(`${quoteValue(type)}:[]`);
    for (const name of names) {
      const describe = `${quoteValue(type)}:${quoteValue(name)}`;
      if (typeof name !== 'string' || name === '') throw invalid(describe);
      if (type === 'AWS') {
        if (name === '*') {
          element.everyone = true;
          continue;
        }
        const principal = parseAwsPrincipal(name);
        if (principal === undefined) throw invalid(describe);
        if (options.principalExists !== undefined && !options.principalExists(principal)) throw invalid(describe);
        element.aws.push(principal);
      } else if (type === 'CanonicalUser') {
        if (!canonicalUserId.test(name)) throw invalid(describe);
        const id = name.toLowerCase();
        if (options.principalExists !== undefined && !options.principalExists({ type: 'canonical-user', id })) {
          throw invalid(describe);
        }
        element.canonicalUsers.push(id);
      } else if (type === 'Service') {
        if (name.includes('*') || /\s/.test(name)) throw invalid(describe);
        element.services.push(name);
      } else if (type === 'Federated' && kind === 'trust') {
        element.federated.push(name);
      } else {
        throw invalid(describe);
      }
    }
  }
  return element;
}
