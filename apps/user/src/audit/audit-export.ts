import { Readable } from 'node:stream';
import type { AuditRecord } from './audit.types';
import { toAuditRecordDto } from './dto/audit-record.dto';

const CSV_COLUMNS = [
  'id',
  'createdAt',
  'actorId',
  'action',
  'resourceType',
  'resourceId',
  'requestId',
  'ipAddress',
  'userAgent',
  'changes',
  'metadata',
] as const;

// RFC 4180 quoting; a leading =, +, - or @ is prefixed so spreadsheets do not run it as a formula.
function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  let text = typeof value === 'object' ? JSON.stringify(value) : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

async function* lines(records: AsyncIterable<AuditRecord>, format: 'jsonl' | 'csv') {
  if (format === 'csv') yield `${CSV_COLUMNS.join(',')}\r\n`;
  for await (const record of records) {
    const plain = toAuditRecordDto(record);
    yield format === 'csv'
      ? `${CSV_COLUMNS.map((column) => csvCell(plain[column])).join(',')}\r\n`
      : `${JSON.stringify(plain)}\n`;
  }
}

/** A stream of the records as JSON lines or CSV, pulled batch by batch as the client reads. */
export function exportStream(records: AsyncIterable<AuditRecord>, format: 'jsonl' | 'csv'): Readable {
  return Readable.from(lines(records, format));
}
