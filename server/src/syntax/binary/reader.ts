/**
 * Byte-level reading of a WebAssembly binary, with wasmparser's error texts.
 *
 * Offsets are absolute positions in the whole binary, and errors print them the
 * way wasmparser's `BinaryReaderError` does: `message (at offset 0x1f)`.
 */

/** A failure with a message ready to show, and the contexts it was found in (outermost first). */
export class DecodeError extends Error {
  readonly contexts: string[] = [];

  /** Wraps the error in one more context, like anyhow's `.context(…)`. */
  within(context: string): DecodeError {
    this.contexts.unshift(context);
    return this;
  }
}

/** A wasmparser error: the message followed by where in the binary it was found. */
export function binaryError(message: string, offset: number): DecodeError {
  return new DecodeError(`${message} (at offset 0x${offset.toString(16)})`);
}

export class Reader {
  constructor(
    private readonly data: Uint8Array,
    public pos: number,
    public readonly end: number,
  ) {}

  static of(data: Uint8Array): Reader {
    return new Reader(data, 0, data.length);
  }

  get atEnd(): boolean {
    return this.pos >= this.end;
  }

  get remaining(): number {
    return this.end - this.pos;
  }

  private ensure(len: number): void {
    if (this.pos + len > this.end) throw binaryError('unexpected end-of-file', this.pos);
  }

  u8(): number {
    this.ensure(1);
    return this.data[this.pos++];
  }

  peek(): number {
    this.ensure(1);
    return this.data[this.pos];
  }

  /** The next `len` bytes, or undefined when there are fewer. */
  peekBytes(len: number): Uint8Array | undefined {
    return this.pos + len <= this.end ? this.data.subarray(this.pos, this.pos + len) : undefined;
  }

  bytes(len: number): Uint8Array {
    this.ensure(len);
    const out = this.data.subarray(this.pos, this.pos + len);
    this.pos += len;
    return out;
  }

  u32le(): number {
    const b = this.bytes(4);
    return (b[0] | (b[1] << 8) | (b[2] << 16)) + b[3] * 0x1000000;
  }

  varU32(): number {
    let byte = this.u8();
    if ((byte & 0x80) === 0) return byte;
    let result = byte & 0x7f;
    let shift = 7;
    for (;;) {
      byte = this.u8();
      result += (byte & 0x7f) * 2 ** shift;
      if (shift >= 25 && byte >> (32 - shift) !== 0) {
        const message =
          (byte & 0x80) !== 0 ? 'invalid var_u32: integer representation too long' : 'invalid var_u32: integer too large';
        throw binaryError(message, this.pos - 1);
      }
      shift += 7;
      if ((byte & 0x80) === 0) return result;
    }
  }

  /** A signed 33-bit LEB128 integer (value types use it for type indices), as wasmparser reads it. */
  varS33(): number {
    let byte = this.u8();
    if ((byte & 0x80) === 0) return byte & 0x40 ? byte - 0x80 : byte;
    let result = byte & 0x7f;
    let shift = 7;
    for (;;) {
      byte = this.u8();
      result += (byte & 0x7f) * 2 ** shift;
      if (shift >= 25) {
        // The sign and unused bits of the last byte must agree.
        const top = (byte >> 4) & 0x7;
        if ((byte & 0x80) !== 0 || (top !== 0 && top !== 7)) {
          throw binaryError('invalid var_s33: integer representation too long', this.pos - 1);
        }
        return result;
      }
      shift += 7;
      if ((byte & 0x80) === 0) break;
    }
    return result >= 2 ** (shift - 1) ? result - 2 ** shift : result;
  }

  /** A signed LEB128 integer of at most 64 bits, only skipped (core constant expressions). */
  skipVarInt(): void {
    while (this.u8() & 0x80);
  }

  string(): string {
    const len = this.varU32();
    if (len > 100_000) throw binaryError('string size out of bounds', this.pos - 1);
    const bytes = this.bytes(len);
    const text = decodeUtf8(bytes);
    if (text === undefined) throw binaryError('malformed UTF-8 encoding', this.pos - 1);
    return text;
  }

  /** Another reader at the same place (for reading something twice). */
  clone(): Reader {
    return new Reader(this.data, this.pos, this.end);
  }

  /** A reader of the next `len` bytes, which this reader skips. */
  sub(len: number): Reader {
    this.ensure(len);
    const r = new Reader(this.data, this.pos, this.pos + len);
    this.pos += len;
    return r;
  }

  invalidLeadingByte(byte: number, what: string, offset = this.pos - 1): DecodeError {
    return binaryError(`invalid leading byte (0x${byte.toString(16)}) for ${what}`, offset);
  }
}

/** Strict UTF-8 decoding (no replacement characters); undefined when malformed. */
export function decodeUtf8(bytes: Uint8Array): string | undefined {
  let out = '';
  let i = 0;
  while (i < bytes.length) {
    const b0 = bytes[i];
    if (b0 < 0x80) {
      out += String.fromCharCode(b0);
      i++;
      continue;
    }
    let need: number;
    let cp: number;
    let min: number;
    if (b0 >= 0xc2 && b0 <= 0xdf) {
      need = 1;
      cp = b0 & 0x1f;
      min = 0x80;
    } else if (b0 >= 0xe0 && b0 <= 0xef) {
      need = 2;
      cp = b0 & 0x0f;
      min = 0x800;
    } else if (b0 >= 0xf0 && b0 <= 0xf4) {
      need = 3;
      cp = b0 & 0x07;
      min = 0x10000;
    } else {
      return undefined;
    }
    for (let k = 1; k <= need; k++) {
      const b = bytes[i + k];
      if (b === undefined || (b & 0xc0) !== 0x80) return undefined;
      cp = (cp << 6) | (b & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return undefined;
    out += String.fromCodePoint(cp);
    i += need + 1;
  }
  return out;
}
