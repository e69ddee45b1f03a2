import { ArgumentMetadata, Injectable, PipeTransform, ValidationPipe } from '@nestjs/common';
import { ServiceStackBindingPipe } from '../../servicestack/dto-binding.pipe';
import { NulCharactersPipe } from './nul-characters.pipe';

/**
 * The global pipe: every `@Body()`, `@Query()` and `@Param()` value is checked for NUL characters,
 * bound as ServiceStack binds it (PascalCase keys, string-valued fields), then validated, in that
 * order. A custom parameter (the caller, `@CurrentUser()`) is the app's own and passes untouched.
 *
 * One pipe running the three rather than three global pipes: Nest awaits each global pipe in turn, on
 * every parameter of every request, the caller's included.
 */
@Injectable()
export class RequestInputPipe implements PipeTransform {
  constructor(
    private readonly nulCharacters: NulCharactersPipe,
    private readonly binding: ServiceStackBindingPipe,
    private readonly validation: ValidationPipe,
  ) {}

  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    if (metadata.type === 'custom') return value;
    const checked = this.nulCharacters.transform(value, metadata);
    return this.validation.transform(this.binding.transform(checked, metadata), metadata);
  }
}
