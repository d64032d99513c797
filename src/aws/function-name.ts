/**
 * Lambda's own rule for a function given by name, partial ARN or ARN (the `FunctionName` pattern of
 * GetFunction in the Lambda API reference), checked before any call so a typo costs no request
 * and gets a precise line instead of the service's generic validation error.
 */
import { UsageError } from '../errors.js';

const FUNCTION_NAME =
  /^(?:arn:(?:aws[a-zA-Z-]*)?:lambda:)?(?:[a-z]{2}(?:-gov)?-[a-z]+-\d:)?(?:\d{12}:)?(?:function:)?([a-zA-Z0-9_.-]+)(?::(?:\$LATEST|[a-zA-Z0-9_-]+))?$/;

/** A name alone is at most 64 characters; the whole value (an ARN) at most 170. */
const MAX_NAME = 64;
const MAX_VALUE = 170;

/** What is wrong with `target` as a Lambda function name or ARN, or `undefined` when Lambda would take it. */
export function functionNameProblem(target: string): string | undefined {
  if (target === '') return 'the function name is empty';
  const name = FUNCTION_NAME.exec(target)?.[1];
  if (name === undefined) {
    return target.startsWith('arn:')
      ? `${target} is not a Lambda function ARN (arn:aws:lambda:<region>:<account>:function:<name>)`
      : `"${target}" is not a Lambda function name (letters, digits, "-" and "_" only)`;
  }
  if (name.length > MAX_NAME) return `"${name}" is not a Lambda function name (at most ${MAX_NAME} characters, it has ${name.length})`;
  if (target.length > MAX_VALUE) return `${target} is too long for a Lambda function ARN (at most ${MAX_VALUE} characters)`;
  return undefined;
}

/** The problem as the one error every command gives for it (exit 2, with the fix), or `undefined`. */
export function functionNameError(target: string): UsageError | undefined {
  const problem = functionNameProblem(target);
  return problem === undefined ? undefined : new UsageError(problem, 'check the name; ARNs look like arn:aws:lambda:<region>:<account>:function:<name>');
}
