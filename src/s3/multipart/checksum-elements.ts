import type { ChecksumAlgorithm, ChecksumValue } from '../../metadata/metadata-store.js';
import type { XmlElement } from '../../xml/xml.js';

/** The XML element that carries an algorithm's value: ChecksumCRC32, ChecksumSHA256, ... */
export function checksumElementName(algorithm: ChecksumAlgorithm): string {
  return `Checksum${algorithm}`;
}

/** The checksum element of a part or object, or nothing when it has no checksum. */
export function checksumElements(checksum: ChecksumValue | undefined): XmlElement {
  if (checksum === undefined) return {};
  return { [checksumElementName(checksum.algorithm)]: checksum.value };
}
