import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';

/**
 * Reads an object with the JavaScript SDK: its text, or the name of the S3 error (such as
 * AccessDenied), so that tests compare both outcomes with one assertion.
 */
export async function sdkRead(client: S3Client, bucket: string, key: string): Promise<string> {
  try {
    const response = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    return await response.Body!.transformToString();
  } catch (error) {
    const named = error as { name?: string; $metadata?: unknown };
    if (named.$metadata === undefined) throw error;
    return String(named.name);
  }
}

/** Returns the text of a boto3 get_object outcome, or its error code. */
export function boto3Text(result: { ok: true; data: Record<string, unknown> } | { ok: false; code: string }): string {
  return result.ok ? String(result.data.Body) : result.code;
}
