import { Controller, Get, Headers, HttpCode, Param, ParseUUIDPipe, Post, Query, Res } from '@nestjs/common';
import { ApiHeader, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { ApiProblem, Page } from '@orion/core';
import { CurrentUser, UserPrincipal } from '@orion/security';
import type { FastifyReply } from 'fastify';
import type { OutgoingHttpHeaders } from 'node:http';
import { InboxItemDto, InboxPageDto, InboxQueryDto, ReadAllDto, UnreadCountDto } from './dto/inbox.dto';
import { InboxStreamService } from './inbox-stream.service';
import { InboxService } from './inbox.service';
import type { InboxItem } from './inbox.types';

const NotInInbox = () => ApiProblem(404, 'INBOX_ITEM_NOT_FOUND', 'Not an item of your inbox');
const ItemId = () => Param('id', ParseUUIDPipe);

/** The caller's own in-app notifications; nobody else's are ever visible (404). */
@ApiTags('inbox')
@Controller('inbox')
export class InboxController {
  constructor(
    private readonly inbox: InboxService,
    private readonly stream: InboxStreamService,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Your in-app notifications, newest first' })
  @ApiOkResponse({ type: InboxPageDto })
  list(@CurrentUser() caller: UserPrincipal, @Query() query: InboxQueryDto): Promise<Page<InboxItem>> {
    return this.inbox.page(caller.userId, query.view, query);
  }

  @Get('unread-count')
  @ApiOperation({ summary: 'How many of your items are unread (archived ones not counted)' })
  @ApiOkResponse({ type: UnreadCountDto })
  async unreadCount(@CurrentUser() caller: UserPrincipal): Promise<UnreadCountDto> {
    return { unread: await this.inbox.unreadCount(caller.userId) };
  }

  @Get('stream')
  @ApiOperation({
    summary: 'Your new items as server-sent events',
    description:
      'text/event-stream: each new item is an event `notification` whose data is the item (JSON) and whose id ' +
      'is the item id; a comment line arrives every INBOX_STREAM_HEARTBEAT_MS. Opened with Last-Event-ID, the ' +
      'stream first replays, oldest first, the items delivered after that one, then goes on live, none twice. ' +
      'When it cannot (the id is not among your last INBOX_STREAM_REPLAY_MAX items, or the log is unavailable) ' +
      'it sends an event `resync` (data `{"reason":…}`) and only live items: list the inbox to catch up. ' +
      'The stream ends with an event `end` (data `{"reason":…}`) when the ' +
      'access token expires or is revoked (`token-expired`, `token-revoked`) or when the user opens more ' +
      'than INBOX_STREAM_MAX_PER_USER streams (`stream-limit`, sent to the oldest).',
  })
  @ApiProduces('text/event-stream')
  @ApiHeader({
    name: 'Last-Event-ID',
    required: false,
    description: 'The id of the last item received; EventSource sends it when it reconnects.',
  })
  @ApiOkResponse({ description: 'The stream; it stays open.' })
  async openStream(
    @CurrentUser() caller: UserPrincipal,
    @Res() reply: FastifyReply,
    @Headers('Last-Event-ID') lastEventId?: string,
  ): Promise<void> {
    // The stream writes to the socket itself; headers set so far (request id) go along.
    reply.hijack();
    const headers = reply.getHeaders() as OutgoingHttpHeaders;
    await this.stream.serve(caller, reply.raw, headers, lastEventId?.trim() || undefined);
  }

  @Post('read-all')
  @HttpCode(200)
  @ApiOperation({ summary: 'Mark every unread item as read' })
  @ApiOkResponse({ type: ReadAllDto })
  async readAll(@CurrentUser() caller: UserPrincipal): Promise<ReadAllDto> {
    return { updated: await this.inbox.markAllRead(caller.userId) };
  }

  @Post(':id/read')
  @HttpCode(200)
  @ApiOperation({ summary: 'Mark an item as read (again: no change)' })
  @ApiOkResponse({ type: InboxItemDto })
  @NotInInbox()
  read(@CurrentUser() caller: UserPrincipal, @ItemId() id: string): Promise<InboxItem> {
    return this.inbox.markRead(caller.userId, id);
  }

  @Post(':id/archive')
  @HttpCode(200)
  @ApiOperation({ summary: 'Move an item out of the inbox (again: no change)' })
  @ApiOkResponse({ type: InboxItemDto })
  @NotInInbox()
  archive(@CurrentUser() caller: UserPrincipal, @ItemId() id: string): Promise<InboxItem> {
    return this.inbox.archive(caller.userId, id);
  }

  @Post(':id/unarchive')
  @HttpCode(200)
  @ApiOperation({ summary: 'Bring an archived item back into the inbox' })
  @ApiOkResponse({ type: InboxItemDto })
  @NotInInbox()
  unarchive(@CurrentUser() caller: UserPrincipal, @ItemId() id: string): Promise<InboxItem> {
    return this.inbox.unarchive(caller.userId, id);
  }
}
