import { ArgumentMetadata, Injectable, PipeTransform } from '@nestjs/common';
import { InvalidFieldError } from '../errors/domain-errors';
import { joinPath } from './validation.pipe';

const NUL = '\u0000';
/** A UTF-16 surrogate not paired with its other half: no character at all. */
const LONE_SURROGATE = /\p{Cs}/u;

/** Text no name, number or id holds: a NUL, or a lone surrogate (which UTF-8, and so the database, cannot hold). */
const isUnreadable = (text: string): boolean => text.includes(NUL) || LONE_SURROGATE.test(text);

/**
 * The keys leading to the first string (value or key) in `value` that is unreadable, or null.
 * Paths are only spelled out for the one that is found: every request passes through here. Bodies
 * are nested at most `MAX_NESTING_DEPTH` levels (checked as they are parsed), so the recursion is too.
 */
function nulKeys(value: unknown): string[] | null {
  if (typeof value === 'string') return isUnreadable(value) ? [] : null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = nulKeys(value[i]);
      if (found !== null) return [String(i), ...found];
    }
    return null;
  }
  if (typeof value === 'object' && value !== null) {
    for (const [key, item] of Object.entries(value)) {
      if (isUnreadable(key)) return [key];
      const found = nulKeys(item);
      if (found !== null) return [key, ...found];
    }
  }
  return null;
}

/**
 * The first step of the global `RequestInputPipe`: refuses any text holding a NUL character (U+0000)
 * or a lone surrogate (`"\ud800"` in JSON), in a path parameter, the query or the body, with a 400
 * naming the field. PostgreSQL cannot store a NUL in text, a lone surrogate becomes U+FFFD on the way
 * to either database (and makes the email validator throw), and no name, number or id has one, so
 * both are refused alike on every database and before any work is done.
 */
@Injectable()
export class NulCharactersPipe implements PipeTransform {
  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    const keys = nulKeys(value);
    if (keys === null) return value;
    const path = keys.reduce(joinPath, metadata.type === 'param' ? (metadata.data ?? '') : '');
    throw new InvalidFieldError(
      path || 'body',
      'Invalid',
      `${path || 'The body'} must not contain NUL characters (\\u0000) or unpaired surrogates`,
    );
  }
}
