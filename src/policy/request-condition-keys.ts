/**
 * The condition keys of an S3 request, built from the facts the server has about it, in the
 * value formats AWS documents ("AWS global condition context keys", IAM User Guide, and
 * "Actions, resources, and condition keys for Amazon S3"). The result is the `context` of
 * `evaluatePolicies`; a fact left undefined leaves its key absent, which is how AWS presents
 * a key that does not apply to a request.
 */

/** Facts about a request that conditions can test. */
export interface S3RequestFacts {
  /** Client address: IPv4, IPv6, or IPv4-mapped IPv6 as Node reports it. */
  readonly sourceIp?: string;
  /** True when the request came over TLS. */
  readonly secureTransport: boolean;
  /** When the request is authorised. */
  readonly currentTime: Date;
  readonly userAgent?: string;
  readonly referer?: string;
  /** Signing method of the request; absent for anonymous requests. */
  readonly authType?: 'REST-HEADER' | 'REST-QUERY-STRING' | 'POST';
  /** `AWS` for Signature Version 2, `AWS4-HMAC-SHA256` for Signature Version 4. */
  readonly signatureVersion?: 'AWS' | 'AWS4-HMAC-SHA256';
  /** Milliseconds between the signature's date and `currentTime`. */
  readonly signatureAgeMs?: number;
  /** The `x-amz-content-sha256` header as sent. */
  readonly contentSha256?: string;
  /** TLS protocol version as a number, such as `1.3`; absent for plain HTTP. */
  readonly tlsVersion?: string;
  /** S3 request headers that have condition keys of the same name, lowercase names. */
  readonly headers?: Readonly<Record<string, string | undefined>>;
  /**
   * ListObjects parameters. Give `maxKeys` the default of 1000 when the request has none:
   * "the s3:max-keys key is always present in the request when you perform the ListBucket
   * operation" ("Condition operators", IAM User Guide).
   */
  readonly listParameters?: { readonly prefix?: string; readonly delimiter?: string; readonly maxKeys?: number };
  /** The `versionId` query parameter. */
  readonly versionId?: string;
  /** Tags of the object the request acts on, for `s3:ExistingObjectTag/<key>`. */
  readonly existingObjectTags?: ReadonlyMap<string, string>;
  /** Tags the request sets, for `s3:RequestObjectTag/<key>` and `s3:RequestObjectTagKeys`. */
  readonly requestObjectTags?: ReadonlyMap<string, string>;
}

/** Request headers whose S3 condition key is `s3:` followed by the header name. */
const headerKeys = [
  'x-amz-acl',
  'x-amz-copy-source',
  'x-amz-grant-full-control',
  'x-amz-grant-read',
  'x-amz-grant-read-acp',
  'x-amz-grant-write',
  'x-amz-grant-write-acp',
  'x-amz-metadata-directive',
  'x-amz-server-side-encryption',
  'x-amz-server-side-encryption-aws-kms-key-id',
  'x-amz-storage-class',
  'x-amz-website-redirect-location',
  'x-amz-object-ownership',
] as const;

/** Builds the condition key map of an S3 request. */
export function s3RequestConditionKeys(facts: S3RequestFacts): Record<string, string | string[]> {
  const keys: Record<string, string | string[]> = {};
  const set = (key: string, value: string | number | undefined) => {
    if (value !== undefined) keys[key] = String(value);
  };
  set('aws:SourceIp', facts.sourceIp);
  set('aws:SecureTransport', facts.secureTransport ? 'true' : 'false');
  set('aws:CurrentTime', facts.currentTime.toISOString());
  set('aws:EpochTime', Math.floor(facts.currentTime.getTime() / 1000));
  set('aws:UserAgent', facts.userAgent);
  set('aws:Referer', facts.referer);
  set('s3:authType', facts.authType);
  set('s3:signatureversion', facts.signatureVersion);
  set('s3:signatureAge', facts.signatureAgeMs);
  set('s3:x-amz-content-sha256', facts.contentSha256);
  set('s3:TlsVersion', facts.tlsVersion);
  set('s3:prefix', facts.listParameters?.prefix);
  set('s3:delimiter', facts.listParameters?.delimiter);
  set('s3:max-keys', facts.listParameters?.maxKeys);
  set('s3:VersionId', facts.versionId);
  for (const header of headerKeys) set(`s3:${header}`, facts.headers?.[header]);
  for (const [tag, value] of facts.existingObjectTags ?? []) set(`s3:ExistingObjectTag/${tag}`, value);
  if (facts.requestObjectTags !== undefined) {
    for (const [tag, value] of facts.requestObjectTags) set(`s3:RequestObjectTag/${tag}`, value);
    keys['s3:RequestObjectTagKeys'] = [...facts.requestObjectTags.keys()];
  }
  return keys;
}
