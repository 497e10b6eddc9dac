import { QueryError, type CompiledProfile } from '../engine-types.js';
import type { ExtractionPlan } from '../extract/plan.js';

/**
 * The plan travels with the profile under a symbol: the I/O side sees only the
 * CompiledProfile fields, and a spread copy (`{ ...profile, uri }`) keeps the plan.
 */
const planKey = Symbol('coffer.query.plan');

type WithPlan = CompiledProfile & { [planKey]?: ExtractionPlan };

export function attachPlan(profile: CompiledProfile, plan: ExtractionPlan): CompiledProfile {
  (profile as WithPlan)[planKey] = plan;
  return profile;
}

export function planOf(profile: CompiledProfile): ExtractionPlan {
  const plan = (profile as WithPlan)[planKey];
  if (plan === undefined) throw new QueryError('the profile was not made by loadProfile; load it with loadProfile');
  return plan;
}
