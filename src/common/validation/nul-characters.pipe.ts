import { ArgumentMetadata, Injectable, PipeTransform } from '@nestjs/common';
import { InvalidFieldError } from '../errors/domain-errors';
import { joinPath } from './validation.pipe';

const NUL = '\u0000';

/** The path of the first string (value or key) in `value` that holds a NUL character, or null. */
function nulPath(value: unknown, path: string): string | null {
  if (typeof value === 'string') return value.includes(NUL) ? path : null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = nulPath(value[i], joinPath(path, String(i)));
      if (found !== null) return found;
    }
    return null;
  }
  if (typeof value === 'object' && value !== null) {
    for (const [key, item] of Object.entries(value)) {
      const itemPath = joinPath(path, key);
      if (key.includes(NUL)) return itemPath;
      const found = nulPath(item, itemPath);
      if (found !== null) return found;
    }
  }
  return null;
}

/**
 * Global, first of the pipes: refuses any text holding a NUL character (U+0000), in a path parameter,
 * the query or the body, with a 400 naming the field. PostgreSQL cannot store one in text, and no
 * name, number or id has one, so it is refused alike on every database and before any work is done.
 */
@Injectable()
export class NulCharactersPipe implements PipeTransform {
  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    if (metadata.type === 'custom') return value;
    const path = nulPath(value, metadata.type === 'param' ? (metadata.data ?? '') : '');
    if (path !== null)
      throw new InvalidFieldError(
        path || 'body',
        'Invalid',
        `${path || 'The body'} must not contain NUL characters (\\u0000)`,
      );
    return value;
  }
}
