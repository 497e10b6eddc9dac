import type pg from 'pg';

import type { InlinePolicy } from '../../iam/identity-store.js';
import { toPolicy, type PolicyRow } from '../identity-rows.js';

/** The table of a user's or a role's inline policies, and the column naming the owner. */
export interface PolicyTable {
  table: 'iam_user_policies' | 'iam_role_policies';
  ownerColumn: 'user_id' | 'role_id';
}

export const userPolicies: PolicyTable = { table: 'iam_user_policies', ownerColumn: 'user_id' };
export const rolePolicies: PolicyTable = { table: 'iam_role_policies', ownerColumn: 'role_id' };

/**
 * Stores a policy unless the owner's policies would then exceed `maxTotalSize`. Runs in the
 * caller's transaction, which holds the owner's row `FOR UPDATE`, so two writers of one
 * owner cannot both pass the size check.
 */
export async function putPolicy(
  client: pg.PoolClient,
  { table, ownerColumn }: PolicyTable,
  ownerId: string,
  policy: InlinePolicy,
  maxTotalSize: number,
): Promise<'stored' | 'too-large'> {
  const { rows } = await client.query<{ others: number }>(
    `SELECT coalesce(sum(size), 0)::bigint AS others FROM ${table}
     WHERE ${ownerColumn} = $1 AND lower(policy_name) <> lower($2::text COLLATE "C")`,
    [ownerId, policy.policyName],
  );
  if (rows[0]!.others + policy.size > maxTotalSize) return 'too-large';
  // A replaced policy takes the new name's spelling, as a name differing only in case is the same policy.
  await client.query(`DELETE FROM ${table} WHERE ${ownerColumn} = $1 AND lower(policy_name) = lower($2::text COLLATE "C")`, [
    ownerId,
    policy.policyName,
  ]);
  await client.query(`INSERT INTO ${table} (${ownerColumn}, policy_name, document, size) VALUES ($1, $2, $3, $4)`, [
    ownerId,
    policy.policyName,
    policy.document,
    policy.size,
  ]);
  return 'stored';
}

export async function getPolicy(
  client: pg.Pool | pg.PoolClient,
  { table, ownerColumn }: PolicyTable,
  ownerId: string,
  policyName: string,
): Promise<InlinePolicy | undefined> {
  const { rows } = await client.query<PolicyRow>(
    `SELECT policy_name, document, size FROM ${table}
     WHERE ${ownerColumn} = $1 AND lower(policy_name) = lower($2::text COLLATE "C")`,
    [ownerId, policyName],
  );
  return rows[0] === undefined ? undefined : toPolicy(rows[0]);
}

export async function listPolicies(
  client: pg.Pool | pg.PoolClient,
  { table, ownerColumn }: PolicyTable,
  ownerId: string,
): Promise<InlinePolicy[]> {
  const { rows } = await client.query<PolicyRow>(
    `SELECT policy_name, document, size FROM ${table} WHERE ${ownerColumn} = $1 ORDER BY lower(policy_name)`,
    [ownerId],
  );
  return rows.map(toPolicy);
}

export async function deletePolicy(
  client: pg.PoolClient,
  { table, ownerColumn }: PolicyTable,
  ownerId: string,
  policyName: string,
): Promise<'deleted' | 'no-such-policy'> {
  const result = await client.query(
    `DELETE FROM ${table} WHERE ${ownerColumn} = $1 AND lower(policy_name) = lower($2::text COLLATE "C")`,
    [ownerId, policyName],
  );
  return result.rowCount === 1 ? 'deleted' : 'no-such-policy';
}
