import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** RFC 9457 problem details, as every error of this service is sent. */
export class ProblemDto {
  @ApiProperty({ example: 'https://orion.dev/problems/permission-denied' })
  type!: string;

  @ApiProperty({ example: 'Forbidden' })
  title!: string;

  @ApiProperty({ example: 403 })
  status!: number;

  @ApiProperty({ example: 'PERMISSION_DENIED', description: 'Stable, machine-readable code.' })
  code!: string;

  @ApiPropertyOptional({ example: 'You lack audit:read.' })
  detail?: string;

  @ApiPropertyOptional({ example: '/api/v1/audit-logs' })
  instance?: string;
}
