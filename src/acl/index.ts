/**
 * The S3 access control list model: canned ACLs, grant headers, AccessControlPolicy bodies,
 * ACL evaluation, the operation-to-permission table, Object Ownership and Block Public Access.
 */
export * from './types.js';
export * from './canned-acl.js';
export * from './grantee-resolution.js';
export * from './grant-headers.js';
export * from './parse-access-control-policy.js';
export * from './render-access-control-policy.js';
export * from './request-acl.js';
export * from './evaluate-acl.js';
export * from './operation-permissions.js';
export * from './object-ownership.js';
export * from './effective-acl.js';
export * from './public-acl.js';
export * from './public-access-block.js';
export * from './public-policy.js';
