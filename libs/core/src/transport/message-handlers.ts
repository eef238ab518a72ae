import { MessagePattern } from '@nestjs/microservices';
import type { CommandContract } from '@orion/contracts';

/**
 * Marks a handler of a command; pair it with `@Payload() body: TheRequestClass` so the global
 * ValidationPipe checks the payload before the handler runs.
 */
export const HandleCommand = (command: CommandContract<unknown, unknown>): MethodDecorator =>
  MessagePattern(command.pattern);

// Events are not consumed over this transport: see @OnEvent (libs/core/src/events), which is durable.
