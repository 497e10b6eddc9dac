/**
 * Largest AccessControlPolicy body accepted. An ACL contains at most 100 grants, and 100 grants
 * naming grantees by email address fit in well under half of this.
 */
export const maxAclDocumentBytes = 64 * 1024;
