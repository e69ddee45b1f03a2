import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Query } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles } from '../common/auth/auth.decorators';
import type { Principal } from '../common/auth/principal';
import { ALL_ROLES } from '../common/auth/role.enum';
import { ListResponse, ListResponseOf } from '../common/dto/list.dto';
import { ApiErrors } from '../common/errors/api-errors.decorator';
import { EndpointInfo } from './dto/endpoint-info.dto';
import { ListEndpointsQuery } from './dto/list-endpoints.dto';
import { PatchEndpoint } from './dto/patch-endpoint.dto';
import { EndpointsService } from './endpoints.service';

@ApiTags('Endpoints')
@Controller('endpoints')
export class EndpointsController {
  constructor(private readonly endpoints: EndpointsService) {}

  @Get()
  @Roles(...ALL_ROLES)
  @ApiOperation({
    operationId: 'ListEndpoints',
    summary: 'Lists the endpoints the caller may see',
    description:
      'Every filter narrows the result (tagIds: endpoints carrying all of them). Sort fields: displayName ' +
      '(default), phoneNumber, type, referenceId, dateCreated, dateLastModified, id.',
  })
  @ApiOkResponse({ type: ListResponseOf(EndpointInfo) })
  @ApiErrors(400)
  list(
    @CurrentUser() actor: Principal,
    @Query() query: ListEndpointsQuery,
  ): Promise<ListResponse<EndpointInfo>> {
    return this.endpoints.list(actor, query);
  }

  @Get(':endpointId')
  @Roles(...ALL_ROLES)
  @ApiOperation({ operationId: 'GetEndpoint', summary: 'Gets an endpoint' })
  @ApiOkResponse({ type: EndpointInfo })
  @ApiErrors(404)
  get(@CurrentUser() actor: Principal, @Param('endpointId') endpointId: string): Promise<EndpointInfo> {
    return this.endpoints.get(actor, endpointId);
  }

  @Patch(':endpointId')
  @Roles(...ALL_ROLES)
  @ApiOperation({
    operationId: 'PatchEndpoint',
    summary: 'Changes an endpoint',
    description:
      'Only the fields given change. Changes the provider must know (display name, address, emergency settings) ' +
      'are pushed to it first; if it refuses, nothing is stored.',
  })
  @ApiOkResponse({ type: EndpointInfo })
  @ApiErrors(400, 404, 409, 503)
  patch(
    @CurrentUser() actor: Principal,
    @Param('endpointId') endpointId: string,
    @Body() dto: PatchEndpoint,
  ): Promise<EndpointInfo> {
    return this.endpoints.patch(actor, endpointId, dto);
  }

  @Delete(':endpointId')
  @HttpCode(204)
  @Roles(...ALL_ROLES)
  @ApiOperation({
    operationId: 'DeleteEndpoint',
    summary: 'Deletes an endpoint',
    description:
      'A bought number is released at the provider first (if that fails, the endpoint stays); a virtual number is ' +
      'only removed. A number the provider account does not hold is a 409 NumberNotAtProvider (never counted ' +
      'as released); mark it doNotTouchPhoneNumber to delete the endpoint without a release.',
  })
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiErrors(404, 409, 503)
  delete(@CurrentUser() actor: Principal, @Param('endpointId') endpointId: string): Promise<void> {
    return this.endpoints.delete(actor, endpointId);
  }
}
