import {
  clientJsonProblem,
  jsonNestsDeeperThan,
  MAX_NESTING_DEPTH,
  pathNestedDeeperThan,
} from '../../src/common/validation/input-shape';

const nested = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;

describe('input shape', () => {
  it('counts the nesting of JSON text, skipping brackets inside strings and escaped quotes', () => {
    expect(jsonNestsDeeperThan(nested(MAX_NESTING_DEPTH))).toBe(false);
    expect(jsonNestsDeeperThan(nested(MAX_NESTING_DEPTH + 1))).toBe(true);
    expect(jsonNestsDeeperThan(`{"a": "${'['.repeat(100)}"}`)).toBe(false);
    expect(jsonNestsDeeperThan(`{"a": "\\"${'{'.repeat(100)}"}`)).toBe(false);
    // An escaped backslash ends the string: the brackets after it count.
    expect(jsonNestsDeeperThan(`{"a\\\\": ${nested(3)}}`, 3)).toBe(true);
    expect(jsonNestsDeeperThan(`{"a\\\\": ${nested(2)}}`, 3)).toBe(false);
    expect(jsonNestsDeeperThan('{"unterminated: [[[[', 1)).toBe(false);
  });

  it('names the first value past the limit, walking no deeper than the limit', () => {
    const value = JSON.parse(`{"a": [1, {"b": ${nested(100_000)}}]}`);
    expect(pathNestedDeeperThan(value, 4)).toEqual(['a', '1', 'b', '0']);
    expect(pathNestedDeeperThan({ a: [1] }, 2)).toBeNull();
  });

  it('names forbidden keys, escaped or not, and leaves the other prototype names alone', () => {
    const problem = (text: string) => clientJsonProblem(text, JSON.parse(text), 'data')?.fieldErrors[0];
    expect(problem('{"a": {"\\u005f_proto__": 1}}')).toMatchObject({ fieldName: 'data.a.__proto__' });
    expect(problem('[{"constructor": 1}]')).toMatchObject({ fieldName: 'data[0].constructor' });
    expect(problem('{"prototype": 1}')).toMatchObject({
      fieldName: 'data.prototype',
      errorCode: 'NotAllowed',
    });
    expect(problem('{"toString": {"hasOwnProperty": 1}, "x": "constructor"}')).toBeUndefined();
  });
});
