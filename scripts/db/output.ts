/** Terminal output: coloured on a TTY unless NO_COLOR is set, plain otherwise (logs, CI). */
export interface Output {
  info(message: string): void;
  success(message: string): void;
  warn(message: string): void;
  error(message: string): void;
  heading(message: string): void;
  plain(message: string): void;
}

const codes = { red: 31, green: 32, yellow: 33, cyan: 36, bold: 1, dim: 2 } as const;
type Style = keyof typeof codes;

export function colourEnabled(stream: NodeJS.WriteStream): boolean {
  const noColor = process.env.NO_COLOR;
  if (noColor !== undefined && noColor !== '') return false;
  return stream.isTTY === true;
}

function paint(enabled: boolean, style: Style, text: string): string {
  return enabled ? `\u001b[${codes[style]}m${text}\u001b[0m` : text;
}

export function consoleOutput(): Output {
  const out = colourEnabled(process.stdout);
  const err = colourEnabled(process.stderr);
  return {
    info: (m) => process.stdout.write(`${m}\n`),
    plain: (m) => process.stdout.write(`${m}\n`),
    success: (m) => process.stdout.write(`${paint(out, 'green', '✔')} ${m}\n`),
    heading: (m) => process.stdout.write(`${paint(out, 'bold', paint(out, 'cyan', m))}\n`),
    warn: (m) => process.stderr.write(`${paint(err, 'yellow', `warning: ${m}`)}\n`),
    error: (m) => process.stderr.write(`${paint(err, 'red', `error: ${m}`)}\n`),
  };
}

/** Collects lines instead of printing them; used by tests and by callers that want text. */
export function memoryOutput(): Output & { lines: string[]; text(): string } {
  const lines: string[] = [];
  const push = (prefix: string) => (m: string) => lines.push(`${prefix}${m}`);
  return {
    lines,
    text: () => lines.join('\n'),
    info: push(''),
    plain: push(''),
    success: push('✔ '),
    heading: push(''),
    warn: push('warning: '),
    error: push('error: '),
  };
}

export const silentOutput: Output = {
  info: () => undefined,
  plain: () => undefined,
  success: () => undefined,
  heading: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};
