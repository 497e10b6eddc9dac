import { S3Error } from '../../errors/s3-error.js';
import { headerValue } from '../../http/header-value.js';
import type { RequestContext } from '../../http/request-context.js';

/** The object named by `x-amz-copy-source`: `/BUCKET/KEY` or `BUCKET/KEY`, URL-encoded, with an optional `?versionId=`. */
export interface CopySource {
  bucket: string;
  key: string;
  versionId: string | undefined;
}

/** Parses `x-amz-copy-source`; the key is percent-decoded once, as S3 does. */
export function readCopySource(ctx: RequestContext): CopySource {
  const raw = headerValue(ctx.req.headers, 'x-amz-copy-source');
  if (raw === undefined || raw === '') {
    throw new S3Error('InvalidArgument', 'Copy Source must mention the source bucket and key: sourcebucket/sourcekey', {
      ArgumentName: 'x-amz-copy-source',
    });
  }
  let path = raw;
  let versionId: string | undefined;
  const question = raw.indexOf('?');
  if (question !== -1) {
    path = raw.slice(0, question);
    const params = new URLSearchParams(raw.slice(question + 1));
    versionId = params.get('versionId') ?? undefined;
  }
  let decoded: string;
  try {
    decoded = decodeURIComponent(path);
  } catch {
    throw new S3Error('InvalidArgument', 'Invalid copy source encoding', { ArgumentName: 'x-amz-copy-source' });
  }
  if (decoded.startsWith('/')) decoded = decoded.slice(1);
  const slash = decoded.indexOf('/');
  if (slash <= 0 || slash === decoded.length - 1) {
    throw new S3Error('InvalidArgument', 'Copy Source must mention the source bucket and key: sourcebucket/sourcekey', {
      ArgumentName: 'x-amz-copy-source',
    });
  }
  if (versionId !== undefined && versionId !== 'null') {
    throw new S3Error('NoSuchVersion', undefined, { VersionId: versionId });
  }
  return { bucket: decoded.slice(0, slash), key: decoded.slice(slash + 1), versionId };
}
