/** The machine a run measured, for BENCHMARKS.md: numbers only mean something next to this. */
import { cpus, loadavg, platform, release, totalmem, type } from 'node:os';
import { readFileSync } from 'node:fs';

export interface Machine {
  cpuModel: string;
  cores: number;
  cpuMhz: number;
  memoryGb: number;
  os: string;
  node: string;
  v8: string;
  /** 1-minute load average when the run started: a busy machine skews everything. */
  loadAverage: number;
}

function cgroupCpuLimit(): string | undefined {
  try {
    const [quota, period] = readFileSync('/sys/fs/cgroup/cpu.max', 'utf8').trim().split(/\s+/);
    if (quota === 'max') return undefined;
    return (Number(quota) / Number(period)).toFixed(1);
  } catch {
    return undefined;
  }
}

export function describeMachine(): Machine {
  const processors = cpus();
  const limit = cgroupCpuLimit();
  return {
    cpuModel: `${processors[0]?.model ?? 'unknown'}${limit ? ` (cgroup limit ${limit} CPUs)` : ''}`,
    cores: processors.length,
    cpuMhz: processors[0]?.speed ?? 0,
    memoryGb: totalmem() / 1024 ** 3,
    os: `${type()} ${release()} (${platform()})`,
    node: process.version,
    v8: process.versions.v8,
    loadAverage: loadavg()[0],
  };
}
