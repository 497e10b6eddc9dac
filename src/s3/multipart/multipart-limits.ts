/** Limits of multipart uploads, as in Amazon S3. */

/** Smallest size of every part but the last: 5 MiB. */
export const minPartBytes = 5 * 1024 ** 2;

/** Largest part, uploaded or copied: 5 GiB. */
export const maxPartBytes = 5 * 1024 ** 3;

/** Part numbers run from 1 to this. */
export const maxPartNumber = 10000;

/** Largest object a multipart upload can make: 5 TiB. */
export const maxObjectBytes = 5 * 1024 ** 4;

/** Most parts or uploads one listing page returns. */
export const maxListEntries = 1000;
