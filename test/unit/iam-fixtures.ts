import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { XMLParser } from 'fast-xml-parser';

import type { AuthorizationDecider, AuthorizationRequest } from '../../src/iam/authorization.js';
import { isQueryApiError, type QueryApiError, type QueryErrorCode } from '../../src/iam/errors.js';
import type { QueryApiDeps } from '../../src/iam/iam-call.js';
import { MasterKeyring, masterKeyFromBytes } from '../../src/iam/master-key.js';
import { rootPrincipal, type Principal } from '../../src/iam/principal.js';
import { handleIamRequest } from '../../src/iam/query-api.js';
import { SecretBox } from '../../src/iam/secret-box.js';
import type { IdentityStore } from '../../src/iam/identity-store.js';
import { handleStsRequest } from '../../src/sts/query-api.js';
import { storeLocation } from './identity-store-engine.js';

/**
 * A store in a fresh temporary directory (or a fresh PostgreSQL database with
 * `COFFER_TEST_METADATA=postgres`), with a master key held in memory.
 */
export interface IdentityFixture {
  dir: string;
  store: IdentityStore;
  secrets: SecretBox;
  keyring: MasterKeyring;
  root: Principal;
  rootCanonicalId: string;
  /** Every authorization request the handlers made, in order. */
  authorizations: AuthorizationRequest[];
  /** The decider the handlers use; replace it to test denials. */
  decide: AuthorizationDecider;
  deps(): QueryApiDeps;
  close(): Promise<void>;
}

export async function createFixture(): Promise<IdentityFixture> {
  const dir = await mkdtemp(join(tmpdir(), 'coffer-iam-unit-'));
  const location = storeLocation(join(dir, 'metadata.sqlite'));
  const store = await location.open();
  const keyring = new MasterKeyring(masterKeyFromBytes(randomBytes(32)));
  const secrets = new SecretBox(keyring);
  const { accountId } = await store.getAccount();
  const rootCanonicalId = randomBytes(32).toString('hex');
  const root = rootPrincipal({ accountId, canonicalId: rootCanonicalId, displayName: 'root' }, 'ROOTKEYID');
  const fixture: IdentityFixture = {
    dir,
    store,
    secrets,
    keyring,
    root,
    rootCanonicalId,
    authorizations: [],
    decide: () => 'allow',
    deps: () => ({
      store,
      secrets,
      requestId: 'REQUEST-ID-1',
      region: 'us-east-1',
      authorize: (request) => {
        fixture.authorizations.push(request);
        return fixture.decide(request);
      },
    }),
    close: async () => {
      await store.close();
      await location.remove();
      await rm(dir, { recursive: true, force: true });
    },
  };
  return fixture;
}

const parser = new XMLParser({ ignoreAttributes: false, parseTagValue: false, isArray: (name) => name === 'member' });

/** Parses a response document into plain objects; `member` elements always come back as arrays. */
export function parseXml(xml: string): Record<string, any> {
  return parser.parse(xml) as Record<string, any>;
}

/** Runs an IAM action as `caller` (root by default) and returns the parsed Result element. */
export async function iam(
  fixture: IdentityFixture,
  action: string,
  params: Record<string, string> = {},
  caller: Principal = fixture.root,
): Promise<Record<string, any>> {
  const xml = await handleIamRequest(new Map(Object.entries({ Action: action, Version: '2010-05-08', ...params })), caller, fixture.deps());
  const document = parseXml(xml)[`${action}Response`];
  assert.ok(document !== undefined, `no ${action}Response element in ${xml}`);
  assert.equal(document.ResponseMetadata.RequestId, 'REQUEST-ID-1');
  return document[`${action}Result`] ?? {};
}

/** Runs an STS action as `caller` and returns the parsed Result element. */
export async function sts(
  fixture: IdentityFixture,
  action: string,
  params: Record<string, string>,
  caller: Principal,
): Promise<Record<string, any>> {
  const xml = await handleStsRequest(new Map(Object.entries({ Action: action, Version: '2011-06-15', ...params })), caller, fixture.deps());
  const document = parseXml(xml)[`${action}Response`];
  assert.ok(document !== undefined, `no ${action}Response element in ${xml}`);
  return document[`${action}Result`] ?? {};
}

/** Awaits `promise` and checks that it fails with the given Query API error code and status. */
export async function expectQueryError(
  promise: Promise<unknown>,
  code: QueryErrorCode,
  status: number,
  message?: string | RegExp,
): Promise<QueryApiError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(isQueryApiError(error), `expected a QueryApiError, got ${String(error)}`);
    assert.equal(error.code, code, error.message);
    assert.equal(error.status, status);
    if (typeof message === 'string') assert.equal(error.message, message);
    if (message instanceof RegExp) assert.match(error.message, message);
    return error;
  }
  assert.fail(`expected ${code}, but the call succeeded`);
}
