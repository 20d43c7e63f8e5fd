/**
 * SemVer versions exactly as the Rust crate `semver` 1.x (dtolnay/semver,
 * the crate wit-parser uses for `@x.y.z` package and `@since` versions)
 * parses, prints, and orders them.
 *
 * - `parseVersion` accepts exactly the strings `semver::Version::parse`
 *   accepts and, on failure, returns the same text the crate's `Error`
 *   prints through `Display`.
 * - `formatVersion` is `Display for Version`.
 * - `compareVersions` / `versionsEqual` are the crate's `Ord` / `PartialEq`
 *   for `Version` (major, minor, patch, then pre-release, then build
 *   metadata; build metadata does take part in the ordering).
 *
 * Pure functions; no dependencies.
 */
import { rustCharDebug } from './rustDebug';

/** A parsed version. `pre` and `build` omit the leading '-' / '+', and are '' when absent. */
export interface Version {
  major: bigint;
  minor: bigint;
  patch: bigint;
  pre: string;
  build: string;
}

export type VersionResult = { ok: true; version: Version } | { ok: false; message: string };

const U64_MAX_DIGITS = '18446744073709551615';

/** Where in the version the parser was when it failed (the crate's `Position`). */
const enum Pos {
  Major,
  Minor,
  Patch,
  Pre,
  Build,
}

function posName(pos: Pos): string {
  switch (pos) {
    case Pos.Major:
      return 'major version number';
    case Pos.Minor:
      return 'minor version number';
    case Pos.Patch:
      return 'patch version number';
    case Pos.Pre:
      return 'pre-release identifier';
    case Pos.Build:
      return 'build metadata';
  }
}

/** Thrown internally to unwind to `parseVersion`; never escapes this module. */
class SemverError {
  constructor(readonly message: string) {}
}

function unexpectedEnd(pos: Pos): SemverError {
  return new SemverError(`unexpected end of input while parsing ${posName(pos)}`);
}
function unexpectedChar(pos: Pos, ch: number): SemverError {
  return new SemverError(`unexpected character ${quoteChar(ch)} while parsing ${posName(pos)}`);
}
function unexpectedCharAfter(pos: Pos, ch: number): SemverError {
  return new SemverError(`unexpected character ${quoteChar(ch)} after ${posName(pos)}`);
}
function leadingZero(pos: Pos): SemverError {
  return new SemverError(`invalid leading zero in ${posName(pos)}`);
}
function overflow(pos: Pos): SemverError {
  return new SemverError(`value of ${posName(pos)} exceeds u64::MAX`);
}
function emptySegment(pos: Pos): SemverError {
  return new SemverError(`empty identifier segment in ${posName(pos)}`);
}

/** The crate's `QuotedChar`: Rust's `{:?}` of a `char`. */
function quoteChar(cp: number): string {
  return rustCharDebug(String.fromCodePoint(cp));
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39; // 0-9
}

function isIdentNonDigit(c: number): boolean {
  return (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x2d; // A-Z a-z -
}

/** Code point at `i`, or -1 at the end of the text. */
function charAt(text: string, i: number): number {
  return i < text.length ? (text.codePointAt(i) as number) : -1;
}

/**
 * A major/minor/patch number: one or more ASCII digits, no leading zero,
 * at most u64::MAX. Returns the value and the index after it.
 */
function numericIdentifier(text: string, start: number, pos: Pos): [bigint, number] {
  let end = start;
  while (end < text.length && isDigit(text.charCodeAt(end))) {
    // The crate rejects a second digit after a leading '0' before it
    // accumulates that digit, so this wins over an overflow.
    if (end === start + 1 && text.charCodeAt(start) === 0x30) {
      throw leadingZero(pos);
    }
    end++;
  }
  const len = end - start;
  if (len === 0) {
    const ch = charAt(text, start);
    throw ch < 0 ? unexpectedEnd(pos) : unexpectedChar(pos, ch);
  }
  const digits = text.slice(start, end);
  // No leading zeros here, so the digit count orders the magnitudes.
  if (len > U64_MAX_DIGITS.length || (len === U64_MAX_DIGITS.length && digits > U64_MAX_DIGITS)) {
    throw overflow(pos);
  }
  return [BigInt(digits), end];
}

/** The '.' after a major or minor number. Returns the index after it. */
function dot(text: string, i: number, pos: Pos): number {
  const ch = charAt(text, i);
  if (ch === 0x2e) {
    return i + 1;
  }
  throw ch < 0 ? unexpectedEnd(pos) : unexpectedCharAfter(pos, ch);
}

/**
 * Dot-separated identifiers of [0-9A-Za-z-] (pre-release or build metadata)
 * starting at `start`. Returns the index where they end; `start` itself means
 * "no identifier here" (the caller reports that as an empty segment).
 * Pre-release numeric segments may not have leading zeros.
 */
function identifier(text: string, start: number, pos: Pos): number {
  let segStart = start;
  let i = start;
  let hasNonDigit = false;
  for (;;) {
    const c = i < text.length ? text.charCodeAt(i) : -1;
    if (isIdentNonDigit(c)) {
      hasNonDigit = true;
      i++;
      continue;
    }
    if (isDigit(c)) {
      i++;
      continue;
    }
    // Segment boundary: '.', end of input, or some other character.
    const segLen = i - segStart;
    if (segLen === 0) {
      if (segStart === start && c !== 0x2e) {
        return start;
      }
      throw emptySegment(pos);
    }
    if (pos === Pos.Pre && segLen > 1 && !hasNonDigit && text.charCodeAt(segStart) === 0x30) {
      throw leadingZero(pos);
    }
    if (c !== 0x2e) {
      return i;
    }
    i++;
    segStart = i;
    hasNonDigit = false;
  }
}

function parseOrThrow(text: string): Version {
  if (text.length === 0) {
    throw new SemverError('empty string, expected a semver version');
  }

  let pos = Pos.Major;
  const [major, afterMajor] = numericIdentifier(text, 0, pos);
  let i = dot(text, afterMajor, pos);

  pos = Pos.Minor;
  const [minor, afterMinor] = numericIdentifier(text, i, pos);
  i = dot(text, afterMinor, pos);

  pos = Pos.Patch;
  const [patch, afterPatch] = numericIdentifier(text, i, pos);
  i = afterPatch;

  let pre = '';
  if (text.charCodeAt(i) === 0x2d) {
    pos = Pos.Pre;
    const start = i + 1;
    const end = identifier(text, start, pos);
    if (end === start) {
      throw emptySegment(pos);
    }
    pre = text.slice(start, end);
    i = end;
  }

  let build = '';
  if (text.charCodeAt(i) === 0x2b) {
    pos = Pos.Build;
    const start = i + 1;
    const end = identifier(text, start, pos);
    if (end === start) {
      throw emptySegment(pos);
    }
    build = text.slice(start, end);
    i = end;
  }

  if (i < text.length) {
    throw unexpectedCharAfter(pos, charAt(text, i));
  }

  return { major, minor, patch, pre, build };
}

/** `semver::Version::parse`; on failure, the crate's error message. */
export function parseVersion(text: string): VersionResult {
  try {
    return { ok: true, version: parseOrThrow(text) };
  } catch (e) {
    if (e instanceof SemverError) {
      return { ok: false, message: e.message };
    }
    throw e;
  }
}

/** `Display for Version`: "major.minor.patch[-pre][+build]". */
export function formatVersion(v: Version): string {
  let s = `${v.major}.${v.minor}.${v.patch}`;
  if (v.pre !== '') {
    s += `-${v.pre}`;
  }
  if (v.build !== '') {
    s += `+${v.build}`;
  }
  return s;
}

function cmp<T extends string | number | bigint>(a: T, b: T): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

const ALL_DIGITS = /^[0-9]*$/;

/**
 * Compare two dot-separated identifier lists the way the crate does for both
 * pre-release and build metadata: segment by segment; numeric segments below
 * alphanumeric ones; alphanumeric segments by ASCII order; a longer list wins
 * when one is a prefix of the other. `numeric` orders two all-digit segments.
 */
function compareSegments(a: string, b: string, numeric: (x: string, y: string) => number): number {
  const left = a.split('.');
  const right = b.split('.');
  for (let k = 0; k < left.length; k++) {
    if (k >= right.length) {
      return 1;
    }
    const x = left[k];
    const y = right[k];
    const xNum = ALL_DIGITS.test(x);
    const yNum = ALL_DIGITS.test(y);
    let order: number;
    if (xNum && yNum) {
      order = numeric(x, y);
    } else if (xNum) {
      return -1;
    } else if (yNum) {
      return 1;
    } else {
      order = cmp(x, y);
    }
    if (order !== 0) {
      return order;
    }
  }
  return left.length === right.length ? 0 : -1;
}

/** Pre-release numbers have no leading zeros: longer is bigger, else compare digits. */
function comparePreNumbers(x: string, y: string): number {
  return cmp(x.length, y.length) || cmp(x, y);
}

/**
 * Build metadata numbers may have leading zeros: compare by value, then the
 * one with more leading zeros is greater (0 < 00 < 1 < 01 < 001 < 2 < 10).
 */
function compareBuildNumbers(x: string, y: string): number {
  const xv = x.replace(/^0+/, '');
  const yv = y.replace(/^0+/, '');
  return cmp(xv.length, yv.length) || cmp(xv, yv) || cmp(x.length, y.length);
}

function comparePrerelease(a: string, b: string): number {
  if (a === b) {
    return 0;
  }
  // A release (no pre-release) is greater than any pre-release.
  if (a === '') {
    return 1;
  }
  if (b === '') {
    return -1;
  }
  return compareSegments(a, b, comparePreNumbers);
}

function compareBuildMetadata(a: string, b: string): number {
  if (a === b) {
    return 0;
  }
  return compareSegments(a, b, compareBuildNumbers);
}

/** `Ord for Version`: -1, 0 or 1. */
export function compareVersions(a: Version, b: Version): number {
  return (
    cmp(a.major, b.major) ||
    cmp(a.minor, b.minor) ||
    cmp(a.patch, b.patch) ||
    comparePrerelease(a.pre, b.pre) ||
    compareBuildMetadata(a.build, b.build)
  );
}

/** `PartialEq for Version`: every field equal, build metadata included. */
export function versionsEqual(a: Version, b: Version): boolean {
  return (
    a.major === b.major &&
    a.minor === b.minor &&
    a.patch === b.patch &&
    a.pre === b.pre &&
    a.build === b.build
  );
}
