import type { XmlElement } from '../xml/xml.js';
import type { AuthorizationDecider } from './authorization.js';
import type { IdentityStore } from './identity-store.js';
import type { QueryParameters } from './parameters.js';
import type { Principal } from './principal.js';
import type { SecretBox } from './secret-box.js';

/** Dependencies of the IAM and STS handlers, supplied by the server. */
export interface QueryApiDeps {
  store: IdentityStore;
  secrets: SecretBox;
  /** The request id sent as `x-amz-request-id`; it also goes in ResponseMetadata. */
  requestId: string;
  /** Region of this server, recorded as where a key or role was last used. */
  region?: string;
  /** The authorization engine; without one only the root user is allowed (`rootOnlyDecider`). */
  authorize?: AuthorizationDecider;
  /** Clock, replaceable in tests. */
  now?: () => Date;
}

/** One IAM call being handled. */
export interface IamCall {
  params: QueryParameters;
  caller: Principal;
  accountId: string;
  accountCreatedAt: Date;
  deps: QueryApiDeps;
  now: Date;
  /** Throws AccessDenied unless the caller may perform `action` on `resource`. */
  authorize(action: string, resource: string): Promise<void>;
}

/** An IAM action: returns the content of its Result element, or undefined when it has none. */
export type IamAction = (call: IamCall) => Promise<XmlElement | undefined>;
