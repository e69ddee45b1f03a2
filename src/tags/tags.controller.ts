import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles } from '../common/auth/auth.decorators';
import type { Principal } from '../common/auth/principal';
import { ALL_ROLES, Role } from '../common/auth/role.enum';
import { ApiErrors } from '../common/errors/api-errors.decorator';
import { ListTagsQuery, NewTag } from './dto/new-tag.dto';
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
  @ApiOperation({ operationId: 'ListTags', summary: 'Lists the tags of the accounts the caller may see' })
  @ApiOkResponse({ type: [Tag] })
  list(@CurrentUser() actor: Principal, @Query() query: ListTagsQuery): Promise<Tag[]> {
    return this.tags.list(actor, query.accountIds);
  }
}
