/** Types for the tests; the zip that `bench` deploys carries only the .mjs files. */
export interface ParallelSievePayload {
  limit?: number;
  repeat?: number;
  threads?: number;
}
export interface ParallelSieveResult {
  limit: number;
  repeat: number;
  threads: number;
  /** null when repeat is 0 (no worker ran). */
  count: number | null;
  ms: number;
}
export function shares(repeat: number, threads: number): number[];
export function handler(event?: ParallelSievePayload | null): Promise<ParallelSieveResult>;
