import { readFileSync } from 'node:fs';

export interface ProcessMemory {
  /** Resident set size now, in MiB. */
  rssMb: number;
  /** Peak resident set size since the process started (VmHWM), in MiB. */
  peakRssMb: number;
}

function fieldKb(status: string, field: string): number {
  const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status);
  return match ? Number(match[1]) : Number.NaN;
}

/** Reads /proc/<pid>/status (Linux); undefined when the process is gone or /proc is absent. */
export function readProcessMemory(pid: number | undefined): ProcessMemory | undefined {
  if (pid === undefined) return undefined;
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const toMb = (kb: number) => Math.round((kb / 1024) * 10) / 10;
    return { rssMb: toMb(fieldKb(status, 'VmRSS')), peakRssMb: toMb(fieldKb(status, 'VmHWM')) };
  } catch {
    return undefined;
  }
}
