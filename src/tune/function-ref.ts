/**
 * The parts of a function reference as Lambda reads `FunctionName`: a name, `name:qualifier`, a
 * partial ARN (`123456789012:function:name[:qualifier]`) or an ARN (`arn:…:function:name[:qualifier]`).
 * One reading for tune's "a version cannot be tuned in place", --copy's version and --apply-to.
 */
export interface FunctionRef {
  name: string;
  /** A version number or alias name, when the reference has one. */
  qualifier?: string;
}

export function functionRef(nameOrArn: string): FunctionRef {
  const parts = nameOrArn.split(':');
  const at = parts.indexOf('function');
  const [name, qualifier] = at >= 0 ? [parts[at + 1], parts[at + 2]] : [parts[0], parts[1]];
  return { name: name ?? '', ...(qualifier !== undefined && qualifier !== '' ? { qualifier } : {}) };
}
