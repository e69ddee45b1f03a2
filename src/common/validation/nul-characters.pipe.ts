import { ArgumentMetadata, Injectable, PipeTransform } from '@nestjs/common';
import { InvalidFieldError } from '../errors/domain-errors';
import { joinPath } from './validation.pipe';

const NUL = '\u0000';

/**
 * The keys leading to the first string (value or key) in `value` that holds a NUL character, or null.
 * Paths are only spelled out for the one that is found: every request passes through here.
 */
function nulKeys(value: unknown): string[] | null {
  if (typeof value === 'string') return value.includes(NUL) ? [] : null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = nulKeys(value[i]);
      if (found !== null) return [String(i), ...found];
    }
    return null;
  }
  if (typeof value === 'object' && value !== null) {
    for (const [key, item] of Object.entries(value)) {
      if (key.includes(NUL)) return [key];
      const found = nulKeys(item);
      if (found !== null) return [key, ...found];
    }
  }
  return null;
}

/**
 * The first step of the global `RequestInputPipe`: refuses any text holding a NUL character (U+0000),
 * in a path parameter, the query or the body, with a 400 naming the field. PostgreSQL cannot store one
 * in text, and no name, number or id has one, so it is refused alike on every database and before any
 * work is done.
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
      `${path || 'The body'} must not contain NUL characters (\\u0000)`,
    );
  }
}
