import { HttpStatus } from '@nestjs/common';
import { DomainError } from '@orion/core';

export class DeviceNotFoundError extends DomainError {
  readonly code = 'DEVICE_NOT_FOUND';
  readonly status = HttpStatus.NOT_FOUND;
  constructor() {
    super('No such device among yours.');
  }
}
