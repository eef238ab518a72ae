import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  ParseIntPipe,
  Post,
  Put,
  Query,
} from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { ApiProblem } from '@orion/core';
import { BearerOrApiKeyAuth, CurrentPrincipal, Principal, RequirePermission } from '@orion/security';
import {
  CreateTemplateDto,
  PreviewTemplateDto,
  TemplateListQueryDto,
  UpdateTemplateDraftDto,
} from './dto/template-input.dto';
import {
  RenderedContentDto,
  TemplateDetailDto,
  TemplatePageDto,
  TemplateVersionDto,
} from './dto/template-output.dto';
import { TemplatesService } from './templates.service';

@ApiTags('templates')
@BearerOrApiKeyAuth()
@Controller('templates')
export class TemplatesController {
  constructor(private readonly templates: TemplatesService) {}

  @Get()
  @RequirePermission('templates:read')
  @ApiOperation({ summary: 'List live templates by key' })
  @ApiResponse({ status: 200, type: TemplatePageDto })
  list(@Query() query: TemplateListQueryDto) {
    return this.templates.list(query.limit, query.cursor, query.category);
  }

  @Get(':key')
  @RequirePermission('templates:read')
  @ApiOperation({
    summary: 'Read a template with every published version, and its draft for holders of templates:manage',
  })
  @ApiResponse({ status: 200, type: TemplateDetailDto })
  @ApiProblem(404, 'TEMPLATE_NOT_FOUND', 'No such template')
  get(@CurrentPrincipal() caller: Principal, @Param('key') key: string) {
    return this.templates.get(key, caller);
  }

  @Post()
  @RequirePermission('templates:manage')
  @ApiOperation({
    summary: 'Create a template as a draft',
    description: 'Nothing can be sent with it until its draft is published.',
  })
  @ApiResponse({ status: 201, type: TemplateDetailDto })
  @ApiProblem(403, 'PERMISSION_DENIED', 'The key of a system template needs templates:manage-system')
  @ApiProblem(409, 'TEMPLATE_KEY_TAKEN', 'The key is in use (or was, by a deleted template)')
  create(@Body() body: CreateTemplateDto, @CurrentPrincipal() actor: Principal) {
    return this.templates.create(body, actor);
  }

  @Put(':key/draft')
  @RequirePermission('templates:manage')
  @ApiOperation({ summary: "Replace the draft and change the template's settings" })
  @ApiResponse({ status: 200, type: TemplateDetailDto })
  @ApiProblem(403, 'PERMISSION_DENIED', 'A system template needs templates:manage-system as well')
  @ApiProblem(404, 'TEMPLATE_NOT_FOUND', 'No such template')
  updateDraft(
    @Param('key') key: string,
    @Body() body: UpdateTemplateDraftDto,
    @CurrentPrincipal() actor: Principal,
  ) {
    return this.templates.updateDraft(key, body, actor);
  }

  @Post(':key/publish')
  @HttpCode(201)
  @RequirePermission('templates:manage')
  @ApiOperation({
    summary: 'Publish the draft as the next version and make it active',
    description: 'Refused when a placeholder is not a declared variable or a channel lacks a required field.',
  })
  @ApiResponse({ status: 201, type: TemplateVersionDto })
  @ApiProblem(404, 'TEMPLATE_NOT_FOUND', 'No such template')
  @ApiProblem(403, 'PERMISSION_DENIED', 'A system template needs templates:manage-system as well')
  @ApiProblem(409, 'TEMPLATE_NO_DRAFT', 'There is no draft to publish')
  @ApiProblem(
    422,
    'TEMPLATE_INVALID',
    'The draft cannot be published (for a system template also: [[secret]] missing, repeated or misplaced, the secret variable used in markup or no longer sensitive); errors lists each problem',
  )
  publish(@Param('key') key: string, @CurrentPrincipal() actor: Principal) {
    return this.templates.publish(key, actor);
  }

  @Post(':key/versions/:version/restore')
  @HttpCode(201)
  @RequirePermission('templates:manage')
  @ApiOperation({
    summary: 'Publish an earlier version again, as the newest version',
    description: 'History is kept: the new version records which one it restored.',
  })
  @ApiResponse({ status: 201, type: TemplateVersionDto })
  @ApiProblem(403, 'PERMISSION_DENIED', 'A system template needs templates:manage-system as well')
  @ApiProblem(404, 'TEMPLATE_VERSION_NOT_FOUND', 'No such template or version')
  @ApiProblem(422, 'TEMPLATE_INVALID', 'A system template version that breaks its rules is not restored')
  restore(
    @Param('key') key: string,
    @Param('version', ParseIntPipe) version: number,
    @CurrentPrincipal() actor: Principal,
  ) {
    return this.templates.restore(key, version, actor);
  }

  @Delete(':key')
  @HttpCode(204)
  @RequirePermission('templates:manage')
  @ApiOperation({
    summary: 'Delete a template (soft: sent notifications keep pointing at it; its key stays reserved)',
  })
  @ApiProblem(403, 'PERMISSION_DENIED', 'A system template needs templates:manage-system as well')
  @ApiProblem(404, 'TEMPLATE_NOT_FOUND', 'No such template')
  @ApiProblem(409, 'SYSTEM_TEMPLATE_NOT_DELETABLE', 'System templates are re-worded, never deleted')
  async remove(@Param('key') key: string, @CurrentPrincipal() actor: Principal): Promise<void> {
    await this.templates.remove(key, actor);
  }

  @Post(':key/preview')
  @HttpCode(200)
  @RequirePermission('templates:read')
  @ApiOperation({
    summary:
      'Render any version (or, with templates:manage, the draft) in any locale, with the sample values by default',
  })
  @ApiProblem(403, 'PERMISSION_DENIED', 'The draft was asked for without templates:manage')
  @ApiResponse({ status: 200, type: RenderedContentDto })
  @ApiProblem(404, 'TEMPLATE_VERSION_NOT_FOUND', 'No such template or version')
  @ApiProblem(422, 'TEMPLATE_VARIABLES_INVALID', 'A variable is missing or of the wrong type')
  @ApiProblem(422, 'TEMPLATE_CHANNEL_UNSUPPORTED', 'The version has no content for the channel')
  preview(
    @CurrentPrincipal() caller: Principal,
    @Param('key') key: string,
    @Body() body: PreviewTemplateDto,
  ) {
    return this.templates.preview(key, body, caller);
  }
}
