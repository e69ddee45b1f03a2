import 'reflect-metadata';
import { IsInt, IsOptional, IsString, MaxLength } from 'class-validator';
import type { FieldError } from '../../src/common/errors/domain-errors';
import { createValidationPipe } from '../../src/common/validation/validation.pipe';

class Named {
  @IsString()
  name!: string;
}

class Coded extends Named {
  @IsOptional()
  @MaxLength(3)
  code?: string;
}

/** The global validation pipe, which remembers class-validator's rule lookups. */
const pipe = createValidationPipe();

async function fieldErrors(value: object): Promise<FieldError[]> {
  try {
    await pipe.transform(value, { type: 'body', metatype: Coded });
    return [];
  } catch (error) {
    return (error as { fieldErrors: FieldError[] }).fieldErrors;
  }
}

const fields = (errors: FieldError[]) => errors.map((e) => `${e.fieldName}:${e.errorCode}`);

describe('validation rule lookups, remembered per class', () => {
  it('applies a class’s own and inherited rules on every validation, not only the first', async () => {
    for (let i = 0; i < 3; i++) {
      expect(fields(await fieldErrors({ name: 7, code: 'toolong' }))).toEqual([
        'code:Length',
        'name:Invalid',
      ]);
      await expect(
        pipe.transform({ name: 'a', code: 'ok' }, { type: 'body', metatype: Coded }),
      ).resolves.toEqual(Object.assign(new Coded(), { name: 'a', code: 'ok' }));
    }
  });

  it('applies a rule registered after validation began, on the class and its subclasses', async () => {
    // No rule for `count` yet: the whitelist strips it.
    await expect(
      pipe.transform({ name: 'a', count: 'many' }, { type: 'body', metatype: Coded }),
    ).resolves.not.toHaveProperty('count');

    IsInt()(Named.prototype, 'count');

    expect(fields(await fieldErrors({ name: 'a', count: 'many' }))).toEqual(['count:Invalid']);
  });
});
