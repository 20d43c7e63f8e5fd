/**
 * Writing the component binary format: LEB128 numbers, names, vectors and sections
 * (component-model Binary.md). Pure.
 */

const utf8 = new TextEncoder();

/** A growable byte buffer; large pieces (nested binaries) are kept as they are, not copied until `finish`. */
export class ByteWriter {
  private readonly chunks: Uint8Array[] = [];
  private current: number[] = [];
  private size = 0;

  get length(): number {
    return this.size + this.current.length;
  }

  u8(b: number): this {
    this.current.push(b & 0xff);
    return this;
  }

  /** Unsigned LEB128 (`u32`). */
  u32(n: number): this {
    if (!Number.isInteger(n) || n < 0 || n > 0xffffffff) throw new RangeError(`not a u32: ${n}`);
    let v = n;
    do {
      let byte = v & 0x7f;
      v = Math.floor(v / 128);
      if (v !== 0) byte |= 0x80;
      this.current.push(byte);
    } while (v !== 0);
    return this;
  }

  /** Signed LEB128 of a non-negative index (`s33`, how a value type refers to a type index). */
  s33(n: number): this {
    if (!Number.isInteger(n) || n < 0 || n > 0xffffffff) throw new RangeError(`not a type index: ${n}`);
    let v = n;
    for (;;) {
      const byte = v & 0x7f;
      v = Math.floor(v / 128);
      // Done when the rest is zero and the sign bit of this byte is clear.
      if (v === 0 && (byte & 0x40) === 0) {
        this.current.push(byte);
        return this;
      }
      this.current.push(byte | 0x80);
    }
  }

  /** A name: its UTF-8 length, then the bytes. */
  string(s: string): this {
    const b = utf8.encode(s);
    this.u32(b.length);
    return this.bytes(b);
  }

  bytes(b: Uint8Array): this {
    if (b.length < 256) {
      for (const x of b) this.current.push(x);
      return this;
    }
    this.flush();
    this.chunks.push(b);
    this.size += b.length;
    return this;
  }

  /** A vector: the count, then each item. */
  vec<T>(items: readonly T[], write: (w: this, item: T) => void): this {
    this.u32(items.length);
    for (const item of items) write(this, item);
    return this;
  }

  private flush(): void {
    if (this.current.length === 0) return;
    this.chunks.push(Uint8Array.from(this.current));
    this.size += this.current.length;
    this.current = [];
  }

  finish(): Uint8Array {
    this.flush();
    const out = new Uint8Array(this.size);
    let at = 0;
    for (const c of this.chunks) {
      out.set(c, at);
      at += c.length;
    }
    return out;
  }
}

/** `\0asm`, version 0x0d, layer 1: a component. */
export const COMPONENT_PREAMBLE = Uint8Array.of(0x00, 0x61, 0x73, 0x6d, 0x0d, 0x00, 0x01, 0x00);

/** Component section ids. */
export const SECTION_ID = {
  custom: 0,
  component: 4,
  instance: 5,
  alias: 6,
  type: 7,
  import: 10,
  export: 11,
} as const;

/** Sort bytes (`sort ::= 0x01 func | 0x03 type | 0x04 component | 0x05 instance`). */
export const SORT = { func: 0x01, value: 0x02, type: 0x03, component: 0x04, instance: 0x05 } as const;
export type SortName = keyof typeof SORT;

/** A section: its id, its size and its contents. */
export function writeSection(w: ByteWriter, id: number, contents: Uint8Array): void {
  w.u8(id).u32(contents.length).bytes(contents);
}
