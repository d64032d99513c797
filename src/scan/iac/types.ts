/** What the IaC locators find in a source tree. */
import type { IacLocation } from '../types.js';

export interface SourceFile {
  /** Relative to the working directory, with `/`. */
  path: string;
  text: string;
}

/** A Lambda function declared in a file, with the line that sets (or would set) its memory. */
export interface IacResource {
  tool: IacLocation['tool'];
  file: string;
  /** CloudFormation logical id (matched against the `aws:cloudformation:logical-id` tag). */
  logicalId?: string;
  /** Names written literally in the file. */
  names: string[];
  /** The tool's default naming scheme (`<stack>-<id>-<suffix>`, `<service>-<stage>-<fn>`). */
  patterns: RegExp[];
  line: number;
  text: string;
  memoryMB?: number;
  scope: IacLocation['scope'];
}
