import type { CompiledProfile, DataModel } from '../engine-types.js';
import { attachPlan, planOf } from './plan-store.js';
import { buildTables } from './tables.js';

/** Returns a copy of the profile that uses another data model, with the tables it produces. */
export function withDataModel(profile: CompiledProfile, dataModel: DataModel): CompiledProfile {
  const plan = planOf(profile);
  const tables = buildTables(profile.name, plan, dataModel, profile.location);
  return attachPlan({ ...profile, dataModel, tables }, plan);
}
