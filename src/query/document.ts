/**
 * The document side of `coffer query`: profiles, and the streaming extraction of rows from
 * JSON, NDJSON and XML documents. engine-types.ts describes the contract.
 */
export { extractPage } from './extract/extract-page.js';
export { inferProfile, type InferOptions } from './infer/infer-profile.js';
export { loadProfile } from './profile/load.js';
export { parseProfileText } from './profile/parse-text.js';
export { withDataModel } from './profile/with-data-model.js';
