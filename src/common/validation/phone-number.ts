import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { registerDecorator, ValidationArguments } from 'class-validator';
import { InvalidFieldError } from '../errors/domain-errors';

/** The default region for numbers given without a country code (Evo Voice is North American). */
export const DEFAULT_REGION = 'US';

const message = (fieldName: string, input: unknown): string =>
  `${fieldName} must be a valid phone number in E.164 format (e.g. +14155552671); got '${String(input)}'`;

/**
 * The last number parsed: a buy checks its number in the DTO and then normalises it in the service,
 * and parsing against the numbering plans takes ~25 µs each time.
 */
let last: { input: string; e164: string | null } = { input: '', e164: null };

/** E.164 form of any common notation, or null when it is not a valid number. */
export function toE164(input: string): string | null {
  if (input === last.input) return last.e164;
  const parsed = parsePhoneNumberFromString(input.trim(), DEFAULT_REGION);
  const e164 = parsed?.isValid() ? parsed.number : null;
  last = { input, e164 };
  return e164;
}

/** Parses any common notation into E.164, or throws a 400 naming `fieldName`. */
export function normalisePhoneNumber(input: string, fieldName: string): string {
  const e164 = toE164(input);
  if (!e164) throw new InvalidFieldError(fieldName, 'InvalidPhoneNumber', message(fieldName, input));
  return e164;
}

/** DTO validation of a phone number, so that it is reported together with the other field errors. */
export function IsPhoneNumber(): PropertyDecorator {
  return (object: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'invalidPhoneNumber',
      target: object.constructor,
      propertyName: propertyName as string,
      validator: {
        validate: (value: unknown) => typeof value === 'string' && toE164(value) !== null,
        defaultMessage: (args: ValidationArguments) => message(args.property, args.value),
      },
    });
}
