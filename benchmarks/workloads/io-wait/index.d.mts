/** Types for the tests; the zip that `bench` deploys carries only the .mjs files. */
export interface IoWaitPayload {
  ms?: number;
}
export interface IoWaitResult {
  ms: number;
  waitedMs: number;
}
export function handler(event?: IoWaitPayload | null): Promise<IoWaitResult>;
