/**
 * The document side of `coffer query`: profiles, and the streaming extraction of rows from
 * JSON, NDJSON and XML documents. engine-types.ts describes the contract.
 */
import type { CompiledProfile, DataModel } from './engine-types.js';
import { planOf, attachPlan } from './profile/plan-store.js';
import { buildTables } from './profile/tables.js';

export { extractPage } from './extract/extract-page.js';
export { inferProfile, type InferOptions } from './infer/infer-profile.js';
export { loadProfile, parseProfileText } from './profile/load.js';

/** Returns a copy of the profile that uses another data model, with the tables it produces. */
export function withDataModel(profile: CompiledProfile, dataModel: DataModel): CompiledProfile {
  const plan = planOf(profile);
  const tables = buildTables(profile.name, plan, dataModel, profile.location);
  return attachPlan({ ...profile, dataModel, tables }, plan);
}
