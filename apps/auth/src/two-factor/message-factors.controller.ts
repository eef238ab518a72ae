import { Body, Controller, Delete, HttpCode, HttpStatus, Post, Req } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { ApiInvalid, ApiProblem } from '@orion/core';
import { CurrentUser, RequiresRecentAuthentication, UserPrincipal } from '@orion/security';
import type { FastifyRequest } from 'fastify';
import { actingClientOf } from './acting-client';
import { CodeDto, CodeSentDto, EnabledDto, StartSmsDto } from './dto/two-factor.dto';
import { MessageFactorsService } from './message-factors.service';

const Enabled = () => ApiProblem(409, 'TWO_FACTOR_ALREADY_ENABLED', 'This method is already enabled');
const Pending = () => ApiProblem(404, 'TWO_FACTOR_ENROLMENT_NOT_FOUND', 'No enrolment is waiting for a code');
const WrongCode = () => ApiProblem(422, 'TWO_FACTOR_CODE_INVALID', 'Wrong, expired or already used code');
const TooMany = () => ApiProblem(429, 'TWO_FACTOR_TOO_MANY_CODES', 'Too many codes sent lately');
const Missing = () => ApiProblem(404, 'TWO_FACTOR_NOT_FOUND', 'This method is not enabled');

/** Codes by SMS (a verified phone number) and by e-mail (the account's address). */
@ApiTags('two-factor')
@Controller('two-factor')
export class MessageFactorsController {
  constructor(private readonly messageFactors: MessageFactorsService) {}

  @Post('sms')
  @RequiresRecentAuthentication()
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({ summary: 'Start enrolling a phone: a code is texted to it' })
  @ApiAcceptedResponse({ type: CodeSentDto })
  @TooMany()
  @ApiProblem(429, 'SMS_DAILY_LIMIT_REACHED', 'A daily cap on texts is reached (Retry-After: next UTC day)')
  @ApiProblem(422, 'SMS_COUNTRY_NOT_ALLOWED', 'The number’s region is not in SMS_ALLOWED_COUNTRIES')
  @ApiProblem(403, 'EMAIL_VERIFICATION_REQUIRED', 'The account has not verified its e-mail address')
  @Enabled()
  @ApiInvalid()
  enrolSms(@CurrentUser() me: UserPrincipal, @Body() body: StartSmsDto): Promise<CodeSentDto> {
    return this.messageFactors.enrolSms(me.userId, body.phoneNumber);
  }

  @Post('sms/confirm')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Activate SMS codes with the code just texted' })
  @ApiOkResponse({ type: EnabledDto })
  @Pending()
  @WrongCode()
  @ApiInvalid()
  async confirmSms(
    @CurrentUser() me: UserPrincipal,
    @Body() body: CodeDto,
    @Req() request: FastifyRequest,
  ): Promise<EnabledDto> {
    await this.messageFactors.confirm(me.userId, 'sms', body.code, actingClientOf(request));
    return { enabled: true };
  }

  @Delete('sms')
  @RequiresRecentAuthentication()
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Stop SMS codes' })
  @ApiNoContentResponse({ description: 'Removed.' })
  @Missing()
  async disableSms(@CurrentUser() me: UserPrincipal, @Req() request: FastifyRequest): Promise<void> {
    await this.messageFactors.disable(me.userId, 'sms', actingClientOf(request));
  }

  @Post('email')
  @RequiresRecentAuthentication()
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({ summary: 'Start e-mail codes: a code goes to the account’s address' })
  @ApiAcceptedResponse({ type: CodeSentDto })
  @TooMany()
  @Enabled()
  @ApiProblem(422, 'TWO_FACTOR_DELIVERY_UNAVAILABLE', 'The account has no address')
  enrolEmail(@CurrentUser() me: UserPrincipal): Promise<CodeSentDto> {
    return this.messageFactors.enrolEmail(me.userId);
  }

  @Post('email/confirm')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Activate e-mail codes with the code just sent' })
  @ApiOkResponse({ type: EnabledDto })
  @Pending()
  @WrongCode()
  @ApiInvalid()
  async confirmEmail(
    @CurrentUser() me: UserPrincipal,
    @Body() body: CodeDto,
    @Req() request: FastifyRequest,
  ): Promise<EnabledDto> {
    await this.messageFactors.confirm(me.userId, 'email', body.code, actingClientOf(request));
    return { enabled: true };
  }

  @Delete('email')
  @RequiresRecentAuthentication()
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Stop e-mail codes' })
  @ApiNoContentResponse({ description: 'Removed.' })
  @Missing()
  async disableEmail(@CurrentUser() me: UserPrincipal, @Req() request: FastifyRequest): Promise<void> {
    await this.messageFactors.disable(me.userId, 'email', actingClientOf(request));
  }
}
