import type { ChecksumAlgorithm } from '../metadata/metadata-store.js';

/** The checksum algorithms whose whole-object value can be derived from part values. */
export type CombinableAlgorithm = Extract<ChecksumAlgorithm, 'CRC32' | 'CRC32C' | 'CRC64NVME'>;

export function isCombinable(algorithm: ChecksumAlgorithm): algorithm is CombinableAlgorithm {
  return algorithm === 'CRC32' || algorithm === 'CRC32C' || algorithm === 'CRC64NVME';
}

/** One stretch of data: its CRC as the raw big-endian digest, and its length in bytes. */
export interface CrcPiece {
  crc: Buffer;
  length: number;
}

/**
 * Computes the CRC of the concatenation of several pieces from the CRC and length of each,
 * without the data. A multipart upload uses it to give a FULL_OBJECT checksum of the whole
 * object from the part checksums the client sent.
 *
 * The math. Treat data as a polynomial over GF(2) and let P be the CRC polynomial of width
 * w. Running the CRC register over n bits of data D from a start state S leaves
 *   state(S, D) = S·x^n + R(D)  (mod P),
 * where R(D) is the register left by D from a zero start: the register is linear in the
 * start state, and n zero bits only multiply it by x^n. These three CRCs start from the
 * all-ones state I and XOR the final register with the same all-ones value, so
 *   crc(D) = I + state(I, D) = I + I·x^n + R(D).
 * For A followed by B (|B| = n bits) the register after A is state(I, A) = crc(A) + I, so
 *   crc(AB) = I + (crc(A) + I)·x^n + R(B)
 *           = crc(A)·x^n + (I + I·x^n + R(B))
 *           = crc(A)·x^n + crc(B)  (mod P).
 * Combining is one multiplication by x^(8·length of B) mod P and one XOR. Powers x^(2^k)
 * are found by repeated squaring, so x^(8·len) costs at most one multiplication per bit
 * of the length; parts of one upload mostly share a length, so each power is cached.
 *
 * The three algorithms are "reflected": the register holds the coefficient of x^0 in its
 * most significant bit and shifts right, so below, multiplying by x is a right shift, and
 * reducing by P XORs in the bit-reversed polynomial.
 */
export function combineCrcs(algorithm: CombinableAlgorithm, pieces: CrcPiece[]): Buffer {
  const field = fields[algorithm];
  let crc = 0n;
  for (const piece of pieces) {
    const value = field.fromDigest(piece.crc);
    crc = field.multiply(crc, field.xPower8n(piece.length)) ^ value;
  }
  return field.toDigest(crc);
}

/** Arithmetic modulo one CRC polynomial, in the reflected bit order. */
class CrcField {
  private readonly top: bigint;
  private readonly mask: bigint;
  /** xPowers[k] = x^(2^k) mod P. */
  private readonly xPowers: bigint[] = [];
  private readonly powerCache = new Map<number, bigint>();

  constructor(
    private readonly width: number,
    private readonly reflectedPoly: bigint,
  ) {
    this.top = 1n << BigInt(width - 1);
    this.mask = (1n << BigInt(width)) - 1n;
    let power = this.top >> 1n; // x^1
    for (let k = 0; k < 64; k += 1) {
      this.xPowers.push(power);
      power = this.multiply(power, power);
    }
  }

  /** a·b mod P. */
  multiply(a: bigint, b: bigint): bigint {
    let product = 0n;
    let factor = b;
    // Walk a's coefficients from x^0 (top bit) upwards, adding factor = b·x^i for each set one.
    for (let bit = this.top; bit !== 0n && a !== 0n; bit >>= 1n) {
      if ((a & bit) !== 0n) {
        product ^= factor;
        a ^= bit;
      }
      factor = (factor & 1n) !== 0n ? (factor >> 1n) ^ this.reflectedPoly : factor >> 1n;
    }
    return product;
  }

  /** x^(8·bytes) mod P: the shift of a CRC past `bytes` bytes of data. */
  xPower8n(bytes: number): bigint {
    const cached = this.powerCache.get(bytes);
    if (cached !== undefined) return cached;
    let result = this.top; // x^0
    let remaining = BigInt(bytes);
    for (let k = 3; remaining !== 0n; k += 1, remaining >>= 1n) {
      if ((remaining & 1n) !== 0n) result = this.multiply(this.xPowers[k]!, result);
    }
    if (this.powerCache.size >= 64) this.powerCache.clear();
    this.powerCache.set(bytes, result);
    return result;
  }

  fromDigest(digest: Buffer): bigint {
    if (digest.length !== this.width / 8) throw new Error(`expected a ${this.width / 8}-byte CRC digest`);
    return BigInt(`0x${digest.toString('hex')}`) & this.mask;
  }

  toDigest(value: bigint): Buffer {
    return Buffer.from(value.toString(16).padStart(this.width / 4, '0'), 'hex');
  }
}

/** Reverses the low `width` bits, turning a polynomial as usually written into reflected order. */
function reflect(value: bigint, width: number): bigint {
  let out = 0n;
  for (let i = 0; i < width; i += 1) {
    out = (out << 1n) | ((value >> BigInt(i)) & 1n);
  }
  return out;
}

const fields: Record<CombinableAlgorithm, CrcField> = {
  // CRC-32 (ISO-HDLC), as zlib computes it.
  CRC32: new CrcField(32, reflect(0x04c11db7n, 32)),
  // CRC-32C (Castagnoli).
  CRC32C: new CrcField(32, reflect(0x1edc6f41n, 32)),
  // CRC-64/NVME.
  CRC64NVME: new CrcField(64, reflect(0xad93d23594c93659n, 64)),
};
