/** Types for the tests; the zip that `bench` deploys carries only the .mjs files. */
export interface MemoryHungryPayload {
  mb?: number;
  rounds?: number;
}
export interface MemoryHungryResult {
  mb: number;
  rounds: number;
  records: number;
  jsonMB: number;
  checksum: number;
  heapUsedMB: number;
  ms: number;
}
export interface DocumentRecord {
  id: number;
  name: string;
  active: boolean;
  tags: string[];
  values: number[];
}
export function buildDocument(mb: number): DocumentRecord[];
export function checksum(doc: readonly DocumentRecord[]): number;
export function handler(event?: MemoryHungryPayload | null): Promise<MemoryHungryResult>;
