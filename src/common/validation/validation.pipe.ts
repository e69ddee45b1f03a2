import { ValidationPipe, ValidationError } from '@nestjs/common';
import { FieldError, ValidationFailedError } from '../errors/domain-errors';
import { cacheValidationRuleLookups } from './validation-rules-cache';

/** class-validator constraint names -> the error codes ServiceStack's validators use. */
const CODES: Record<string, string> = {
  isNotEmpty: 'NotEmpty',
  isDefined: 'NotNull',
  isEnum: 'Enum',
  isIn: 'Enum',
  isEmail: 'Email',
  maxLength: 'Length',
  minLength: 'Length',
  length: 'Length',
  arrayMaxSize: 'Length',
  arrayMinSize: 'Length',
  min: 'GreaterThanOrEqual',
  max: 'LessThanOrEqual',
  matches: 'RegularExpression',
  whitelistValidation: 'NotAllowed',
  invalidPhoneNumber: 'InvalidPhoneNumber',
};

function errorCode(constraint: string): string {
  return (
    CODES[constraint] ??
    (constraint.startsWith('is') ? 'Invalid' : constraint[0].toUpperCase() + constraint.slice(1))
  );
}

/** A field's JSON path, as error messages name it: `parent.property`, or `parent[0]` for an index. */
export function joinPath(parent: string, property: string): string {
  if (/^\d+$/.test(property)) return `${parent}[${property}]`;
  return parent ? `${parent}.${property}` : property;
}

/** Flattens class-validator's tree into one field error per failed constraint, named by JSON path. */
export function flattenValidationErrors(errors: ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((error) => {
    const path = joinPath(parent, error.property);
    const own = Object.entries(error.constraints ?? {}).map(([constraint, message]) => ({
      errorCode: errorCode(constraint),
      fieldName: path,
      message: message.replace(new RegExp(`^${error.property}\\b`), path),
    }));
    return [...own, ...flattenValidationErrors(error.children ?? [], path)];
  });
}

/**
 * The one validation pipe: transforms to DTO classes, strips unknown properties (ServiceStack
 * ignores them too), and reports failures as field errors in the envelope.
 */
export function createValidationPipe(): ValidationPipe {
  cacheValidationRuleLookups();
  return new ValidationPipe({
    transform: true,
    whitelist: true,
    forbidNonWhitelisted: false,
    stopAtFirstError: true,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => new ValidationFailedError(flattenValidationErrors(errors)),
  });
}
