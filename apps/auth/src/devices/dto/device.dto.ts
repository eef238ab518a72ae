import { ApiProperty } from '@nestjs/swagger';
import { IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { DeviceView } from '../device.types';

export class DeviceDto {
  @ApiProperty({ example: '5b0f6a52-9f43-4c55-8d1e-1f0a2b3c4d5e' })
  id!: string;

  @ApiProperty({ type: String, example: 'Firefox on Linux', nullable: true })
  name!: string | null;

  @ApiProperty({ type: String, example: 'desktop', nullable: true, description: 'desktop, mobile, tablet…' })
  deviceType!: string | null;

  @ApiProperty({ type: String, example: 'Linux', nullable: true })
  os!: string | null;

  @ApiProperty({ type: String, example: 'Firefox', nullable: true })
  browser!: string | null;

  @ApiProperty({ enum: ['PENDING', 'TRUSTED', 'BLOCKED'], example: 'TRUSTED' })
  status!: string;

  @ApiProperty({
    type: String,
    example: '2026-12-26T15:00:00.000Z',
    nullable: true,
    description: 'Trust ends then.',
  })
  trustedUntil!: string | null;

  @ApiProperty({ example: '2026-11-26T15:00:00.000Z' })
  lastSeenAt!: string;

  @ApiProperty({ type: String, example: '81.2.69.142', nullable: true })
  lastIp!: string | null;

  @ApiProperty({ example: '2026-11-01T09:00:00.000Z' })
  createdAt!: string;
}

export class TrustedDeviceDto extends DeviceDto {
  @ApiProperty({
    example: 'Yk3q0Jm1yq2m5v3h2lQ4W8xNfVbT0sZcR7dPaE6uHiI',
    description:
      'Shown once. The device proves it is this trusted device by sending it as X-Device-Token on ' +
      'sign-in (browsers also get it as the HttpOnly, Secure, SameSite=Strict orion_device cookie). ' +
      'Trusting again issues a new one; untrusting or revoking ends it.',
  })
  deviceToken!: string;
}

export class DeviceListDto {
  @ApiProperty({ type: [DeviceDto] })
  items!: DeviceDto[];
}

export class RenameDeviceDto {
  @ApiProperty({ example: 'Work laptop', maxLength: 100 })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  @Matches(/\S/, { message: 'name must not be blank' })
  name!: string;
}

export const toDeviceDto = (device: DeviceView): DeviceDto => ({
  id: device.id,
  name: device.name,
  deviceType: device.deviceType,
  os: device.os,
  browser: device.browser,
  status: device.status,
  trustedUntil: device.trustedUntil?.toISOString() ?? null,
  lastSeenAt: device.lastSeenAt.toISOString(),
  lastIp: device.lastIp,
  createdAt: device.createdAt.toISOString(),
});
