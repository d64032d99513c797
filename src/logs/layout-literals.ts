/**
 * The fixed texts of the REPORT and X-Ray layouts that fast-report.ts reads (see there). Each
 * test (`atHead`…) compares its text four bytes at a time, its words written out as constants: the
 * JIT folds them into the comparisons, which made the whole fast path ~15 % faster than words read
 * from an array. fast-report.ts calls the functions by name, not through `Literal.matches`: a call
 * through the object was one shared, megamorphic call site that V8 did not inline (a real call per
 * literal, ~10 a line). A test checks every one against its `text`.
 */

export interface Literal {
  readonly text: string;
  readonly length: number;
  matches(b: Uint8Array, v: DataView, at: number): boolean;
}

// Written out from the texts: little-endian 32-bit words, then the bytes left over.
export function atHead(b: Uint8Array, v: DataView, at: number): boolean {
  return (
    v.getUint32(at, true) === 0x4f504552 &&
    v.getUint32(at + 4, true) === 0x52205452 &&
    v.getUint32(at + 8, true) === 0x65757165 &&
    v.getUint32(at + 12, true) === 0x64497473 &&
    b[at + 16] === 0x3a &&
    b[at + 17] === 0x20
  );
}
export const HEAD: Literal = { text: 'REPORT RequestId: ', length: 18, matches: atHead };
export function atDuration(b: Uint8Array, v: DataView, at: number): boolean {
  return (
    v.getUint32(at, true) === 0x61727544 &&
    v.getUint32(at + 4, true) === 0x6e6f6974 &&
    b[at + 8] === 0x3a &&
    b[at + 9] === 0x20
  );
}
export const DURATION: Literal = { text: 'Duration: ', length: 10, matches: atDuration };
export function atBilled(b: Uint8Array, v: DataView, at: number): boolean {
  return (
    v.getUint32(at, true) === 0x09736d20 &&
    v.getUint32(at + 4, true) === 0x6c6c6942 &&
    v.getUint32(at + 8, true) === 0x44206465 &&
    v.getUint32(at + 12, true) === 0x74617275 &&
    v.getUint32(at + 16, true) === 0x3a6e6f69 &&
    b[at + 20] === 0x20
  );
}
export const BILLED: Literal = { text: ' ms\tBilled Duration: ', length: 21, matches: atBilled };
export function atMemory(b: Uint8Array, v: DataView, at: number): boolean {
  return (
    v.getUint32(at, true) === 0x09736d20 &&
    v.getUint32(at + 4, true) === 0x6f6d654d &&
    v.getUint32(at + 8, true) === 0x53207972 &&
    v.getUint32(at + 12, true) === 0x3a657a69 &&
    b[at + 16] === 0x20
  );
}
export const MEMORY: Literal = { text: ' ms\tMemory Size: ', length: 17, matches: atMemory };
export function atMaxUsed(b: Uint8Array, v: DataView, at: number): boolean {
  return (
    v.getUint32(at, true) === 0x09424d20 &&
    v.getUint32(at + 4, true) === 0x2078614d &&
    v.getUint32(at + 8, true) === 0x6f6d654d &&
    v.getUint32(at + 12, true) === 0x55207972 &&
    v.getUint32(at + 16, true) === 0x3a646573 &&
    b[at + 20] === 0x20
  );
}
export const MAX_USED: Literal = { text: ' MB\tMax Memory Used: ', length: 21, matches: atMaxUsed };
export function atInit(b: Uint8Array, v: DataView, at: number): boolean {
  return (
    v.getUint32(at, true) === 0x74696e49 &&
    v.getUint32(at + 4, true) === 0x72754420 &&
    v.getUint32(at + 8, true) === 0x6f697461 &&
    b[at + 12] === 0x6e &&
    b[at + 13] === 0x3a &&
    b[at + 14] === 0x20
  );
}
export const INIT: Literal = { text: 'Init Duration: ', length: 15, matches: atInit };
export function atMb(b: Uint8Array, _v: DataView, at: number): boolean {
  return (
    b[at] === 0x20 &&
    b[at + 1] === 0x4d &&
    b[at + 2] === 0x42
  );
}
export const MB: Literal = { text: ' MB', length: 3, matches: atMb };
export function atMs(b: Uint8Array, _v: DataView, at: number): boolean {
  return (
    b[at] === 0x20 &&
    b[at + 1] === 0x6d &&
    b[at + 2] === 0x73
  );
}
export const MS: Literal = { text: ' ms', length: 3, matches: atMs };
export function atXray(b: Uint8Array, v: DataView, at: number): boolean {
  return (
    v.getUint32(at, true) === 0x59415258 &&
    v.getUint32(at + 4, true) === 0x61725420 &&
    v.getUint32(at + 8, true) === 0x64496563 &&
    b[at + 12] === 0x3a &&
    b[at + 13] === 0x20
  );
}
export const XRAY: Literal = { text: 'XRAY TraceId: ', length: 14, matches: atXray };
export function atSegment(b: Uint8Array, v: DataView, at: number): boolean {
  return (
    v.getUint32(at, true) === 0x67655309 &&
    v.getUint32(at + 4, true) === 0x746e656d &&
    v.getUint32(at + 8, true) === 0x203a6449
  );
}
export const SEGMENT: Literal = { text: '\tSegmentId: ', length: 12, matches: atSegment };
export function atSampled(b: Uint8Array, v: DataView, at: number): boolean {
  return (
    v.getUint32(at, true) === 0x6d615309 &&
    v.getUint32(at + 4, true) === 0x64656c70 &&
    b[at + 8] === 0x3a &&
    b[at + 9] === 0x20
  );
}
export const SAMPLED: Literal = { text: '\tSampled: ', length: 10, matches: atSampled };
export function atTrue(b: Uint8Array, v: DataView, at: number): boolean {
  return (
    v.getUint32(at, true) === 0x65757274
  );
}
export const TRUE: Literal = { text: 'true', length: 4, matches: atTrue };
export function atFalse(b: Uint8Array, v: DataView, at: number): boolean {
  return (
    v.getUint32(at, true) === 0x736c6166 &&
    b[at + 4] === 0x65
  );
}
export const FALSE: Literal = { text: 'false', length: 5, matches: atFalse };
export const LITERALS: readonly Literal[] = [HEAD, DURATION, BILLED, MEMORY, MAX_USED, INIT, MB, MS, XRAY, SEGMENT, SAMPLED, TRUE, FALSE];
