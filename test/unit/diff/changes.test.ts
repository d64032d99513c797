import { describe, expect, it } from 'vitest';
import { findChanges } from '../../../src/diff/changes.js';
import { unreadable } from '../../../src/diff/readable.js';

const sam = (memory: string, extra = '') => `Transform: AWS::Serverless-2016-10-31
Globals:
  Function:
    MemorySize: 256
Resources:
  Api:
    Type: AWS::Serverless::Function
    Properties:
      FunctionName: api
      MemorySize: ${memory}
${extra}  Worker:
    Type: AWS::Serverless::Function
    Properties:
      Handler: w.handler
`;

const tf = (memory: string, arch = '') => `resource "aws_lambda_function" "thumbs" {
  function_name = "thumbnailer"
  memory_size   = ${memory}
${arch}}
`;

const serverless = (memory: string) => `service: billing
provider:
  name: aws
functions:
  invoice:
    handler: i.handler
    memorySize: ${memory}
`;

describe('findChanges', () => {
  it.each([
    {
      case: 'a SAM MemorySize literal',
      base: { 't.yaml': sam('1024') },
      head: { 't.yaml': sam('512') },
      want: [{ kind: 'memory', memoryMB: { before: 1024, after: 512 }, after: { key: 'Api', line: 10 } }],
    },
    {
      case: 'a SAM Globals change, for every function that inherits it',
      base: { 't.yaml': sam('1024') },
      head: { 't.yaml': sam('1024').replace('MemorySize: 256', 'MemorySize: 512') },
      want: [{ kind: 'memory', memoryMB: { before: 256, after: 512 }, after: { key: 'Worker', line: 4, scope: 'shared' } }],
    },
    {
      case: 'a Terraform memory_size',
      base: { 'main.tf': tf('2048') },
      head: { 'main.tf': tf('1024') },
      want: [{ kind: 'memory', memoryMB: { before: 2048, after: 1024 }, after: { key: 'aws_lambda_function.thumbs', line: 3 } }],
    },
    {
      case: 'a Serverless memorySize',
      base: { 'serverless.yml': serverless('1024') },
      head: { 'serverless.yml': serverless('2048') },
      want: [{ kind: 'memory', memoryMB: { before: 1024, after: 2048 }, after: { key: 'invoice' } }],
    },
    {
      case: "memory removed: back to the tool's default",
      base: { 'main.tf': tf('2048') },
      head: { 'main.tf': tf('2048').replace('  memory_size   = 2048\n', '') },
      want: [{ kind: 'memory', memoryMB: { before: 2048, after: 128 } }],
    },
    {
      case: 'a Terraform variable the tool cannot resolve',
      base: { 'main.tf': tf('2048') },
      head: { 'main.tf': tf('var.memory') },
      want: [{ kind: 'unresolved', memoryMB: { before: 2048, after: null }, expression: 'var.memory', after: { line: 3 } }],
    },
    {
      case: 'an architecture change',
      base: { 'main.tf': tf('1024') },
      head: { 'main.tf': tf('1024', '  architectures = ["arm64"]\n') },
      want: [{ kind: 'architecture', architecture: { before: 'x86_64', after: 'arm64' } }],
    },
    {
      case: 'a new function and a deleted one',
      base: { 'a.tf': tf('1024') },
      head: { 'b.tf': tf('512').replace(/thumbs/g, 'other') },
      want: [
        { kind: 'removed', memoryMB: { before: 1024, after: null } },
        { kind: 'added', memoryMB: { before: null, after: 512 } },
      ],
    },
    {
      case: 'a file that moved, by its key',
      base: { 'a/main.tf': tf('1024') },
      head: { 'b/main.tf': tf('512') },
      want: [{ kind: 'memory', memoryMB: { before: 1024, after: 512 }, after: { file: 'b/main.tf' } }],
    },
  ])('finds $case', ({ base, head, want }) => {
    const files = (tree: object) => Object.entries(tree as Record<string, string>).map(([path, text]) => ({ path, text }));

    expect(findChanges(files(base), files(head))).toMatchObject(want);
  });

  it('finds nothing when only other properties changed', () => {
    const base = [{ path: 't.yaml', text: sam('1024') }];
    const head = [{ path: 't.yaml', text: sam('1024', '      Timeout: 30\n').replace('Handler: w.handler', 'Handler: w2.handler') }];

    expect(findChanges(base, head)).toEqual([]);
  });

  it('leaves its inputs unchanged', () => {
    const base = Object.freeze([Object.freeze({ path: 't.yaml', text: sam('1024') })]);
    const head = Object.freeze([Object.freeze({ path: 't.yaml', text: sam('512') })]);

    expect(() => findChanges(base, head)).not.toThrow();
    expect(base[0]?.text).toBe(sam('1024'));
  });
});

describe('unreadable', () => {
  it.each([
    { case: 'broken JSON', path: 'stack.json', text: '{ "Resources": {', want: /^stack\.json: not valid JSON/ },
    {
      case: 'a minified template',
      path: 'cdk.out/S.template.json',
      text: '{"Resources":{"F":{"Type":"AWS::Lambda::Function","Properties":{"MemorySize":512}}}}',
      want: /minified template/,
    },
    { case: 'YAML indented with tabs', path: 't.yaml', text: 'Resources:\n\tApi:\n', want: /tabs/ },
    { case: 'unbalanced Terraform', path: 'main.tf', text: 'resource "aws_lambda_function" "a" {\n  memory_size = 1\n', want: /unbalanced braces/ },
  ])('refuses $case', ({ path, text, want }) => {
    expect(unreadable({ path, text })).toMatch(want);
  });

  it('reads a pretty-printed template', () => {
    expect(unreadable({ path: 't.yaml', text: sam('512') })).toBeUndefined();
  });
});

describe('findChanges with memory set through a default in the tree', () => {
  const cfn = (memory: number) =>
    `Parameters:\n  Memory:\n    Type: Number\n    Default: ${memory}\nResources:\n  Api:\n    Type: AWS::Lambda::Function\n    Properties:\n      MemorySize: !Ref Memory\n`;
  const tfvar = (memory: number) => `variable "memory" {\n  type    = number\n  default = ${memory}\n}\n`;
  const tfFn = 'resource "aws_lambda_function" "api" {\n  function_name = "api"\n  memory_size   = var.memory\n}\n';
  const sls = (memory: number) => `service: s\ncustom:\n  memory: ${memory}\nfunctions:\n  api:\n    handler: h\n    memorySize: \${self:custom.memory}\n`;

  it.each([
    {
      case: "a CloudFormation parameter's Default",
      base: { 't.yaml': cfn(1024) },
      head: { 't.yaml': cfn(512) },
      via: 'the default of parameter Memory',
      line: 9,
    },
    {
      case: "a Terraform variable's default in the module",
      base: { 'm/main.tf': tfFn, 'm/variables.tf': tfvar(2048) },
      head: { 'm/main.tf': tfFn, 'm/variables.tf': tfvar(1024) },
      via: 'the default of variable memory',
      line: 3,
    },
    { case: 'a Serverless custom value', base: { 'serverless.yml': sls(1024) }, head: { 'serverless.yml': sls(256) }, via: 'custom.memory', line: 7 },
  ])('resolves $case', ({ base, head, via, line }) => {
    const files = (tree: object) => Object.entries(tree as Record<string, string>).map(([path, text]) => ({ path, text }));

    const [change] = findChanges(files(base), files(head));

    expect(change).toMatchObject({ kind: 'memory', after: { line, resolvedVia: via } });
    expect(change?.memoryMB.before).toBeGreaterThan(change?.memoryMB.after ?? Infinity);
  });

  it('leaves a parameter without a Default unresolved', () => {
    const noDefault = (type: string) =>
      `Parameters:\n  Memory:\n    Type: ${type}\nResources:\n  Api:\n    Type: AWS::Lambda::Function\n    Properties:\n      MemorySize: !Ref Memory\n      Timeout: 3\n`;
    const base = [{ path: 't.yaml', text: noDefault('Number').replace('!Ref Memory', '1024') }];
    const head = [{ path: 't.yaml', text: noDefault('Number') }];

    expect(findChanges(base, head)).toMatchObject([{ kind: 'unresolved', expression: '!Ref Memory', memoryMB: { before: 1024, after: null } }]);
  });
});
