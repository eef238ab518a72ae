import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  HttpStatus,
  Inject,
  Param,
  ParseUUIDPipe,
  Patch,
  Post,
  Res,
} from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiProblem } from '@orion/core';
import { CurrentUser, RequiresRecentAuthentication, UserPrincipal } from '@orion/security';
import type { FastifyReply } from 'fastify';
import { AUTH_CONFIG, AuthConfig } from '../config/auth.config';
import { setDeviceTokenCookie } from './device-token';
import { DevicesService } from './devices.service';
import { DeviceDto, DeviceListDto, RenameDeviceDto, toDeviceDto, TrustedDeviceDto } from './dto/device.dto';

const Id = () => Param('id', ParseUUIDPipe);

@ApiTags('devices')
@Controller('devices')
export class DevicesController {
  constructor(
    private readonly devices: DevicesService,
    @Inject(AUTH_CONFIG) private readonly config: AuthConfig,
  ) {}

  @Get()
  @ApiOperation({ summary: 'The devices the caller has signed in from, most recently seen first' })
  @ApiOkResponse({ type: DeviceListDto })
  async list(@CurrentUser() user: UserPrincipal): Promise<DeviceListDto> {
    return { items: (await this.devices.list(user.userId)).map(toDeviceDto) };
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Rename a device' })
  @ApiOkResponse({ type: DeviceDto })
  @ApiProblem(404, 'DEVICE_NOT_FOUND', 'Not one of the caller’s devices')
  async rename(
    @CurrentUser() user: UserPrincipal,
    @Id() id: string,
    @Body() body: RenameDeviceDto,
  ): Promise<DeviceDto> {
    return toDeviceDto(await this.devices.rename(user.userId, id, body.name));
  }

  @Post(':id/trust')
  @RequiresRecentAuthentication()
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Trust a device and receive its device token',
    description:
      'Answers a new device token (shown once; also set as the orion_device cookie for browsers). ' +
      'Sign-ins that present it skip the second factor, pass temporary lockouts and are rate-limited ' +
      'on their own, until DEVICE_TRUST_TTL_S passes. Call it from the device being trusted: only ' +
      'the token makes a device trusted, never its user agent or X-Device-Id.',
  })
  @ApiOkResponse({ type: TrustedDeviceDto })
  @ApiProblem(404, 'DEVICE_NOT_FOUND', 'Not one of the caller’s devices')
  async trust(
    @CurrentUser() user: UserPrincipal,
    @Id() id: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<TrustedDeviceDto> {
    const { device, deviceToken } = await this.devices.trust(user.userId, id);
    setDeviceTokenCookie(reply, deviceToken, this.config.defence.deviceTrustTtlS);
    return { ...toDeviceDto(device), deviceToken };
  }

  @Post(':id/untrust')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Stop trusting a device; its device token stops working' })
  @ApiOkResponse({ type: DeviceDto })
  @ApiProblem(404, 'DEVICE_NOT_FOUND', 'Not one of the caller’s devices')
  async untrust(@CurrentUser() user: UserPrincipal, @Id() id: string): Promise<DeviceDto> {
    return toDeviceDto(await this.devices.untrust(user.userId, id));
  }

  @Delete(':id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Forget a device and end every session signed in on it' })
  @ApiNoContentResponse({ description: 'Revoked.' })
  @ApiProblem(404, 'DEVICE_NOT_FOUND', 'Not one of the caller’s devices')
  async revoke(@CurrentUser() user: UserPrincipal, @Id() id: string): Promise<void> {
    await this.devices.revoke(user.userId, id);
  }
}
