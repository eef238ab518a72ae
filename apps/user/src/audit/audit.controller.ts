import { Controller, Get, Query, StreamableFile } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import { RequirePermission } from '@orion/security';
import { exportStream, toAuditRecordView } from './audit-export';
import { AuditQueryService } from './audit-query.service';
import { AuditExportQueryDto, AuditListQueryDto } from './dto/audit-query.dto';
import { AuditPageDto } from './dto/audit-record.dto';
import { ProblemDto } from './dto/problem.dto';

const PROBLEMS = [
  { status: 400, description: 'Invalid filter, limit or cursor (VALIDATION_FAILED, INVALID_CURSOR).' },
  { status: 401, description: 'No valid access token.' },
  { status: 403, description: 'The caller lacks the permission (PERMISSION_DENIED).' },
];

@ApiTags('audit')
@Controller('audit-logs')
export class AuditController {
  constructor(private readonly audit: AuditQueryService) {}

  @Get()
  @RequirePermission('audit:read')
  @ApiOperation({ summary: 'Search the audit log, newest first' })
  @ApiOkResponse({ type: AuditPageDto })
  @ApiResponse({ ...PROBLEMS[0], type: ProblemDto })
  @ApiResponse({ ...PROBLEMS[1], type: ProblemDto })
  @ApiResponse({ ...PROBLEMS[2], type: ProblemDto })
  async list(@Query() query: AuditListQueryDto): Promise<AuditPageDto> {
    const { limit, cursor, ...filter } = query;
    const page = await this.audit.list(filter, limit, cursor);
    return { items: page.items.map(toAuditRecordView), nextCursor: page.nextCursor };
  }

  @Get('export')
  @RequirePermission('audit:export')
  @ApiOperation({ summary: 'Export matching audit records as JSON lines or CSV (streamed)' })
  @ApiProduces('application/x-ndjson', 'text/csv')
  @ApiOkResponse({ description: 'One record per line, newest first.' })
  @ApiResponse({ ...PROBLEMS[0], type: ProblemDto })
  @ApiResponse({ ...PROBLEMS[1], type: ProblemDto })
  @ApiResponse({ ...PROBLEMS[2], type: ProblemDto })
  export(@Query() query: AuditExportQueryDto): StreamableFile {
    const { format = 'jsonl', ...filter } = query;
    const records = this.audit.all(filter);
    return new StreamableFile(exportStream(records, format), {
      type: format === 'csv' ? 'text/csv; charset=utf-8' : 'application/x-ndjson',
      disposition: `attachment; filename="audit-log.${format === 'csv' ? 'csv' : 'jsonl'}"`,
    });
  }
}
