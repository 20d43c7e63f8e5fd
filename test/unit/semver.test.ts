// Tests for the port of the Rust `semver` crate's Version parsing, Display and
// ordering. Many cases are ported from the crate's tests/test_version.rs,
// tests/test_identifier.rs and the orderings documented in its src/lib.rs.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';

import {
  compareVersions,
  formatVersion,
  parseVersion,
  versionsEqual,
  type Version,
} from '../../server/src/syntax/semver';

function version(text: string): Version {
  const r = parseVersion(text);
  if (!r.ok) {
    assert.fail(`expected ${JSON.stringify(text)} to parse, got error: ${r.message}`);
  }
  return r.version;
}

function versionErr(text: string): string {
  const r = parseVersion(text);
  if (r.ok) {
    assert.fail(`expected ${JSON.stringify(text)} to fail, got ${formatVersion(r.version)}`);
  }
  return r.message;
}

function v(major: bigint, minor: bigint, patch: bigint, pre = '', build = ''): Version {
  return { major, minor, patch, pre, build };
}

const lt = (a: string, b: string) => compareVersions(version(a), version(b)) < 0;
const le = (a: string, b: string) => compareVersions(version(a), version(b)) <= 0;
const gt = (a: string, b: string) => compareVersions(version(a), version(b)) > 0;
const ge = (a: string, b: string) => compareVersions(version(a), version(b)) >= 0;

function assertAscending(list: string[]): void {
  for (let i = 0; i < list.length; i++) {
    for (let j = 0; j < list.length; j++) {
      const got = compareVersions(version(list[i]), version(list[j]));
      const want = i < j ? -1 : i > j ? 1 : 0;
      assert.equal(got, want, `compare(${list[i]}, ${list[j]})`);
    }
  }
}

describe('semver: crate test_parse (tests/test_version.rs)', () => {
  const errors: [string, string][] = [
    ['', 'empty string, expected a semver version'],
    ['  ', "unexpected character ' ' while parsing major version number"],
    ['1', 'unexpected end of input while parsing major version number'],
    ['1.2', 'unexpected end of input while parsing minor version number'],
    ['1.2.3-', 'empty identifier segment in pre-release identifier'],
    ['a.b.c', "unexpected character 'a' while parsing major version number"],
    ['1.2.3 abc', "unexpected character ' ' after patch version number"],
    ['1.2.3-01', 'invalid leading zero in pre-release identifier'],
    ['1.2.3++', 'empty identifier segment in build metadata'],
    ['07', 'invalid leading zero in major version number'],
    ['111111111111111111111.0.0', 'value of major version number exceeds u64::MAX'],
    ['8\0', "unexpected character '\\0' after major version number"],
  ];
  for (const [input, message] of errors) {
    it(`rejects ${JSON.stringify(input)}`, () => {
      assert.equal(versionErr(input), message);
    });
  }

  const valid: [string, Version][] = [
    ['1.2.3', v(1n, 2n, 3n)],
    ['1.2.3-alpha1', v(1n, 2n, 3n, 'alpha1')],
    ['1.2.3+build5', v(1n, 2n, 3n, '', 'build5')],
    ['1.2.3+5build', v(1n, 2n, 3n, '', '5build')],
    ['1.2.3-alpha1+build5', v(1n, 2n, 3n, 'alpha1', 'build5')],
    ['1.2.3-1.alpha1.9+build5.7.3aedf', v(1n, 2n, 3n, '1.alpha1.9', 'build5.7.3aedf')],
    ['1.2.3-0a.alpha1.9+05build.7.3aedf', v(1n, 2n, 3n, '0a.alpha1.9', '05build.7.3aedf')],
    ['0.4.0-beta.1+0851523', v(0n, 4n, 0n, 'beta.1', '0851523')],
    ['1.1.0-beta-10', v(1n, 1n, 0n, 'beta-10')],
  ];
  for (const [input, expected] of valid) {
    it(`parses ${input}`, () => {
      assert.deepEqual(version(input), expected);
    });
  }
});

describe('semver: valid versions round-trip through formatVersion', () => {
  const cases = [
    '0.0.0',
    '1.0.0',
    '10.20.30',
    '0.1.0',
    '1.2.3-0',
    '1.2.3-0.0.0',
    '1.2.3-0a',
    '1.2.3-01a',
    '1.2.3-a.0',
    '1.2.3--',
    '1.2.3---',
    '1.2.3-a-b-c',
    '1.2.3-rc.1.2.3.4',
    '1.2.3-x.7.z.92',
    '1.2.3+0',
    '1.2.3+00',
    '1.2.3+000.0001',
    '1.2.3+-',
    '1.2.3+exp.sha.5114f85',
    '1.2.3-alpha+001',
    '1.0.0-alpha.beta+20130313144700',
    '1.0.0-ALPHA.Beta.RC',
    '1.0.0+ABCdef',
    '0.12.20+1.1.0',
    '0.1.13+deprecated',
    '2.0.4+20210327',
    '0.0.6+c7fcc0e',
    '18446744073709551615.18446744073709551615.18446744073709551615',
    '9999999999999999999.0.0',
    '1.2.3-' + 'a'.repeat(300) + '+' + '9'.repeat(300),
  ];
  for (const text of cases) {
    it(text.length > 60 ? `${text.slice(0, 60)}...` : text, () => {
      assert.equal(formatVersion(version(text)), text);
    });
  }

  it('keeps u64 values exactly', () => {
    const parsed = version('18446744073709551615.9007199254740993.0');
    assert.equal(parsed.major, 18446744073709551615n);
    assert.equal(parsed.minor, 9007199254740993n);
    assert.equal(parsed.patch, 0n);
  });

  it('formats fields directly (Display)', () => {
    assert.equal(formatVersion(v(1n, 2n, 3n)), '1.2.3');
    assert.equal(formatVersion(v(1n, 2n, 3n, 'alpha1')), '1.2.3-alpha1');
    assert.equal(formatVersion(v(1n, 2n, 3n, '', 'build.42')), '1.2.3+build.42');
    assert.equal(formatVersion(v(1n, 2n, 3n, 'alpha1', '42')), '1.2.3-alpha1+42');
  });
});

describe('semver: crate test_display', () => {
  for (const text of ['1.2.3', '1.2.3-alpha1', '1.2.3+build.42', '1.2.3-alpha1+42']) {
    it(text, () => assert.equal(formatVersion(version(text)), text));
  }
});

describe('semver: every error kind and position', () => {
  const cases: [string, string][] = [
    // Empty
    ['', 'empty string, expected a semver version'],
    // UnexpectedEnd
    ['1', 'unexpected end of input while parsing major version number'],
    ['1.', 'unexpected end of input while parsing minor version number'],
    ['1.2', 'unexpected end of input while parsing minor version number'],
    ['1.2.', 'unexpected end of input while parsing patch version number'],
    // UnexpectedChar
    ['x', "unexpected character 'x' while parsing major version number"],
    ['.1.2', "unexpected character '.' while parsing major version number"],
    ['-1.2.3', "unexpected character '-' while parsing major version number"],
    ['v1.2.3', "unexpected character 'v' while parsing major version number"],
    ['1.x', "unexpected character 'x' while parsing minor version number"],
    ['1.q.r', "unexpected character 'q' while parsing minor version number"],
    ['1..2', "unexpected character '.' while parsing minor version number"],
    ['1.2.x', "unexpected character 'x' while parsing patch version number"],
    ['1.2.-3', "unexpected character '-' while parsing patch version number"],
    ['1.2. 3', "unexpected character ' ' while parsing patch version number"],
    // UnexpectedCharAfter
    ['1x', "unexpected character 'x' after major version number"],
    ['1-2', "unexpected character '-' after major version number"],
    ['1 .2.3', "unexpected character ' ' after major version number"],
    ['1.2x', "unexpected character 'x' after minor version number"],
    ['1.2-3', "unexpected character '-' after minor version number"],
    ['1.2.3x', "unexpected character 'x' after patch version number"],
    ['1.2.3.4', "unexpected character '.' after patch version number"],
    ['1.2.3 ', "unexpected character ' ' after patch version number"],
    ['1.2.3-a b', "unexpected character ' ' after pre-release identifier"],
    ['1.2.3-a_b', "unexpected character '_' after pre-release identifier"],
    ['1.2.3-a-', ''], // valid
    ['1.2.3-a+b+c', "unexpected character '+' after build metadata"],
    ['1.2.3+b-c!', "unexpected character '!' after build metadata"],
    ['1.2.3+b-c-', ''], // valid
    ['1.2.3-a+b c', "unexpected character ' ' after build metadata"],
    ['1.2.3+a+', "unexpected character '+' after build metadata"],
    ['1.2.3+a-b', ''], // valid
    ['1.2.3+a-', ''], // valid
    ['1.2.3+a_', "unexpected character '_' after build metadata"],
    // LeadingZero
    ['00.0.0', 'invalid leading zero in major version number'],
    ['01.0.0', 'invalid leading zero in major version number'],
    ['0.00.0', 'invalid leading zero in minor version number'],
    ['1.02.0', 'invalid leading zero in minor version number'],
    ['1.01.00', 'invalid leading zero in minor version number'],
    ['1.2.00', 'invalid leading zero in patch version number'],
    ['1.2.03', 'invalid leading zero in patch version number'],
    ['1.2.3-00', 'invalid leading zero in pre-release identifier'],
    ['1.2.3-a.01', 'invalid leading zero in pre-release identifier'],
    ['1.2.3-a.000.b', 'invalid leading zero in pre-release identifier'],
    ['1.2.3-01+build', 'invalid leading zero in pre-release identifier'],
    // a leading zero is reported before an overflow
    ['0123456789012345678901234567890.0.0', 'invalid leading zero in major version number'],
    // Overflow
    ['18446744073709551616.0.0', 'value of major version number exceeds u64::MAX'],
    ['99999999999999999999.0.0', 'value of major version number exceeds u64::MAX'],
    ['0.18446744073709551616.0', 'value of minor version number exceeds u64::MAX'],
    ['0.0.18446744073709551616', 'value of patch version number exceeds u64::MAX'],
    ['0.0.184467440737095516150', 'value of patch version number exceeds u64::MAX'],
    ['0.0.18446744073709551616x', 'value of patch version number exceeds u64::MAX'],
    // EmptySegment
    ['1.2.3-', 'empty identifier segment in pre-release identifier'],
    ['1.2.3-.', 'empty identifier segment in pre-release identifier'],
    ['1.2.3-.a', 'empty identifier segment in pre-release identifier'],
    ['1.2.3-a.', 'empty identifier segment in pre-release identifier'],
    ['1.2.3-a..b', 'empty identifier segment in pre-release identifier'],
    ['1.2.3-+b', 'empty identifier segment in pre-release identifier'],
    ['1.2.3-!', 'empty identifier segment in pre-release identifier'],
    ['1.2.3- ', 'empty identifier segment in pre-release identifier'],
    ['1.2.3-a.+b', 'empty identifier segment in pre-release identifier'],
    ['1.2.3+', 'empty identifier segment in build metadata'],
    ['1.2.3+.', 'empty identifier segment in build metadata'],
    ['1.2.3+a.', 'empty identifier segment in build metadata'],
    ['1.2.3+a..b', 'empty identifier segment in build metadata'],
    ['1.2.3+!', 'empty identifier segment in build metadata'],
    ['1.2.3-a+', 'empty identifier segment in build metadata'],
    ['1.2.3-a++', 'empty identifier segment in build metadata'],
  ];
  for (const [input, message] of cases) {
    if (message === '') {
      it(`accepts ${JSON.stringify(input)}`, () => {
        assert.equal(formatVersion(version(input)), input);
      });
    } else {
      it(`rejects ${JSON.stringify(input)}`, () => {
        assert.equal(versionErr(input), message);
      });
    }
  }

  it('build metadata allows leading zeros', () => {
    assert.deepEqual(version('1.2.3+00.01.0'), v(1n, 2n, 3n, '', '00.01.0'));
  });
});

describe('semver: unexpected characters are quoted like Rust {:?} of a char', () => {
  const cases: [string, string][] = [
    ['\0', "'\\0'"],
    ['\t', "'\\t'"],
    ['\n', "'\\n'"],
    ['\r', "'\\r'"],
    ['\\', "'\\\\'"],
    ["'", "'\\''"],
    ['"', `'"'`],
    [' ', "' '"],
    ['~', "'~'"],
    ['\x1b', "'\\u{1b}'"],
    ['\x7f', "'\\u{7f}'"],
    ['\x85', "'\\u{85}'"],
    ['\xa0', "'\\u{a0}'"], // Zs (non-ASCII space)
    ['\xad', "'\\u{ad}'"], // Cf
    ['\u200b', "'\\u{200b}'"], // Cf
    ['\u2028', "'\\u{2028}'"], // Zl
    ['\u2029', "'\\u{2029}'"], // Zp
    ['\u3000', "'\\u{3000}'"], // Zs
    ['\ufeff', "'\\u{feff}'"], // Cf (BOM)
    ['\ue000', "'\\u{e000}'"], // Co
    ['\u0378', "'\\u{378}'"], // Cn (unassigned)
    ['\u0301', "'\\u{301}'"], // Grapheme_Extend (combining acute)
    ['\u200d', "'\\u{200d}'"], // ZWJ: Cf and Grapheme_Extend
    ['\ufe0f', "'\\u{fe0f}'"], // variation selector: Grapheme_Extend
    ['\u{e0020}', "'\\u{e0020}'"], // tag space: Cf
    ['\u{f0000}', "'\\u{f0000}'"], // plane-15 private use
    ['é', "'é'"],
    ['ß', "'ß'"],
    ['λ', "'λ'"],
    ['中', "'中'"],
    ['😀', "'😀'"], // astral: a whole code point, not a surrogate half
    ['\u{10348}', "'\u{10348}'"],
  ];
  for (const [ch, quoted] of cases) {
    it(`${JSON.stringify(ch)} -> ${quoted}`, () => {
      assert.equal(versionErr(ch), `unexpected character ${quoted} while parsing major version number`);
      assert.equal(versionErr(`1${ch}`), `unexpected character ${quoted} after major version number`);
      assert.equal(versionErr(`1.2.3-a${ch}`), `unexpected character ${quoted} after pre-release identifier`);
      assert.equal(versionErr(`1.2.3+a${ch}x`), `unexpected character ${quoted} after build metadata`);
    });
  }

  it('a non-ASCII character right after "-" is an empty pre-release segment', () => {
    assert.equal(versionErr('1.2.3-é'), 'empty identifier segment in pre-release identifier');
  });

  it('non-ASCII digits are not digits', () => {
    assert.equal(versionErr('١.2.3'), "unexpected character '١' while parsing major version number");
    assert.equal(versionErr('1.２.3'), "unexpected character '２' while parsing minor version number");
  });
});

describe('semver: crate equality tests (test_eq / test_ne)', () => {
  it('test_eq', () => {
    for (const t of ['1.2.3', '1.2.3-alpha1', '1.2.3+build.42', '1.2.3-alpha1+42']) {
      assert.ok(versionsEqual(version(t), version(t)), t);
      assert.equal(compareVersions(version(t), version(t)), 0, t);
    }
  });

  it('test_ne', () => {
    const pairs: [string, string][] = [
      ['0.0.0', '0.0.1'],
      ['0.0.0', '0.1.0'],
      ['0.0.0', '1.0.0'],
      ['1.2.3-alpha', '1.2.3-beta'],
      ['1.2.3+23', '1.2.3+42'],
    ];
    for (const [a, b] of pairs) {
      assert.ok(!versionsEqual(version(a), version(b)), `${a} != ${b}`);
      assert.notEqual(compareVersions(version(a), version(b)), 0, `${a} != ${b}`);
    }
  });

  it('build metadata takes part in equality (test_identifier test_eq)', () => {
    assert.ok(!versionsEqual(version('1.0.0+1'), version('1.0.0+001')));
    assert.ok(!versionsEqual(version('1.0.0'), version('1.0.0+0')));
    assert.ok(!versionsEqual(version('1.0.0-a'), version('1.0.0-aa')));
    assert.ok(!versionsEqual(version('1.0.0-aaaaaaaaa'), version('1.0.0-a')));
    assert.ok(!versionsEqual(version('1.0.0-aaaaaaaaa'), version('1.0.0-bbbbbbbbb')));
    assert.ok(versionsEqual(version('1.0.0--'), version('1.0.0--')));
  });
});

describe('semver: crate ordering tests (test_lt / test_le / test_gt / test_ge)', () => {
  it('test_lt', () => {
    assert.ok(lt('0.0.0', '1.2.3-alpha2'));
    assert.ok(lt('1.0.0', '1.2.3-alpha2'));
    assert.ok(lt('1.2.0', '1.2.3-alpha2'));
    assert.ok(lt('1.2.3-alpha1', '1.2.3'));
    assert.ok(lt('1.2.3-alpha1', '1.2.3-alpha2'));
    assert.ok(!lt('1.2.3-alpha2', '1.2.3-alpha2'));
    assert.ok(lt('1.2.3+23', '1.2.3+42'));
  });

  it('test_le', () => {
    assert.ok(le('0.0.0', '1.2.3-alpha2'));
    assert.ok(le('1.0.0', '1.2.3-alpha2'));
    assert.ok(le('1.2.0', '1.2.3-alpha2'));
    assert.ok(le('1.2.3-alpha1', '1.2.3-alpha2'));
    assert.ok(le('1.2.3-alpha2', '1.2.3-alpha2'));
    assert.ok(le('1.2.3+23', '1.2.3+42'));
  });

  it('test_gt', () => {
    assert.ok(gt('1.2.3-alpha2', '0.0.0'));
    assert.ok(gt('1.2.3-alpha2', '1.0.0'));
    assert.ok(gt('1.2.3-alpha2', '1.2.0'));
    assert.ok(gt('1.2.3-alpha2', '1.2.3-alpha1'));
    assert.ok(gt('1.2.3', '1.2.3-alpha2'));
    assert.ok(!gt('1.2.3-alpha2', '1.2.3-alpha2'));
    assert.ok(!gt('1.2.3+23', '1.2.3+42'));
  });

  it('test_ge', () => {
    assert.ok(ge('1.2.3-alpha2', '0.0.0'));
    assert.ok(ge('1.2.3-alpha2', '1.0.0'));
    assert.ok(ge('1.2.3-alpha2', '1.2.0'));
    assert.ok(ge('1.2.3-alpha2', '1.2.3-alpha1'));
    assert.ok(ge('1.2.3-alpha2', '1.2.3-alpha2'));
    assert.ok(!ge('1.2.3+23', '1.2.3+42'));
  });

  it('test_spec_order', () => {
    const vs = [
      '1.0.0-alpha',
      '1.0.0-alpha.1',
      '1.0.0-alpha.beta',
      '1.0.0-beta',
      '1.0.0-beta.2',
      '1.0.0-beta.11',
      '1.0.0-rc.1',
      '1.0.0',
    ];
    for (let i = 1; i < vs.length; i++) {
      assert.ok(lt(vs[i - 1], vs[i]), `${vs[i - 1]} < ${vs[i]}`);
    }
    assertAscending(vs);
  });
});

describe('semver: documented orderings (src/lib.rs)', () => {
  it('major/minor/patch compare numerically', () => {
    assert.ok(lt('1.5.0', '1.19.0'));
    assert.ok(lt('1.9.0', '1.10.0'));
    assert.ok(lt('0.0.9', '0.0.10'));
    assert.ok(lt('9.0.0', '10.0.0'));
    assert.ok(lt('18446744073709551614.0.0', '18446744073709551615.0.0'));
    assert.ok(gt('2.0.0', '1.99.99'));
    assert.ok(gt('1.2.0', '1.1.99'));
  });

  it('pre-release precedence rules', () => {
    assert.ok(lt('1.0.0-alpha.1', '1.0.0'));
    assert.ok(lt('1.0.0-pre.8', '1.0.0-pre.12'));
    assert.ok(lt('1.0.0-pre12', '1.0.0-pre8'));
    assert.ok(lt('1.0.0-pre.1', '1.0.0-pre.x'));
    assert.ok(lt('1.0.0-alpha.2', '1.0.0-alpha.11'));
    assert.ok(lt('1.0.0-alpha11', '1.0.0-alpha2'));
  });

  it('Prerelease example: alpha < alpha.85 < alpha.90 < alpha.200 < alpha.0a < alpha.1a0 < alpha.a < beta', () => {
    assertAscending(
      ['alpha', 'alpha.85', 'alpha.90', 'alpha.200', 'alpha.0a', 'alpha.1a0', 'alpha.a', 'beta'].map(
        (p) => `1.0.0-${p}`,
      ),
    );
  });

  it('BuildMetadata example: demo < demo.85 < demo.90 < demo.090 < demo.200 < demo.1a0 < demo.a < memo', () => {
    assertAscending(
      ['demo', 'demo.85', 'demo.90', 'demo.090', 'demo.200', 'demo.1a0', 'demo.a', 'memo'].map(
        (b) => `1.0.0+${b}`,
      ),
    );
  });

  it('build numbers: 0 < 00 < 1 < 01 < 001 < 2 < 02 < 002 < 10 (src/impls.rs)', () => {
    assertAscending(['0', '00', '1', '01', '001', '2', '02', '002', '10'].map((b) => `1.0.0+${b}`));
  });
});

describe('semver: Ord details', () => {
  it('pre-release orders before build metadata', () => {
    assert.ok(lt('1.0.0-alpha+zzz', '1.0.0-beta+aaa'));
    assert.ok(lt('1.0.0-rc.1+9', '1.0.0+0'));
  });

  it('build metadata orders last, and no build metadata is least', () => {
    assertAscending(['1.0.0', '1.0.0+0', '1.0.0+1', '1.0.0+a', '1.0.0+a.0', '1.0.0+a.b', '1.0.0+b']);
    assert.ok(lt('1.0.0-x', '1.0.0-x+1'));
    assert.ok(lt('1.0.0+1', '1.0.1'));
    assert.ok(lt('1.0.0+zzz', '1.0.1-a'));
  });

  it('numeric identifiers are lower than alphanumeric ones', () => {
    assert.ok(lt('1.0.0-1', '1.0.0-a'));
    assert.ok(lt('1.0.0-999', '1.0.0--'));
    assert.ok(lt('1.0.0-1.a', '1.0.0-a.1'));
    assert.ok(lt('1.0.0+999', '1.0.0+-'));
    assert.ok(lt('1.0.0+1.a', '1.0.0+a.1'));
  });

  it('alphanumeric identifiers compare in ASCII order', () => {
    assertAscending(['1.0.0--', '1.0.0-0a', '1.0.0-A', '1.0.0-Z', '1.0.0-a', '1.0.0-a-', '1.0.0-a0', '1.0.0-aa']);
    assertAscending(['1.0.0+-', '1.0.0+0a', '1.0.0+A', '1.0.0+Z', '1.0.0+a', '1.0.0+a-', '1.0.0+a0', '1.0.0+aa']);
  });

  it('large numeric pre-release identifiers compare by value', () => {
    assertAscending([
      '1.0.0-9',
      '1.0.0-10',
      '1.0.0-99999999999999999999',
      '1.0.0-100000000000000000000',
      '1.0.0-100000000000000000001',
    ]);
  });

  it('a longer identifier list is greater when the shorter one is its prefix', () => {
    assertAscending(['1.0.0-a', '1.0.0-a.0', '1.0.0-a.0.0', '1.0.0-a.0.a']);
    assertAscending(['1.0.0+a', '1.0.0+a.0', '1.0.0+a.0.0', '1.0.0+a.0.a']);
  });

  it('compareVersions returns -1 / 0 / 1 and is antisymmetric', () => {
    const list = [
      '0.0.0',
      '0.0.1-0',
      '0.0.1',
      '0.0.1+0',
      '1.0.0-alpha',
      '1.0.0-alpha+b',
      '1.0.0-alpha.1',
      '1.0.0',
      '1.0.0+x',
      '1.10.0',
      '18446744073709551615.0.0',
    ];
    assertAscending(list);
    const sorted = [...list].reverse().map(version).sort(compareVersions).map(formatVersion);
    assert.deepEqual(sorted, list);
  });

  it('works on constructed Version values, not only parsed ones', () => {
    assert.equal(compareVersions(v(1n, 0n, 0n), v(1n, 0n, 0n)), 0);
    assert.equal(compareVersions(v(1n, 0n, 0n, 'a'), v(1n, 0n, 0n)), -1);
    assert.equal(compareVersions(v(1n, 0n, 0n), v(1n, 0n, 0n, 'a')), 1);
    assert.equal(compareVersions(v(1n, 0n, 0n, '', 'b'), v(1n, 0n, 0n, '', 'a')), 1);
    assert.ok(versionsEqual(v(1n, 2n, 3n, 'a', 'b'), version('1.2.3-a+b')));
  });
});
