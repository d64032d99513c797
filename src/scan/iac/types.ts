/** What the IaC locators find in a source tree. */
import type { Architecture } from '../../types.js';
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
  /**
   * The declaration's own name in its file: the logical id, the Serverless function key, or the
   * Terraform address (`aws_lambda_function.api`, `module.mailer`). `diff` pairs base and head by it.
   */
  key: string;
  /** CloudFormation logical id (matched against the `aws:cloudformation:logical-id` tag). */
  logicalId?: string;
  /** Names written literally in the file. */
  names: string[];
  /** The tool's default naming scheme (`<stack>-<id>-<suffix>`, `<service>-<stage>-<fn>`). */
  patterns: RegExp[];
  line: number;
  text: string;
  memoryMB?: number;
  /** The memory setting as written (`1024`, `!Ref Memory`, `var.memory`); absent when not set. */
  memoryValue?: string;
  scope: IacLocation['scope'];
  /** The instruction set as written (`Architectures`, `architecture`, `architectures`); absent: x86_64. */
  architecture?: Architecture;
}
