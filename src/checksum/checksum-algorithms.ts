import { createHash, type Hash } from 'node:crypto';
import { crc32 } from 'node:zlib';

import { Crc32c } from '@aws-crypto/crc32c';
import { Crc64Nvme } from '@aws-sdk/crc64-nvme';

import { S3Error } from '../errors/s3-error.js';
import type { ChecksumAlgorithm } from '../metadata/metadata-store.js';

export const checksumAlgorithms: readonly ChecksumAlgorithm[] = ['CRC32', 'CRC32C', 'CRC64NVME', 'SHA1', 'SHA256'];

/** An incremental checksum whose digest is the raw bytes S3 base64-encodes. */
export interface Checksum {
  update(data: Buffer): void;
  digest(): Promise<Buffer>;
}

/** Creates an incremental checksum of one of the algorithms S3 supports. */
export function createChecksum(algorithm: ChecksumAlgorithm): Checksum {
  switch (algorithm) {
    case 'CRC32':
      return new Crc32Checksum();
    case 'CRC32C':
      return wrapCrc32c();
    case 'CRC64NVME':
      return wrapCrc64Nvme();
    case 'SHA1':
      return wrapHash(createHash('sha1'));
    case 'SHA256':
      return wrapHash(createHash('sha256'));
  }
}

/** The header that carries an algorithm's value: `x-amz-checksum-crc32` and so on. */
export function checksumHeaderName(algorithm: ChecksumAlgorithm): string {
  return `x-amz-checksum-${algorithm.toLowerCase()}`;
}

/** Parses an algorithm name as sent in `x-amz-checksum-algorithm` or `x-amz-sdk-checksum-algorithm`. */
export function parseChecksumAlgorithm(value: string): ChecksumAlgorithm {
  const upper = value.trim().toUpperCase();
  const found = checksumAlgorithms.find((algorithm) => algorithm === upper);
  if (found === undefined) {
    throw new S3Error(
      'InvalidRequest',
      `Value for x-amz-checksum-algorithm header is invalid: ${JSON.stringify(value)}. Use one of ${checksumAlgorithms.join(', ')}.`,
    );
  }
  return found;
}

/** Digest length in bytes of each algorithm, for validating values a client sends. */
export const checksumDigestBytes: Record<ChecksumAlgorithm, number> = {
  CRC32: 4,
  CRC32C: 4,
  CRC64NVME: 8,
  SHA1: 20,
  SHA256: 32,
};

class Crc32Checksum implements Checksum {
  private value = 0;

  update(data: Buffer): void {
    this.value = crc32(data, this.value);
  }

  async digest(): Promise<Buffer> {
    const out = Buffer.alloc(4);
    out.writeUInt32BE(this.value >>> 0);
    return out;
  }
}

function wrapCrc32c(): Checksum {
  const crc = new Crc32c();
  return {
    update: (data) => {
      crc.update(data);
    },
    digest: async () => {
      const out = Buffer.alloc(4);
      out.writeUInt32BE(crc.digest() >>> 0);
      return out;
    },
  };
}

function wrapCrc64Nvme(): Checksum {
  const crc = new Crc64Nvme();
  return {
    update: (data) => {
      crc.update(data);
    },
    digest: async () => Buffer.from(await crc.digest()),
  };
}

function wrapHash(hash: Hash): Checksum {
  return {
    update: (data) => {
      hash.update(data);
    },
    digest: async () => hash.digest(),
  };
}
