import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsDefined, IsObject, ValidateNested } from 'class-validator';
import { QueryBool } from '../../common/dto/list.dto';
import { KeptAsSent, OptionalId, OptionalIdList } from '../../common/validation/decorators';
import { CustomField, CustomFieldList } from '../../custom-fields/dto/custom-field.dto';
import { FlowInfo } from './flow.dto';

/** Flows a package may carry. */
export const MAX_PACKAGE_FLOWS = 100;

/** Evo's `GetPackage`: flows and custom field definitions exported together. */
export class ExportPackageQuery {
  @OptionalId("The account to export from (defaults to the caller's only account)")
  accountId?: string;

  @OptionalIdList('The flows to export (none: only custom fields)', MAX_PACKAGE_FLOWS)
  flowIds?: string[];

  @QueryBool(
    'Include every custom field of the account (default false: only the fields the flows read, by their ' +
      'parameters’ `source` and `referenceId`)',
  )
  includeAllCustomFields?: boolean;
}

/** A package as `GET /packages` answers it and `POST /packages` takes it back. */
export class FlowPackage {
  @ApiProperty({
    description:
      'The flows (FlowInfo, nodes included). On import each becomes a new flow of the account; its `id` is ' +
      'only used to keep the package’s flows calling each other (sub-flow URLs and Flow values are remapped)',
    type: [FlowInfo],
  })
  @IsArray()
  @ArrayMaxSize(MAX_PACKAGE_FLOWS)
  @IsObject({ each: true })
  @KeptAsSent()
  flows: (FlowInfo | Record<string, unknown>)[];

  @CustomFieldList('Custom customer fields the flows read')
  customerFields?: CustomField[];

  @CustomFieldList('Custom endpoint fields the flows read')
  endpointFields?: CustomField[];

  @CustomFieldList('Custom system fields the flows read')
  systemFields?: CustomField[];
}

/** Evo's `ImportPackage`. */
export class ImportPackage {
  @OptionalId("The account to import into (defaults to the caller's only account)")
  accountId?: string;

  @ApiProperty({ description: 'The package, as `GET /packages` answered it', type: () => FlowPackage })
  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => FlowPackage)
  package: FlowPackage;
}

/** What an import created: the new flows, in package order, and the custom fields the account lacked. */
export class ImportedPackage {
  @ApiProperty({ description: 'The flows created, in the order of the package', type: [FlowInfo] })
  flows: FlowInfo[];

  @ApiProperty({ description: 'The customer fields added to the account', type: [CustomField] })
  customerFields: CustomField[];

  @ApiProperty({ description: 'The endpoint fields added to the account', type: [CustomField] })
  endpointFields: CustomField[];

  @ApiProperty({ description: 'The system fields added to the account', type: [CustomField] })
  systemFields: CustomField[];
}
