/** The IAM action and resource an execution role needs for a call, where they differ from the operation's name; the members an SDK computes from its body. */
import { computedReason, iamActions, impliedPermissions, partitionOf, resourceArns, s3ObjectsRead } from '../../src/integrate/services.js';
import type { InferredOperation, InferredParameter } from '../../src/infer/types.js';

function operation(service: string, name: string, parameters: Array<Partial<InferredParameter> & { name: string }>, extra: Partial<InferredOperation> = {}): InferredOperation {
  return {
    service,
    region: 'us-east-1',
    operation: name,
    protocol: 'rest-json',
    httpMethod: 'POST',
    path: '/',
    contentType: null,
    bodyEncoding: 'json',
    target: null,
    apiVersion: null,
    parameters: parameters.map((p) => ({ location: 'body', required: true, type: 'string', wireName: p.name, ...p })),
    requiredFrom: 'model',
    host: null,
    requestUri: null,
    protocols: ['rest-json'],
    model: null,
    endpointPrefix: null,
    json: null,
    attempts: 1,
    responseStatus: 200,
    location: 'x:1:1',
    call: 0,
    ...extra,
  };
}

/** Every identifier member a constant, as by default. */
const constants = (member: string): string => `<${member}>`;

test.each([
  ['us-east-1', 'aws', 'amazonaws.com'],
  ['cn-northwest-1', 'aws-cn', 'amazonaws.com.cn'],
  ['us-gov-west-1', 'aws-us-gov', 'amazonaws.com'],
  ['us-iso-east-1', 'aws-iso', 'c2s.ic.gov'],
])('%s is in the %s partition, its endpoints under %s', (region, partition, dnsSuffix) => {
  expect(partitionOf(region)).toEqual({ partition, dnsSuffix });
});

test("a resource's ARN is in its region's partition", () => {
  const put = operation('dynamodb', 'PutItem', [{ name: 'TableName', example: 'Users' }], { region: 'cn-north-1' });
  expect(resourceArns(put, constants)).toEqual([['arn:aws-cn:dynamodb:cn-north-1:*:table/', '<TableName>']]);
  const copy = operation('s3', 'PutObject', [{ name: 'Bucket', location: 'path', example: 'b' }, { name: 'Key', location: 'path', example: 'k' }], { region: 'us-gov-west-1', requestUri: '/{Bucket}/{Key+}' });
  expect(resourceArns(copy, constants)).toEqual([['arn:aws-us-gov:s3:::', '<Bucket>', '/*']]);
});

test.each([
  ['sqs', 'SendMessageBatch', 'sqs:SendMessage'],
  ['sqs', 'DeleteMessageBatch', 'sqs:DeleteMessage'],
  ['sqs', 'ChangeMessageVisibilityBatch', 'sqs:ChangeMessageVisibility'],
  ['s3', 'UploadPart', 's3:PutObject'],
  ['s3', 'DeleteObjects', 's3:DeleteObject'],
  ['s3', 'ListMultipartUploads', 's3:ListBucketMultipartUploads'],
  ['s3', 'PutBucketLifecycleConfiguration', 's3:PutLifecycleConfiguration'],
  ['s3', 'PutBucketEncryption', 's3:PutEncryptionConfiguration'],
  ['s3', 'PutObjectLockConfiguration', 's3:PutBucketObjectLockConfiguration'],
  ['sns', 'PublishBatch', 'sns:Publish'],
  ['dynamodb', 'TransactGetItems', 'dynamodb:GetItem'],
  ['dynamodb', 'TransactWriteItems', 'dynamodb:PutItem dynamodb:UpdateItem dynamodb:DeleteItem dynamodb:ConditionCheckItem'],
  ['dynamodb', 'BatchWriteItem', 'dynamodb:BatchWriteItem'],
  ['s3', 'CopyObject', 's3:PutObject'],
  ['s3', 'PutPublicAccessBlock', 's3:PutBucketPublicAccessBlock'],
  ['execute-api', 'PostToConnection', 'execute-api:ManageConnections'],
  ['execute-api', 'DeleteConnection', 'execute-api:ManageConnections'],
  ['neptune-graph', 'ExecuteQuery', 'neptune-graph:ReadDataViaQuery neptune-graph:WriteDataViaQuery neptune-graph:DeleteDataViaQuery'],
])('%s %s is authorized as %s', (service, name, actions) => {
  expect(iamActions(operation(service, name, []))).toEqual(actions.split(' '));
});

test.each([
  ['PutPublicAccessBlock', 's3:PutAccountPublicAccessBlock'],
  ['GetPublicAccessBlock', 's3:GetAccountPublicAccessBlock'],
  ['CreateAccessPoint', 's3:CreateAccessPoint'],
])("S3 Control's %s (signed as s3, at the s3-control endpoint) is authorized as %s", (name, action) => {
  expect(iamActions(operation('s3', name, [], { endpointPrefix: 's3-control' }))).toEqual([action]);
});

test.each([
  ['src-bucket/reports/q3.csv', 'src-bucket'],
  ['/src-bucket/reports/q3.csv?versionId=abc', 'src-bucket'],
  ['src%2Dbucket%2Freports%2Fq3.csv', 'src-bucket'],
])('an S3 copy reads its source (CopySource %s) as the caller: s3:GetObject on %s', (copySource, bucket) => {
  const op = operation('s3', 'CopyObject', [{ name: 'CopySource', location: 'header', wireName: 'x-amz-copy-source', example: copySource }], { protocol: 'rest-xml' });
  expect(s3ObjectsRead(op)).toEqual([[`arn:aws:s3:::${bucket}/*`]]);
});

test("API Gateway's own API: the HTTP verb on the resource path, client-given labels as *", () => {
  const op = operation(
    'apigateway',
    'PutMethod',
    [
      { name: 'restApiId', location: 'path', wireName: 'restapi_id' },
      { name: 'resourceId', location: 'path', wireName: 'resource_id' },
      { name: 'httpMethod', location: 'path', wireName: 'http_method' },
    ],
    { httpMethod: 'PUT', requestUri: '/restapis/{restapi_id}/resources/{resource_id}/methods/{http_method}' },
  );
  expect(iamActions(op)).toEqual(['apigateway:PUT']);
  const onlyRestApi = (member: string): string | undefined => (member === 'restApiId' ? 'a1b2' : undefined);
  expect(resourceArns(op, onlyRestApi).map((arn) => arn.join(''))).toEqual(['arn:aws:apigateway:us-east-1::/restapis/a1b2/resources/*/methods/*']);
});

test.each([
  [{ FunctionName: 'my-fn' }, 'arn:aws:lambda:us-east-1:*:function:<FunctionName>'],
  [{ FunctionName: 'my-fn', Qualifier: 'prod' }, 'arn:aws:lambda:us-east-1:*:function:<FunctionName>:<Qualifier>'],
  [{ FunctionName: '123456789012:function:my-fn' }, 'arn:aws:lambda:us-east-1:<FunctionName>'],
  [{ FunctionName: 'arn:aws:lambda:us-east-1:123456789012:function:my-fn:prod' }, '<FunctionName>'],
])('Lambda FunctionName %j is the function ARN %s', (members, arn) => {
  const op = operation('lambda', 'Invoke', Object.entries(members).map(([name, example]) => ({ name, example })));
  expect(resourceArns(op, constants).map((parts) => parts.map((p) => (typeof p === 'string' ? p : `{${p.param}}`)).join(''))).toEqual([arn]);
});

test.each([
  ['firehose', 'PutRecord', { DeliveryStreamName: 'clickstream' }, 'arn:aws:firehose:us-east-1:*:deliverystream/<DeliveryStreamName>'],
  ['logs', 'PutLogEvents', { logGroupName: '/app/web', logStreamName: 'i-1' }, 'arn:aws:logs:us-east-1:*:log-group:<logGroupName>:*'],
  ['logs', 'CreateLogStream', { logGroupName: '/app/web', logStreamName: 'i-2' }, 'arn:aws:logs:us-east-1:*:log-group:<logGroupName>:*'],
])('%s %s names its resource: %s', (service, name, members, arn) => {
  const op = operation(service, name, Object.entries(members).map(([member, example]) => ({ name: member, example })));
  expect(resourceArns(op, constants).map((parts) => parts.join(''))).toEqual([arn]);
});

test.each([
  ['GetObject', '/{Bucket}/{Key+}', 'arn:aws:s3:::<Bucket>/*'],
  ['PutObjectTagging', '/{Bucket}/{Key+}?tagging', 'arn:aws:s3:::<Bucket>/*'],
  ['DeleteObjects', '/{Bucket}?delete', 'arn:aws:s3:::<Bucket>/*'],
  ['PutBucketTagging', '/{Bucket}?tagging', 'arn:aws:s3:::<Bucket>'],
  ['PutBucketAcl', '/{Bucket}?acl', 'arn:aws:s3:::<Bucket>'],
  ['ListObjectsV2', '/{Bucket}?list-type=2', 'arn:aws:s3:::<Bucket>'],
  ['PutObjectLockConfiguration', '/{Bucket}?object-lock', 'arn:aws:s3:::<Bucket>'],
])('S3 %s (%s) is authorized on %s', (name, requestUri, arn) => {
  const op = operation('s3', name, [{ name: 'Bucket', location: 'path', example: 'my-bucket' }], { protocol: 'rest-xml', requestUri });
  expect(resourceArns(op, constants).map((parts) => parts.join(''))).toEqual([arn]);
});

test.each([
  ['ContentLength', /sets the length/],
  ['ContentMD5', /digest/],
  ['ChecksumCRC32', /digest/],
  ['ChecksumSHA256', /digest/],
  ['ChecksumAlgorithm', /names the checksum/],
  ['SdkChecksumAlgorithm', /names the checksum/],
])('%s is computed by the SDK from its body: %s', (member, reason) => {
  expect(computedReason(member)).toMatch(reason);
});

test.each(['ChecksumMode', 'Checksum', 'ContentType', 'ContentLanguage', 'ChecksumAlgorithmX'])('%s is not computed from the body', (member) => {
  expect(computedReason(member)).toBeUndefined();
});

describe('permissions a call needs besides its action', () => {
  const on = [['*']];
  test.each([
    ['ec2', 'RunInstances', 'TagSpecifications', 'ec2:CreateTags'],
    ['sts', 'AssumeRole', 'Tags', 'sts:TagSession'],
    ['sqs', 'CreateQueue', 'tags', 'sqs:TagQueue'],
    ['sns', 'CreateTopic', 'Tags', 'sns:TagResource'],
    ['iam', 'CreateRole', 'Tags', 'iam:TagRole'],
    ['s3', 'PutObject', 'Tagging', 's3:PutObjectTagging'],
  ])('%s %s sending %s needs %s', (service, name, member, action) => {
    const op = operation(service, name, [{ name: member, example: [{ Key: 'env', Value: 'dev' }] }]);
    expect(impliedPermissions(op, on)).toEqual([expect.objectContaining({ actions: [action], resources: on })]);
  });

  test.each([
    ['sns', 'TagResource', 'Tags'],
    ['s3', 'PutBucketTagging', 'Tagging'],
    ['cloudformation', 'CreateStack', 'Tags'],
  ])('%s %s sending %s needs nothing more (a tagging call, or a service whose tagging action is not known here)', (service, name, member) => {
    expect(impliedPermissions(operation(service, name, [{ name: member, example: [{ Key: 'env', Value: 'dev' }] }]), on)).toEqual([]);
  });

  test("an S3 object written with an ACL needs s3:PutObjectAcl; with a customer managed KMS key, the key's data keys", () => {
    const put = operation('s3', 'PutObject', [{ name: 'ACL', location: 'header', example: 'public-read' }, { name: 'SSEKMSKeyId', location: 'header', example: 'REDACTED' }]);
    expect(impliedPermissions(put, on)).toEqual([
      expect.objectContaining({ actions: ['s3:PutObjectAcl'], resources: on }),
      expect.objectContaining({ actions: ['kms:GenerateDataKey'], resources: [['arn:aws:kms:us-east-1:*:key/*']] }),
    ]);
    const multipart = operation('s3', 'CreateMultipartUpload', [{ name: 'SSEKMSKeyId', location: 'header', example: 'REDACTED' }], { region: 'cn-north-1' });
    expect(impliedPermissions(multipart, on)).toEqual([expect.objectContaining({ actions: ['kms:GenerateDataKey', 'kms:Decrypt'], resources: [['arn:aws-cn:kms:cn-north-1:*:key/*']] })]);
    // The AWS managed key (aws:kms without a key id) needs nothing of the role.
    expect(impliedPermissions(operation('s3', 'PutObject', [{ name: 'ServerSideEncryption', location: 'header', example: 'aws:kms' }]), on)).toEqual([]);
  });

  test('a role the call hands the service, anywhere in its members, needs iam:PassRole on that role; STS assuming one does not pass it', () => {
    const target = { Arn: 'arn:aws:lambda:us-east-1:123456789012:function:f', RoleArn: 'arn:aws:iam::123456789012:role/scheduler-target' };
    expect(impliedPermissions(operation('scheduler', 'CreateSchedule', [{ name: 'Target', example: target }]), on)).toEqual([
      expect.objectContaining({ actions: ['iam:PassRole'], resources: [['arn:aws:iam::123456789012:role/scheduler-target']] }),
    ]);
    expect(impliedPermissions(operation('sts', 'AssumeRole', [{ name: 'RoleArn', example: 'arn:aws:iam::123456789012:role/r' }]), on)).toEqual([]);
  });
});
