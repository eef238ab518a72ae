import { EventPattern, MessagePattern } from '@nestjs/microservices';
import type { CommandContract, EventContract } from '@orion/contracts';

/**
 * Marks a handler of a command; pair it with `@Payload() body: TheRequestClass` so the global
 * ValidationPipe checks the payload before the handler runs.
 */
export const HandleCommand = (command: CommandContract<unknown, unknown>): MethodDecorator =>
  MessagePattern(command.pattern);

/** Marks a consumer of an event; pair it with `@Payload() event: ThePayloadClass`. */
export const HandleEvent = (event: EventContract<unknown>): MethodDecorator => EventPattern(event.name);
