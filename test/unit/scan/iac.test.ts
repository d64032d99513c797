import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { indexSources, locateFunction, memoryPatch, type SourceFile } from '../../../src/scan/iac/locate.js';
import { outline } from '../../../src/scan/iac/outline.js';
import type { IacResource } from '../../../src/scan/iac/types.js';

const ROOT = new URL('../../fixtures/iac/', import.meta.url).pathname;

async function readTree(dir: string): Promise<SourceFile[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return Promise.all(
    entries
      .filter((e) => e.isFile())
      .map(async (e) => {
        const full = join(e.parentPath, e.name);
        return { path: relative(ROOT, full).split('\\').join('/'), text: await readFile(full, 'utf8') };
      }),
  );
}

let files: SourceFile[];
let resources: IacResource[];

beforeAll(async () => {
  files = await readTree(ROOT);
  resources = indexSources(files);
});

describe('locateFunction', () => {
  it.each<{ case: string; name: string; tags: Record<string, string>; at: object }>([
    {
      case: 'a SAM function by its CloudFormation tags',
      name: 'orders-ApiFunction-1A2B3C4D5E6F',
      tags: { 'aws:cloudformation:logical-id': 'ApiFunction', 'aws:cloudformation:stack-name': 'orders' },
      at: { tool: 'sam', file: 'sam/template.yaml', line: 17, memoryMB: 1769, scope: 'function' },
    },
    {
      case: 'a SAM function without MemorySize, at the Globals line',
      name: 'orders-InlineFunction-9Z8Y7X6W5V4U',
      tags: { 'aws:cloudformation:logical-id': 'InlineFunction' },
      at: { tool: 'sam', file: 'sam/template.yaml', line: 8, memoryMB: 512, scope: 'shared' },
    },
    {
      case: "a SAM function by CloudFormation's default name, without tags",
      name: 'orders-ApiFunction-1A2B3C4D5E6F',
      tags: {},
      at: { tool: 'sam', file: 'sam/template.yaml', line: 17, matchedBy: "sam's default name for ApiFunction" },
    },
    {
      case: 'a CloudFormation JSON function by its FunctionName',
      name: 'image-resize',
      tags: {},
      at: { tool: 'cloudformation', file: 'cloudformation/stack.json', line: 13, memoryMB: 3008, matchedBy: 'function name image-resize' },
    },
    {
      case: 'a CDK function in the synthesized template of its stack',
      name: 'OrdersStack-OrdersHandler1A2B3C4D-Q1W2E3R4T5Y6',
      tags: { 'aws:cloudformation:logical-id': 'OrdersHandler1A2B3C4D', 'aws:cloudformation:stack-name': 'OrdersStack' },
      at: { tool: 'cdk', file: 'cdk/cdk.out/OrdersStack.template.json', line: 31, memoryMB: 2048 },
    },
    {
      case: 'a Serverless function with its own memorySize',
      name: 'billing-prod-invoice',
      tags: {},
      at: { tool: 'serverless', file: 'serverless/serverless.yml', line: 13, memoryMB: 1024, scope: 'function' },
    },
    {
      case: "a Serverless function at the provider's memorySize",
      name: 'billing-dev-report',
      tags: {},
      at: { tool: 'serverless', file: 'serverless/serverless.yml', line: 8, memoryMB: 512, scope: 'shared' },
    },
    {
      case: 'a Terraform aws_lambda_function, not the nested variable',
      name: 'thumbnailer',
      tags: {},
      at: { tool: 'terraform', file: 'terraform/main.tf', line: 19, memoryMB: 2048 },
    },
    {
      case: 'the Terraform lambda module, not the heredoc after it',
      name: 'mailer',
      tags: {},
      at: { tool: 'terraform', file: 'terraform/main.tf', line: 28, memoryMB: 1536 },
    },
  ])('finds $case', ({ name, tags, at }) => {
    expect(locateFunction(resources, name, tags)).toMatchObject(at);
  });

  it('finds nothing for a function no file declares', () => {
    expect(locateFunction(resources, 'elsewhere', {})).toBeUndefined();
  });

  it('never takes inline code for the setting', () => {
    expect(resources.filter((r) => r.file === 'sam/template.yaml').map((r) => r.line)).toEqual([17, 8]);
  });
});

describe('memoryPatch', () => {
  it('changes only the memory literal, with three lines of context', () => {
    const file = files.find((f) => f.path === 'terraform/main.tf') as SourceFile;
    const at = locateFunction(resources, 'thumbnailer', {});

    const patch = at && memoryPatch(file.text, at, 512);

    expect(patch).toBe(
      [
        '--- a/terraform/main.tf',
        '+++ b/terraform/main.tf',
        '@@ -16,7 +16,7 @@',
        '     }',
        '   }',
        ' ',
        '-  memory_size = 2048 # tuned by hand in 2024',
        '+  memory_size = 512 # tuned by hand in 2024',
        '   timeout     = 30',
        ' }',
        ' ',
        '',
      ].join('\n'),
    );
  });

  it('gives no patch where the line holds no literal', () => {
    const at = { tool: 'sam', file: 'x.yaml', line: 1, text: 'Foo:', scope: 'function', matchedBy: 'x' } as const;

    expect(memoryPatch('Foo:\n', at, 256)).toBeUndefined();
  });
});

describe('outline', () => {
  it.each([
    { case: 'nested YAML keys', text: 'a:\n  b:\n    c: 1\n', path: ['a', 'b'], key: 'c', value: '1', line: 3 },
    { case: 'a quoted JSON key with a trailing comma', text: '{\n  "a": {\n    "b": 2,\n  }\n}\n', path: ['a'], key: 'b', value: '2', line: 3 },
    { case: 'a key after a comment', text: 'a: 1 # one\nb: "x # y"\n', path: [], key: 'b', value: 'x # y', line: 2 },
    { case: 'a key inside a list item', text: 'l:\n  - k: v\n    m: w\n', path: ['l', '-'], key: 'm', value: 'w', line: 3 },
  ])('reads $case', ({ text, path, key, value, line }) => {
    expect(outline(text)).toContainEqual({ path, key, value, line });
  });
});
