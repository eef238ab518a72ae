import { IsOptional, IsString, MaxLength } from 'class-validator';

/** Longest textual IPv6 address (an IPv4-mapped one), so any address a proxy reports fits. */
export const CLIENT_IP_MAX_LENGTH = 45;
export const CLIENT_USER_AGENT_MAX_LENGTH = 512;

// Applied bottom-up, exactly as the same decorators stacked on the property would be.
function stacked(...decorators: PropertyDecorator[]): PropertyDecorator {
  return (target, property) => {
    for (const decorator of [...decorators].reverse()) decorator(target, property);
  };
}

/** The address the request that caused an event came from, when it is known. */
export function OptionalClientIp(): PropertyDecorator {
  return stacked(IsOptional(), IsString(), MaxLength(CLIENT_IP_MAX_LENGTH));
}

/** The User-Agent of the request that caused an event, when it is known. */
export function OptionalClientUserAgent(): PropertyDecorator {
  return stacked(IsOptional(), IsString(), MaxLength(CLIENT_USER_AGENT_MAX_LENGTH));
}
