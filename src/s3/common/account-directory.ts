import type { GranteeResolution } from '../../acl/types.js';
import type { IdentityStore } from '../../iam/identity-store.js';

/** Users read per query while loading the display names. */
const pageSize = 1000;

/**
 * With an identity store that has no `usersVersion`, changes that another process on the
 * same database makes show up after at most this long.
 */
const maxAgeMs = 60_000;

/** The root user, who is not in the identity store. */
export interface RootAccount {
  canonicalId: string;
  displayName: string;
}

/**
 * The owners and grantees S3 responses name: canonical user ids with their display names,
 * and the email addresses ACL grants may use. The root user and the users of the identity
 * store are the accounts here.
 *
 * Display names are needed while a response is built, so they are kept in memory and read
 * synchronously. A user's canonical id and display name never change, so the copy only has
 * to learn of new and deleted users: the server calls `invalidate` after each IAM request and
 * `ready` before each S3 operation, which compares the store's users version to catch
 * changes made by other processes, such as the other workers of a cluster.
 */
export class AccountDirectory {
  private names = new Map<string, string>();
  private loadedAt = 0;
  private loadedVersion: string | undefined;
  private stale = true;
  private loading: Promise<void> | undefined;

  constructor(
    private readonly store: IdentityStore,
    private readonly root: RootAccount,
  ) {}

  /** Loads the display names again if users may have changed since they were read. */
  async ready(): Promise<void> {
    const version = await this.store.usersVersion?.();
    if (version !== undefined && version !== this.loadedVersion) this.stale = true;
    if (!this.stale && Date.now() - this.loadedAt < maxAgeMs) return;
    this.loading ??= this.load(version).finally(() => {
      this.loading = undefined;
    });
    await this.loading;
  }

  /** Marks the loaded names out of date, after a request that may have created or deleted users. */
  invalidate(): void {
    this.stale = true;
  }

  /** The display name of an account, or `undefined` for an id no account has. */
  displayName(canonicalId: string): string | undefined {
    if (canonicalId === this.root.canonicalId) return this.root.displayName;
    return this.names.get(canonicalId);
  }

  /** Lookups that check the grantees an ACL request names, for the `src/acl` parsers. */
  granteeResolution(): GranteeResolution {
    return {
      resolveEmail: async (emailAddress) => (await this.store.getUserByEmail(emailAddress))?.canonicalId,
      canonicalIdExists: async (canonicalId) =>
        canonicalId === this.root.canonicalId || (await this.store.getUserByCanonicalId(canonicalId)) !== undefined,
    };
  }

  /** `version` was read before the users, so a change made during the load is noticed next time. */
  private async load(version: string | undefined): Promise<void> {
    // Cleared before reading, so an invalidation during the load triggers another one.
    this.stale = false;
    const names = new Map<string, string>();
    let after: string | undefined;
    try {
      for (;;) {
        const users = await this.store.listUsers({ pathPrefix: '/', after, limit: pageSize });
        for (const user of users) names.set(user.canonicalId, user.displayName);
        if (users.length < pageSize) break;
        after = users[users.length - 1]!.userName;
      }
    } catch (error) {
      this.stale = true;
      throw error;
    }
    this.names = names;
    this.loadedAt = Date.now();
    this.loadedVersion = version;
  }
}
