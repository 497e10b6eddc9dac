import type { QueryApiDeps } from '../iam/iam-call.js';
import type { SessionRecord } from '../iam/identity-store.js';
import { newSecretAccessKey, newSessionAccessKeyId } from '../iam/ids.js';
import { queryDate } from '../iam/query-xml.js';
import { secretContext } from '../iam/secret-box.js';
import { newSessionToken, sessionTokenDigest } from '../iam/session-token.js';
import type { XmlElement } from '../xml/xml.js';

/** How long an expired session stays stored, so its key is reported as expired rather than unknown. */
const expiredSessionRetentionMs = 24 * 60 * 60 * 1000;

/** Temporary credentials as issued; the secret and token exist in plain form only here. */
export interface IssuedSession {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
  expiresAt: Date;
}

/**
 * Creates and stores a session: a new `ASIA…` key id, a secret sealed with the master key,
 * and a token stored as its digest. Sessions expired for over a day are removed on the way.
 */
export async function issueSession(
  deps: QueryApiDeps,
  now: Date,
  durationSeconds: number,
  fields: Pick<SessionRecord, 'source' | 'userId' | 'parentAccessKeyId' | 'roleId' | 'sessionName' | 'assumerArn' | 'sessionPolicy'>,
): Promise<IssuedSession> {
  const createdAt = new Date(Math.floor(now.getTime() / 1000) * 1000);
  const session: IssuedSession = {
    accessKeyId: newSessionAccessKeyId(),
    secretAccessKey: newSecretAccessKey(),
    sessionToken: newSessionToken(),
    expiresAt: new Date(createdAt.getTime() + durationSeconds * 1000),
  };
  await deps.store.deleteExpiredSessions(new Date(now.getTime() - expiredSessionRetentionMs));
  await deps.store.createSession({
    ...fields,
    accessKeyId: session.accessKeyId,
    secret: deps.secrets.seal(session.secretAccessKey, secretContext('session', session.accessKeyId)),
    tokenDigest: sessionTokenDigest(session.sessionToken),
    createdAt,
    expiresAt: session.expiresAt,
  });
  return session;
}

/** Builds the Credentials element of GetSessionToken and AssumeRole. */
export function credentialsElement(session: IssuedSession): XmlElement {
  return {
    AccessKeyId: session.accessKeyId,
    SecretAccessKey: session.secretAccessKey,
    SessionToken: session.sessionToken,
    Expiration: queryDate(session.expiresAt),
  };
}
