import { resolveAwsSettings } from '../../cli/aws-config.js';
import { defaultExpiresIn, presignUrl, type PresignMethod } from '../../presign/index.js';
import { presignMethods } from '../step-values.js';
import { StepError, type StepContext } from '../step-context.js';

/**
 * Signs a URL for one object request, with credentials, region and endpoint found the way
 * `coffer presign` finds them, and returns it for the `set` variable.
 */
export async function runPresignStep(context: StepContext): Promise<string> {
  const method = (context.text('method') ?? 'GET').toUpperCase();
  if (!presignMethods.includes(method)) throw new StepError(`method must be ${presignMethods.join(', ')}; got ${JSON.stringify(method)}.`);
  const settings = await resolveAwsSettings({
    profile: context.text('profile'),
    region: context.text('region'),
    endpointUrl: context.text('endpoint_url'),
  });
  const presigned = presignUrl(
    settings.credentials,
    { method: method as PresignMethod, bucket: context.requiredText('bucket'), key: context.requiredText('key') },
    {
      endpoint: settings.endpoint,
      region: settings.region,
      addressing: settings.addressing,
      expiresIn: context.integer('expires_in') ?? defaultExpiresIn,
    },
  );
  return presigned.url;
}
