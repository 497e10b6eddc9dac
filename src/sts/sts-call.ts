import type { QueryApiDeps } from '../iam/iam-call.js';
import type { QueryParameters } from '../iam/parameters.js';
import type { Principal } from '../iam/principal.js';
import type { XmlElement } from '../xml/xml.js';

/** One STS call being handled. */
export interface StsCall {
  params: QueryParameters;
  caller: Principal;
  accountId: string;
  deps: QueryApiDeps;
  now: Date;
}

/** An STS action: returns the content of its Result element. */
export type StsAction = (call: StsCall) => Promise<XmlElement>;
