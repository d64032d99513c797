import { describe, expect, it } from 'vitest';
import { functionNameProblem } from '../../../src/aws/function-name.js';

describe('functionNameProblem', () => {
  it.each([
    { case: 'a name', target: 'orders-api_v2' },
    { case: 'a name with a version', target: 'orders:12' },
    { case: 'a name with $LATEST', target: 'orders:$LATEST' },
    { case: 'a partial ARN', target: '123456789012:function:orders' },
    { case: 'a full ARN', target: 'arn:aws:lambda:eu-west-1:123456789012:function:orders' },
    { case: 'a GovCloud ARN with an alias', target: 'arn:aws-us-gov:lambda:us-gov-west-1:123456789012:function:orders:live' },
    { case: 'a name of 64 characters', target: 'a'.repeat(64) },
  ])('accepts $case', ({ target }) => {
    expect(functionNameProblem(target)).toBeUndefined();
  });

  it.each([
    { case: 'a space', target: 'my orders', says: /^"my orders" is not a Lambda function name \(letters, digits/ },
    { case: 'a glob', target: 'orders-*', says: /is not a Lambda function name/ },
    { case: 'an empty name', target: '', says: /^the function name is empty$/ },
    { case: 'a name of 65 characters', target: 'a'.repeat(65), says: /at most 64 characters, it has 65/ },
    { case: 'an S3 ARN', target: 'arn:aws:s3:::bucket', says: /is not a Lambda function ARN \(arn:aws:lambda:<region>/ },
    { case: 'an ARN without the name', target: 'arn:aws:lambda:eu-west-1:123456789012:function:', says: /is not a Lambda function ARN/ },
  ])('names the problem with $case', ({ target, says }) => {
    expect(functionNameProblem(target)).toMatch(says);
  });
});
