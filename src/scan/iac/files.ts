/**
 * Which files of a tree can declare a Lambda function: what `scan --source` reads from the disk and
 * `diff` reads from a commit. Pure: paths and text in, yes or no out.
 */

/** Dependency and build folders; not `cdk.out`, where CDK writes the synthesized templates. */
export const SKIP_DIRS: ReadonlySet<string> = new Set(['node_modules', '.git', '.terraform', '.serverless', '.aws-sam', 'dist', 'coverage']);
const EXTENSIONS = /\.(ya?ml|json|template|tf)$/;
/** Larger files are data, not templates; bounding them keeps a scan of a monorepo quick. */
export const MAX_SOURCE_BYTES = 2 * 1024 * 1024;
export const MAX_SOURCE_FILES = 20_000;
/** A file that mentions none of these declares no function. */
const MARKERS = ['AWS::Lambda::Function', 'AWS::Serverless::Function', 'aws_lambda_function', 'terraform-aws-modules/lambda', 'functions:'];

/** A file name with a template's extension. */
export function hasSourceExtension(name: string): boolean {
  return EXTENSIONS.test(name);
}

/** A `/`-separated path with a template's extension and no skipped folder on the way. */
export function isSourcePath(path: string): boolean {
  const parts = path.split('/');
  return hasSourceExtension(parts[parts.length - 1] ?? '') && !parts.slice(0, -1).some((p) => SKIP_DIRS.has(p));
}

export function mayDeclareFunction(text: string): boolean {
  return MARKERS.some((m) => text.includes(m));
}
