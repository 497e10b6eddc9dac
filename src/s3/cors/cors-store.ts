import type { MetadataStore } from '../../metadata/metadata-store.js';
import type { CorsRule } from './cors-configuration.js';

/** Name of the bucket setting that stores the rules as JSON. */
const settingName = 'cors';

/** Loads the bucket's CORS rules, or `undefined` when it has none. */
export async function loadCorsRules(metadata: MetadataStore, bucket: string): Promise<CorsRule[] | undefined> {
  const stored = await metadata.getBucketSetting(bucket, settingName);
  if (stored === undefined) return undefined;
  return JSON.parse(stored) as CorsRule[];
}

/** Replaces the bucket's rules; `undefined` removes them. */
export async function saveCorsRules(metadata: MetadataStore, bucket: string, rules: CorsRule[] | undefined): Promise<void> {
  await metadata.putBucketSetting(bucket, settingName, rules === undefined ? undefined : JSON.stringify(rules));
}
