import { applyDecorators, Controller, Get, Query, StreamableFile } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { ApiInvalid, ApiProblem } from '@orion/core';
import { RequirePermission } from '@orion/security';
import { exportStream } from './audit-export';
import { AuditQueryService } from './audit-query.service';
import { AuditExportQueryDto, AuditListQueryDto } from './dto/audit-query.dto';
import { AuditPageDto, toAuditRecordDto } from './dto/audit-record.dto';

const InvalidFilter = () =>
  applyDecorators(
    ApiInvalid('Invalid filter; errors lists every field'),
    ApiProblem(400, 'INVALID_TIME_RANGE', '"from" is not earlier than "to"'),
  );

@ApiTags('audit')
@Controller('audit-logs')
export class AuditController {
  constructor(private readonly audit: AuditQueryService) {}

  @Get()
  @RequirePermission('audit:read')
  @ApiOperation({ summary: 'Search the audit log, newest first' })
  @ApiOkResponse({ type: AuditPageDto })
  @InvalidFilter()
  @ApiProblem(400, 'INVALID_CURSOR', 'A cursor this list did not hand out')
  async list(@Query() query: AuditListQueryDto): Promise<AuditPageDto> {
    const { limit, cursor, ...filter } = query;
    const page = await this.audit.list(filter, limit, cursor);
    return { items: page.items.map(toAuditRecordDto), nextCursor: page.nextCursor };
  }

  @Get('export')
  @RequirePermission('audit:export')
  @ApiOperation({ summary: 'Export matching audit records as JSON lines or CSV (streamed)' })
  @ApiProduces('application/x-ndjson', 'text/csv')
  @ApiOkResponse({ description: 'One record per line, newest first.' })
  @InvalidFilter()
  export(@Query() query: AuditExportQueryDto): StreamableFile {
    const { format = 'jsonl', ...filter } = query;
    const records = this.audit.all(filter);
    return new StreamableFile(exportStream(records, format), {
      type: format === 'csv' ? 'text/csv; charset=utf-8' : 'application/x-ndjson',
      disposition: `attachment; filename="audit-log.${format === 'csv' ? 'csv' : 'jsonl'}"`,
    });
  }
}
