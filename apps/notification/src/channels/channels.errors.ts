import { HttpStatus } from '@nestjs/common';
import { DomainError } from '@orion/core';

/**
 * No provider carries this channel on this service, so a send on it could only fail later.
 * The operator's variables are named in the boot log, not to the caller.
 */
export class ChannelNotConfiguredError extends DomainError {
  readonly code = 'CHANNEL_NOT_CONFIGURED';
  readonly status = HttpStatus.UNPROCESSABLE_ENTITY;
  constructor(channels: string[]) {
    super(`No provider is configured for ${channels.join(', ')} on this service.`);
    this.extensions.channels = channels;
  }
}
