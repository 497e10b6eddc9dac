import type { LimitNames } from '../query/fetch/http-get.js';

/** The fields of a job step that set its fetch limits, named in its limit errors. */
export const stepLimitNames: LimitNames = { maxBytes: 'max_bytes', timeout: 'timeout' };
