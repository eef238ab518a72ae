/** A class whose instances are a message's payload; class-validator decorators describe it. */
export type PayloadClass<T> = new (...args: never[]) => T;

/**
 * A request/response message owned by one service: `<owner>.<subject>.<verb>.v<n>`.
 * A breaking change to the request or the response is a new contract with the next version;
 * the old one stays until no caller sends it.
 */
export interface CommandContract<Req, Res> {
  readonly kind: 'command';
  readonly pattern: string;
  readonly request: PayloadClass<Req>;
  /** Phantom member: carries the response type for callers; never set at run time. */
  readonly response?: Res;
}

/** A fact one service announces and any number of others may consume: `<owner>.<fact>.v<n>`. */
export interface EventContract<T> {
  readonly kind: 'event';
  readonly name: string;
  readonly payload: PayloadClass<T>;
}

export type RequestOf<C> = C extends CommandContract<infer Req, unknown> ? Req : never;
export type ResponseOf<C> = C extends CommandContract<unknown, infer Res> ? Res : never;
export type PayloadOf<E> = E extends EventContract<infer T> ? T : never;

// Lower-case dotted segments ending in a version, e.g. user.permissions.check.v1.
export const CONTRACT_NAME_FORMAT = /^[a-z][a-z0-9-]*(\.[a-z][a-z0-9-]*)+\.v[1-9][0-9]*$/;

function checkName(name: string): void {
  if (!CONTRACT_NAME_FORMAT.test(name)) {
    throw new Error(`Contract name "${name}" must look like owner.subject.verb.v1`);
  }
}

export function defineCommand<Req, Res>(
  pattern: string,
  request: PayloadClass<Req>,
): CommandContract<Req, Res> {
  checkName(pattern);
  return Object.freeze({ kind: 'command', pattern, request });
}

export function defineEvent<T>(name: string, payload: PayloadClass<T>): EventContract<T> {
  checkName(name);
  return Object.freeze({ kind: 'event', name, payload });
}
