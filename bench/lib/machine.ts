import { cpus, loadavg, totalmem } from 'node:os';

export interface MachineFacts {
  cpuModel: string;
  cores: number;
  memoryGb: number;
  node: string;
  platform: string;
  /** 1-minute load average when the run started: a busy machine makes every figure lower. */
  loadAverageAtStart: number;
}

export function describeMachine(): MachineFacts {
  const cores = cpus();
  return {
    cpuModel: cores[0]?.model.trim() ?? 'unknown',
    cores: cores.length,
    memoryGb: Math.round((totalmem() / 1024 ** 3) * 10) / 10,
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    loadAverageAtStart: Math.round(loadavg()[0]! * 100) / 100,
  };
}
