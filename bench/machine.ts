/** The machine the numbers were taken on. */
import { availableParallelism, cpus, loadavg, release, totalmem } from "node:os";

export interface MachineInfo {
  nproc: number;
  cpuModel: string;
  memoryGb: number;
  node: string;
  os: string;
  /** 1-minute load average when the run started: a hint of how noisy the machine was. */
  loadAverageAtStart: number;
}

export function machineInfo(): MachineInfo {
  return {
    nproc: availableParallelism(),
    cpuModel: cpus()[0]?.model.trim() ?? "unknown",
    memoryGb: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    os: `${process.platform} ${release()}`,
    loadAverageAtStart: Math.round(loadavg()[0] * 100) / 100,
  };
}
