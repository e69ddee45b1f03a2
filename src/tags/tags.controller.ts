import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles } from '../common/auth/auth.decorators';
import type { Principal } from '../common/auth/principal';
import { ALL_ROLES, Role } from '../common/auth/role.enum';
import { ListResponse, ListResponseOf } from '../common/dto/list.dto';
import { ApiErrors } from '../common/errors/api-errors.decorator';
import { ListTagsQuery, NewTag, PatchTag } from './dto/new-tag.dto';
import { Tag } from './dto/tag.dto';
import { TagsService } from './tags.service';
import { Idempotent } from '../idempotency/idempotent.decorator';

@ApiTags('Tags')
@Controller('tags')
export class TagsController {
  constructor(private readonly tags: TagsService) {}

  @Post()
  @Idempotent()
  @HttpCode(200)
  @Roles(Role.SystemAdministrator, Role.Manager)
  @ApiOperation({ operationId: 'NewTag', summary: 'Creates a tag in an account' })
  @ApiOkResponse({ type: Tag })
  @ApiErrors(400, 409)
  create(@CurrentUser() actor: Principal, @Body() dto: NewTag): Promise<Tag> {
    return this.tags.create(actor, dto);
  }

  @Get()
  @Roles(...ALL_ROLES)
  @ApiOperation({
    operationId: 'ListTags',
    summary: 'Lists the tags of the accounts the caller may see',
    description: 'Sort fields: name (default), color, id.',
  })
  @ApiOkResponse({ type: ListResponseOf(Tag) })
  @ApiErrors(400)
  list(@CurrentUser() actor: Principal, @Query() query: ListTagsQuery): Promise<ListResponse<Tag>> {
    return this.tags.list(actor, query);
  }

  @Get(':tagId')
  @Roles(...ALL_ROLES)
  @ApiOperation({ operationId: 'GetTag', summary: 'Gets a tag' })
  @ApiOkResponse({ type: Tag })
  @ApiErrors(404)
  get(@CurrentUser() actor: Principal, @Param('tagId') tagId: string): Promise<Tag> {
    return this.tags.get(actor, tagId);
  }

  @Patch(':tagId')
  @Roles(Role.SystemAdministrator, Role.Manager)
  @ApiOperation({ operationId: 'PatchTag', summary: 'Renames or recolors a tag' })
  @ApiOkResponse({ type: Tag })
  @ApiErrors(400, 404, 409)
  patch(@CurrentUser() actor: Principal, @Param('tagId') tagId: string, @Body() dto: PatchTag): Promise<Tag> {
    return this.tags.patch(actor, tagId, dto);
  }

  @Delete(':tagId')
  @HttpCode(204)
  @Roles(Role.SystemAdministrator, Role.Manager)
  @ApiOperation({
    operationId: 'DeleteTag',
    summary: 'Deletes a tag, removing it from every endpoint, customer and flow that carries it',
  })
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiErrors(404)
  delete(@CurrentUser() actor: Principal, @Param('tagId') tagId: string): Promise<void> {
    return this.tags.delete(actor, tagId);
  }
}
