/** Types for the tests; the zip that `bench` deploys carries only the .mjs files. */
export interface PrimeSievePayload {
  limit?: number;
  repeat?: number;
}
export interface PrimeSieveResult {
  limit: number;
  repeat: number;
  count: number;
  ms: number;
}
export function countPrimes(limit: number): number;
export function handler(event?: PrimeSievePayload | null): Promise<PrimeSieveResult>;
