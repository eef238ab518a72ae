import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  HttpStatus,
  Param,
  ParseUUIDPipe,
  Patch,
  Post,
} from '@nestjs/common';
import { ApiBearerAuth, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiGuarded, ApiProblem } from '@orion/core';
import { CurrentUser, RequiresRecentAuthentication, UserPrincipal } from '@orion/security';
import { DevicesService } from './devices.service';
import { DeviceDto, DeviceListDto, RenameDeviceDto, toDeviceDto } from './dto/device.dto';

const Id = () => Param('id', ParseUUIDPipe);

@ApiTags('devices')
@ApiBearerAuth()
@ApiGuarded()
@Controller('devices')
export class DevicesController {
  constructor(private readonly devices: DevicesService) {}

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
    summary: 'Trust a device',
    description:
      'Sign-ins from it skip the second factor and are never locked out, until DEVICE_TRUST_TTL_S passes.',
  })
  @ApiOkResponse({ type: DeviceDto })
  @ApiProblem(404, 'DEVICE_NOT_FOUND', 'Not one of the caller’s devices')
  async trust(@CurrentUser() user: UserPrincipal, @Id() id: string): Promise<DeviceDto> {
    return toDeviceDto(await this.devices.trust(user.userId, id));
  }

  @Post(':id/untrust')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Stop trusting a device' })
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
