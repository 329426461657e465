/**
 * The subset of CBOR (RFC 8949) Pagefind's index files use: definite-length arrays, text
 * strings, and integers (minicbor's encoding of its index structs, src/search/merge-bundles.ts).
 * Anything else in a file is an error: the merge never guesses at a format it does not know.
 */

export type CborValue = number | string | CborValue[];

export class CborError extends Error {}

export function decodeCbor(buf: Uint8Array, offset = 0): CborValue {
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let i = offset;
  const read = (): CborValue => {
    if (i >= buf.length) throw new CborError('unexpected end of data');
    const b = buf[i++];
    const major = b >> 5;
    const info = b & 31;
    let n: number;
    if (info < 24) n = info;
    else if (info === 24) n = buf[i++];
    else if (info === 25) {
      n = view.getUint16(i);
      i += 2;
    } else if (info === 26) {
      n = view.getUint32(i);
      i += 4;
    } else if (info === 27) {
      const big = view.getBigUint64(i);
      if (big > BigInt(Number.MAX_SAFE_INTEGER)) throw new CborError('integer too large');
      n = Number(big);
      i += 8;
    } else throw new CborError(`unsupported additional information ${info} (major type ${major})`);
    switch (major) {
      case 0:
        return n;
      case 1:
        return -1 - n;
      case 3: {
        const s = decoder.decode(buf.subarray(i, i + n));
        i += n;
        return s;
      }
      case 4: {
        const out: CborValue[] = new Array(n);
        for (let k = 0; k < n; k++) out[k] = read();
        return out;
      }
      default:
        throw new CborError(`unsupported major type ${major}`);
    }
  };
  const value = read();
  if (i !== buf.length) throw new CborError(`${buf.length - i} bytes after the value`);
  return value;
}

/** Bytes already encoded (copied as they are): lets a merge pass data through without decoding it. */
export class RawCbor {
  readonly bytes: Uint8Array;
  constructor(bytes: Uint8Array) {
    this.bytes = bytes;
  }
}

/** Appends CBOR like minicbor: shortest integer heads, definite lengths. */
export class CborWriter {
  private buf: Uint8Array;
  private len = 0;
  private readonly encoder = new TextEncoder();

  constructor(initialSize = 1 << 16) {
    this.buf = new Uint8Array(initialSize);
  }

  /** Bytes written so far. */
  get length(): number {
    return this.len;
  }

  /** Starts again, keeping the buffer (a merge writes hundreds of chunks of similar size). */
  reset(): void {
    this.len = 0;
  }

  private ensure(n: number): void {
    if (this.len + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.len + n) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buf.subarray(0, this.len));
    this.buf = next;
  }

  head(major: number, n: number): void {
    this.ensure(9);
    const b = this.buf;
    if (n < 24) b[this.len++] = (major << 5) | n;
    else if (n < 0x100) {
      b[this.len++] = (major << 5) | 24;
      b[this.len++] = n;
    } else if (n < 0x10000) {
      b[this.len++] = (major << 5) | 25;
      b[this.len++] = n >> 8;
      b[this.len++] = n & 0xff;
    } else if (n < 0x100000000) {
      b[this.len++] = (major << 5) | 26;
      b[this.len++] = (n >>> 24) & 0xff;
      b[this.len++] = (n >>> 16) & 0xff;
      b[this.len++] = (n >>> 8) & 0xff;
      b[this.len++] = n & 0xff;
    } else {
      b[this.len++] = (major << 5) | 27;
      const big = BigInt(n);
      for (let k = 7; k >= 0; k--) b[this.len++] = Number((big >> BigInt(k * 8)) & 0xffn);
    }
  }

  int(v: number): void {
    if (!Number.isInteger(v)) throw new CborError(`not an integer: ${v}`);
    if (v >= 0) this.head(0, v);
    else this.head(1, -1 - v);
  }

  text(s: string): void {
    // At most 3 bytes per UTF-16 unit.
    this.ensure(9 + s.length * 3);
    const start = this.len;
    // Reserve the longest head that can be needed, then move the bytes if a shorter one fits.
    const reserve = s.length * 3 < 24 ? 1 : s.length * 3 < 0x100 ? 2 : s.length * 3 < 0x10000 ? 3 : 5;
    const { written } = this.encoder.encodeInto(s, this.buf.subarray(start + reserve));
    const headLen = written < 24 ? 1 : written < 0x100 ? 2 : written < 0x10000 ? 3 : 5;
    if (headLen !== reserve) this.buf.copyWithin(start + headLen, start + reserve, start + reserve + written);
    this.head(3, written);
    this.len = start + headLen + written;
  }

  raw(bytes: Uint8Array): void {
    this.ensure(bytes.length);
    this.buf.set(bytes, this.len);
    this.len += bytes.length;
  }

  value(v: CborValue | RawCbor): void {
    if (typeof v === 'number') this.int(v);
    else if (typeof v === 'string') this.text(v);
    else if (v instanceof RawCbor) this.raw(v.bytes);
    else {
      this.head(4, v.length);
      for (const x of v) this.value(x);
    }
  }

  bytes(): Buffer {
    return Buffer.from(this.buf.buffer, this.buf.byteOffset, this.len);
  }
}

type Encodable = CborValue | RawCbor | Encodable[];

export function encodeCbor(value: Encodable): Buffer {
  const w = new CborWriter();
  w.value(value as CborValue);
  return w.bytes();
}

/**
 * Reads CBOR item by item without building values, for formats read in one pass: the caller
 * knows the structure and asks for what it expects next; anything else is an error.
 */
export class CborReader {
  private i: number;
  private readonly view: DataView;
  private readonly decoder = new TextDecoder('utf-8', { fatal: true });
  readonly buf: Uint8Array;

  constructor(buf: Uint8Array, offset = 0) {
    this.buf = buf;
    this.i = offset;
    this.view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  }

  get offset(): number {
    return this.i;
  }

  get done(): boolean {
    return this.i >= this.buf.length;
  }

  /** Major type of the last head read (a field, not a returned pair: the merge reads millions of heads). */
  private major = 0;

  /** Reads a head: sets `major`, returns its argument. */
  private head(): number {
    if (this.i >= this.buf.length) throw new CborError('unexpected end of data');
    const b = this.buf[this.i++];
    const info = b & 31;
    this.major = b >> 5;
    let n: number;
    if (info < 24) n = info;
    else if (info === 24) n = this.buf[this.i++];
    else if (info === 25) {
      n = this.view.getUint16(this.i);
      this.i += 2;
    } else if (info === 26) {
      n = this.view.getUint32(this.i);
      this.i += 4;
    } else if (info === 27) {
      const big = this.view.getBigUint64(this.i);
      if (big > BigInt(Number.MAX_SAFE_INTEGER)) throw new CborError('integer too large');
      n = Number(big);
      this.i += 8;
    } else throw new CborError(`unsupported additional information ${info} (major type ${this.major})`);
    if (this.i > this.buf.length) throw new CborError('unexpected end of data');
    return n;
  }

  array(): number {
    const n = this.head();
    if (this.major !== 4) throw new CborError(`expected an array, found major type ${this.major}`);
    return n;
  }

  text(): string {
    const n = this.head();
    if (this.major !== 3) throw new CborError(`expected text, found major type ${this.major}`);
    if (this.i + n > this.buf.length) throw new CborError('unexpected end of data');
    const s = this.decoder.decode(this.buf.subarray(this.i, this.i + n));
    this.i += n;
    return s;
  }

  int(): number {
    const n = this.head();
    if (this.major === 0) return n;
    if (this.major === 1) return -1 - n;
    throw new CborError(`expected an integer, found major type ${this.major}`);
  }

  /** Skips an array of integers; returns its length. */
  skipIntArray(): number {
    const n = this.array();
    for (let k = 0; k < n; k++) {
      this.head();
      if (this.major > 1) throw new CborError(`expected an integer, found major type ${this.major}`);
    }
    return n;
  }

  /** An array of integers, passed through as its encoded bytes; returns them and its length. */
  rawIntArray(): { bytes: Uint8Array; length: number } {
    const start = this.i;
    const n = this.array();
    for (let k = 0; k < n; k++) this.int();
    return { bytes: this.buf.subarray(start, this.i), length: n };
  }
}
