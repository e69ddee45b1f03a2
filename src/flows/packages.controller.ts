import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles } from '../common/auth/auth.decorators';
import type { Principal } from '../common/auth/principal';
import { ALL_ROLES, Role } from '../common/auth/role.enum';
import { ApiErrors } from '../common/errors/api-errors.decorator';
import { Idempotent } from '../idempotency/idempotent.decorator';
import { ExportPackageQuery, FlowPackage, ImportedPackage, ImportPackage } from './dto/package.dto';
import { PackagesService } from './packages.service';

@ApiTags('Flows')
@Controller('packages')
export class PackagesController {
  constructor(private readonly packages: PackagesService) {}

  @Get()
  @Roles(...ALL_ROLES)
  @ApiOperation({
    operationId: 'GetPackage',
    summary: 'Exports flows and the custom fields they read as one JSON package',
    description:
      'A flow whose values name an object of the account (an endpoint, customer, file, or a flow not exported ' +
      'with it) is refused (400 naming it): a package carries no account’s objects.',
  })
  @ApiOkResponse({ type: FlowPackage })
  @ApiErrors(400)
  export(@CurrentUser() actor: Principal, @Query() query: ExportPackageQuery): Promise<FlowPackage> {
    return this.packages.export(actor, query);
  }

  @Post()
  @Idempotent()
  @HttpCode(200)
  @Roles(Role.SystemAdministrator, Role.Manager)
  @ApiOperation({
    operationId: 'ImportPackage',
    summary: 'Imports a package: its flows become new flows of the account, all or nothing',
    description:
      'Sub-flow URLs and Flow values naming a flow of the package are remapped to the new flows. Names, ' +
      'descriptions, notes and roles are kept; customers and tags are not (they belong to the other account). ' +
      'Custom fields the account lacks are added; one it has with another type is a 400.',
  })
  @ApiOkResponse({ type: ImportedPackage })
  @ApiErrors(400)
  import(@CurrentUser() actor: Principal, @Body() dto: ImportPackage): Promise<ImportedPackage> {
    return this.packages.import(actor, dto);
  }
}
