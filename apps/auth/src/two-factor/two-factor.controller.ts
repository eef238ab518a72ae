import { Body, Controller, Get, HttpCode, HttpStatus, Post, Req } from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { ApiInvalid, ApiProblem } from '@orion/core';
import { CurrentUser, RequiresRecentAuthentication, UserPrincipal } from '@orion/security';
import type { FastifyRequest } from 'fastify';
import { actingClientOf } from './acting-client';
import { BackupCodesService } from './backup-codes.service';
import {
  BackupCodesDto,
  CodeDto,
  EnabledDto,
  StartTotpDto,
  TotpEnrolmentDto,
  TwoFactorOverviewDto,
} from './dto/two-factor.dto';
import { TotpService } from './totp.service';
import { TwoFactorService } from './two-factor.service';

const WrongCode = () => ApiProblem(422, 'TWO_FACTOR_CODE_INVALID', 'Wrong, expired or already used code');
const TooMany = () => ApiProblem(429, 'TWO_FACTOR_TOO_MANY_CODES', 'Too many wrong codes lately');

/** The caller's own second factors: overview, authenticator app, backup codes. */
@ApiTags('two-factor')
@Controller('two-factor')
export class TwoFactorController {
  constructor(
    private readonly twoFactor: TwoFactorService,
    private readonly totp: TotpService,
    private readonly backupCodes: BackupCodesService,
  ) {}

  @Get()
  @ApiOperation({ summary: 'My second factors (no secrets)' })
  @ApiOkResponse({ type: TwoFactorOverviewDto })
  async overview(@CurrentUser() me: UserPrincipal): Promise<TwoFactorOverviewDto> {
    const overview = await this.twoFactor.overview(me.userId);
    return {
      ...overview,
      factors: overview.factors.map((factor) => ({
        ...factor,
        enabledAt: factor.enabledAt.toISOString(),
        lastUsedAt: factor.lastUsedAt?.toISOString() ?? null,
      })),
    };
  }

  @Post('totp')
  @RequiresRecentAuthentication()
  @ApiOperation({
    summary: 'Start enrolling an authenticator app',
    description:
      'Returns a new secret as an otpauth:// URI, as a QR code and in Base32 for typing in. It is ' +
      'stored encrypted and stays inactive until POST /two-factor/totp/confirm gets a valid code.',
  })
  @ApiCreatedResponse({ type: TotpEnrolmentDto })
  @ApiProblem(409, 'TWO_FACTOR_ALREADY_ENABLED', 'An authenticator app is already enabled')
  @ApiInvalid()
  enrolTotp(@CurrentUser() me: UserPrincipal, @Body() body: StartTotpDto): Promise<TotpEnrolmentDto> {
    return this.totp.enrol(me.userId, body?.label);
  }

  @Post('totp/confirm')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Activate the authenticator app with its first code',
    description: 'Codes are accepted within one 30-second step of drift, and each code only once.',
  })
  @ApiOkResponse({ type: EnabledDto })
  @ApiProblem(404, 'TWO_FACTOR_ENROLMENT_NOT_FOUND', 'No enrolment is waiting for confirmation')
  @WrongCode()
  @TooMany()
  @ApiInvalid()
  async confirmTotp(
    @CurrentUser() me: UserPrincipal,
    @Body() body: CodeDto,
    @Req() request: FastifyRequest,
  ): Promise<EnabledDto> {
    const result = await this.totp.confirm(me.userId, body.code, actingClientOf(request));
    return { enabled: true, ...result };
  }

  @Post('totp/disable')
  @RequiresRecentAuthentication()
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Remove the authenticator app; needs a current code from it' })
  @ApiNoContentResponse({ description: 'Removed. Backup codes go too when no other factor is left.' })
  @ApiProblem(404, 'TWO_FACTOR_NOT_FOUND', 'No authenticator app is enabled')
  @WrongCode()
  @TooMany()
  @ApiInvalid()
  async disableTotp(
    @CurrentUser() me: UserPrincipal,
    @Body() body: CodeDto,
    @Req() request: FastifyRequest,
  ): Promise<void> {
    await this.totp.disable(me.userId, body.code, actingClientOf(request));
  }

  @Post('backup-codes')
  @RequiresRecentAuthentication()
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Replace my backup codes',
    description: 'Ten new single-use codes; the previous ones stop working. Shown only in this answer.',
  })
  @ApiOkResponse({ type: BackupCodesDto })
  @ApiProblem(409, 'TWO_FACTOR_NOT_ENABLED', 'Backup codes need a second factor to back up')
  async regenerateBackupCodes(
    @CurrentUser() me: UserPrincipal,
    @Req() request: FastifyRequest,
  ): Promise<BackupCodesDto> {
    return { codes: await this.backupCodes.regenerate(me.userId, actingClientOf(request)) };
  }
}
