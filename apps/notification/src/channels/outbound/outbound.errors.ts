/**
 * A connection to a caller-chosen URL was refused because the address it resolved to (or the
 * literal address it names) is not allowed. Internal: callers only ever see a generic message.
 */
export class TargetAddressRefusedError extends Error {
  readonly code = 'ERR_TARGET_ADDRESS_REFUSED';
  constructor(
    readonly host: string,
    readonly address: string,
    readonly range: string,
  ) {
    super(
      host === address
        ? `${address} (${range}) is not allowed`
        : `${host} resolved to ${address} (${range}), which is not allowed`,
    );
    this.name = 'TargetAddressRefusedError';
  }
}

/** The refusal behind an error thrown by the HTTP stack, however deeply it is wrapped. */
export function refusalIn(error: unknown): TargetAddressRefusedError | undefined {
  for (let e = error, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    if (e instanceof TargetAddressRefusedError) return e;
  }
  return undefined;
}
