/**
 * The shapes `diff` works with. `DiffReport` is what `--output json` prints (schemaVersion 1,
 * documented in src/diff/README.md): a stable contract for CI scripts.
 */
import type { IacLocation } from '../scan/types.js';
import type { ResourceModel } from '../resources/index.js';
import type { Architecture, PriceRow } from '../types.js';

/**
 * `memory`: the memory literal changed. `added` / `removed`: a function declared only at head /
 * only at the base. `architecture`: the instruction set changed (with or without the memory).
 * `unresolved`: the memory is set by a variable or parameter the tool cannot read, and its line changed.
 */
export type ChangeKind = 'memory' | 'added' | 'removed' | 'architecture' | 'unresolved';

/** `slower`: past --max-slowdown or --max-duration. `dearer`: costs more for no speed. */
export type Flag = 'slower' | 'dearer';
export const FLAGS: readonly Flag[] = ['slower', 'dearer'];

export type Verdict =
  | 'cheaper-and-faster'
  | 'cheaper'
  | 'cheaper-but-slower'
  | 'faster'
  | 'faster-for-more'
  | 'dearer-for-no-speed'
  | 'slower-and-dearer'
  | 'slower'
  | 'about-the-same'
  | 'unknown'
  | 'new'
  | 'deleted';

/** A figure before and after the change; low/high bound the projection, null when unknown. */
export interface Range {
  before: number | null;
  after: number | null;
  low: number | null;
  high: number | null;
}

export interface DiffEvidence {
  /** How the duration at the new size is known. */
  basis: 'lambda-insights' | 'memory-sizes' | 'none';
  summary: string;
  model?: ResourceModel;
}

export interface DiffChange {
  /** The deployed function's name; the declaration's key when none was matched. */
  function: string;
  kind: ChangeKind;
  tool: IacLocation['tool'];
  /** The declaration: logical id, Serverless function key or Terraform address. */
  resource: string;
  /** Where the memory is set at head (at the base for a removed function); repository-relative. */
  file: string;
  line: number;
  /** The memory line is shared with other functions (SAM Globals, Serverless provider). */
  shared?: true;
  memoryMB: { before: number | null; after: number | null };
  architecture: { before: Architecture; after: Architecture };
  /** The unresolved memory expression as written (`!Ref Memory`, `var.memory`). */
  expression?: string;
  /** Invocations a month at the traffic read; null without history or timestamps. */
  monthlyInvocations: number | null;
  monthlyCostUSD: Range;
  /** Cost of one million invocations: known even where the traffic is not. */
  costPer1MUSD: Range;
  /** Mean duration, ms. */
  durationMs: Range;
  p95Ms: Range;
  evidence: DiffEvidence;
  /** What the history says at the size projected from. */
  measured?: MeasuredHistory;
  verdict: Verdict;
  flags: Flag[];
  /** One line: what the change does to money and latency, and how it is known. */
  message: string;
  /** What to do next, when there is something. */
  advice?: string;
  notes: string[];
}

export interface MeasuredHistory {
  memoryMB: number;
  invocations: number;
  /** Null when the window is unknown (recorded logs without timestamps). */
  invocationsPerDay: number | null;
  coldStarts: number;
  durationMs: { mean: number; p50: number | null; p95: number | null; p99: number | null };
  /** Lambda Insights: mean CPU time over mean duration at this size. */
  cpuShare?: number;
}

export interface DiffThresholds {
  /** `slower` when the projected p95 is more than (1 + this) × today's. */
  maxSlowdown: number;
  /** `slower` when the projected p95 passes this, ms (instead of maxSlowdown). */
  maxDurationMs?: number;
  /** A size with fewer invocations is no evidence (as scan's --min-invocations). */
  minInvocations: number;
}

export interface DiffReport {
  schemaVersion: 1;
  source: 'diff';
  /** The base commit and what it was resolved from. */
  base: { ref: string; commit: string };
  /** Where the history came from: CloudWatch (`scan`'s reading), replay files, or not needed. */
  history: 'cloudwatch' | 'replay' | 'none';
  region?: string;
  window?: { start: string; end: string; days: number };
  thresholds: DiffThresholds;
  pricing: PriceRow[];
  changes: DiffChange[];
  summary: DiffSummary;
  warnings: string[];
}

export interface DiffSummary {
  changes: number;
  /** Sums over the changes whose monthly cost is known on both sides. */
  monthlyCostUSD: { before: number; after: number; low: number; high: number };
  /** Changes left out of the sums (duration or traffic unknown). */
  unknown: number;
  flagged: { slower: number; dearer: number };
}
