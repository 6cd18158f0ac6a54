import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parse, valid, clean } from '../src/index.js';

describe('parse', () => {
  it('reads major, minor and patch', () => {
    const v = parse('1.22.333');
    assert.equal(v.major, 1);
    assert.equal(v.minor, 22);
    assert.equal(v.patch, 333);
    assert.deepEqual(v.prerelease, []);
    assert.equal(v.version, '1.22.333');
  });

  it('stores numeric prerelease identifiers as numbers', () => {
    assert.deepEqual(parse('1.0.0-beta.11.x7').prerelease, ['beta', 11, 'x7']);
  });

  it('keeps build metadata out of the normalised version', () => {
    const v = parse('2.1.0-rc.1+build.77');
    assert.deepEqual(v.build, ['build', '77']);
    assert.equal(v.version, '2.1.0-rc.1');
  });

  it('accepts a leading v and surrounding whitespace', () => {
    assert.equal(parse('  v3.0.1 ').version, '3.0.1');
  });

  it('rejects leading zeros in numeric parts', () => {
    assert.equal(parse('01.2.3'), null);
    assert.equal(parse('1.2.3-alpha.01'), null);
  });

  it('rejects incomplete or garbage input', () => {
    for (const bad of ['1.2', '1.2.3.4', '1.2.3-', '1.2.3+', 'a.b.c', '', null, 42]) {
      assert.equal(parse(bad), null, String(bad));
    }
  });

  it('returns frozen objects', () => {
    const v = parse('1.2.3-a');
    assert.ok(Object.isFrozen(v));
    assert.ok(Object.isFrozen(v.prerelease));
  });
});

describe('valid and clean', () => {
  it('valid returns the normalised string', () => {
    assert.equal(valid('=1.2.3+meta'), '1.2.3');
    assert.equal(valid('nope'), null);
  });

  it('clean strips repeated prefixes', () => {
    assert.equal(clean('  ==v1.4.0-rc.2  '), '1.4.0-rc.2');
    assert.equal(clean('~1.4.0'), null);
  });
});
