import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiAcceptedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiProblem } from '@orion/core';
import { BearerOrApiKeyAuth, CurrentPrincipal, Principal, RequirePermission } from '@orion/security';
import type { FastifyReply } from 'fastify';
import { BatchesService } from './batches.service';
import {
  BatchDto,
  BatchPageDto,
  BatchParamsDto,
  CreateBatchDto,
  ListBatchesQueryDto,
  toBatchDto,
  toBatchSummaryDto,
} from './dto/batch.dto';

@ApiTags('notification-batches')
@Controller('notification-batches')
export class BatchesController {
  constructor(private readonly batches: BatchesService) {}

  @Post()
  @HttpCode(202)
  @BearerOrApiKeyAuth()
  @RequirePermission('notifications:send')
  @ApiOperation({
    summary: 'Send one template to many users: accepted at once, expanded in the background',
    description:
      'Each recipient gets one send with the idempotency key <batchId>:<userId>. Follow progress with GET; ' +
      'the report appears once every message has an outcome.',
  })
  @ApiAcceptedResponse({ type: BatchDto })
  @ApiOkResponse({ type: BatchDto, description: 'The idempotency key was used before: the first batch' })
  @ApiProblem(409, 'IDEMPOTENCY_KEY_REUSED', 'The idempotencyKey was used before with a different request')
  @ApiProblem(404, 'TEMPLATE_NOT_FOUND', 'No such template')
  @ApiProblem(422, 'TEMPLATE_VARIABLES_INVALID', 'The shared variables do not satisfy the template')
  @ApiProblem(403, 'OWNER_REQUIRED', 'An API key without an owner cannot own batches')
  async create(
    @Body() body: CreateBatchDto,
    @CurrentPrincipal() caller: Principal,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<BatchDto> {
    const { batch, created } = await this.batches.create(body, caller);
    if (!created) reply.status(200);
    return toBatchDto(batch);
  }

  @Get()
  @BearerOrApiKeyAuth()
  @RequirePermission('notifications:read')
  @ApiOperation({
    summary:
      "List the caller's batches (every owner's with notifications:admin), newest first, optionally by status",
  })
  @ApiOkResponse({ type: BatchPageDto })
  async list(
    @CurrentPrincipal() caller: Principal,
    @Query() query: ListBatchesQueryDto,
  ): Promise<BatchPageDto> {
    const page = await this.batches.list(caller, query.limit, query.cursor, query.status);
    return { items: page.items.map(toBatchSummaryDto), nextCursor: page.nextCursor };
  }

  @Get(':id')
  @BearerOrApiKeyAuth()
  @RequirePermission('notifications:read')
  @ApiOperation({ summary: 'Progress counts, and the final report once the batch has settled' })
  @ApiOkResponse({ type: BatchDto })
  @ApiProblem(404, 'BATCH_NOT_FOUND', "No such batch, or another owner's (without notifications:admin)")
  async get(@CurrentPrincipal() caller: Principal, @Param() params: BatchParamsDto): Promise<BatchDto> {
    return toBatchDto(await this.batches.get(params.id, caller));
  }

  @Post(':id/cancel')
  @HttpCode(200)
  @BearerOrApiKeyAuth()
  @RequirePermission('notifications:send')
  @ApiOperation({
    summary: 'Cancel: recipients not expanded yet and messages not yet sent become CANCELLED',
  })
  @ApiOkResponse({ type: BatchDto })
  @ApiProblem(404, 'BATCH_NOT_FOUND', "No such batch, or another owner's (without notifications:admin)")
  @ApiProblem(409, 'BATCH_NOT_CANCELLABLE', 'The batch has finished or was cancelled')
  async cancel(@CurrentPrincipal() caller: Principal, @Param() params: BatchParamsDto): Promise<BatchDto> {
    return toBatchDto(await this.batches.cancel(params.id, caller));
  }
}
