/** A pino destination for in-process apps under test: keeps every line to read back. */
export class LogCapture {
  private readonly raw: string[] = [];

  write(chunk: string): void {
    this.raw.push(chunk);
  }

  text(): string {
    return this.raw.join('');
  }

  /** Every JSON log line written so far, parsed. */
  lines(): Record<string, unknown>[] {
    return this.text()
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  }
}
