/**
 * What API Gateway and IAM call each service, and which members name a call's target resource
 * or carry its payload. One table per fact; everything service-specific in integrate/ is here.
 */
import type { InferredOperation } from '../infer/types.js';

/**
 * API Gateway's service name in `arn:aws:apigateway:{region}:{service}:...` is the endpoint
 * prefix, except where the prefix is not what API Gateway routes by.
 */
const APIGATEWAY_SERVICE: Record<string, string> = {
  'data-ats.iot': 'iotdata',
  'data.iot': 'iotdata',
  'runtime.sagemaker': 'runtime.sagemaker',
};

export function apiGatewayService(operation: InferredOperation): string {
  const prefix = operation.endpointPrefix ?? operation.service;
  return APIGATEWAY_SERVICE[prefix] ?? prefix;
}

/**
 * Services reached through a per-account host (`{id}-ats.iot.{region}.amazonaws.com`): API
 * Gateway needs that subdomain in the URI (`{subdomain}.iotdata`).
 */
export function apiGatewaySubdomain(operation: InferredOperation): string | undefined {
  if (apiGatewayService(operation) !== 'iotdata') return undefined;
  const label = operation.host?.split('.')[0];
  return label && label !== 'data-ats' && label !== 'data' && /^[a-z0-9-]+$/.test(label) ? label : undefined;
}

/** IAM's namespace of a service, where it differs from the SigV4 signing name. */
const IAM_PREFIX: Record<string, string> = {
  monitoring: 'cloudwatch',
  email: 'ses',
  iotdata: 'iot',
  'runtime.sagemaker': 'sagemaker',
  'runtime.lex': 'lex',
};

/** IAM actions whose name differs from the API operation's. */
const IAM_ACTION: Record<string, string> = {
  'lambda:Invoke': 'lambda:InvokeFunction',
  'lambda:InvokeAsync': 'lambda:InvokeFunction',
  's3:ListObjectsV2': 's3:ListBucket',
  's3:ListObjects': 's3:ListBucket',
  's3:HeadObject': 's3:GetObject',
  's3:HeadBucket': 's3:ListBucket',
  's3:ListObjectVersions': 's3:ListBucketVersions',
  'states:StartSyncExecution': 'states:StartSyncExecution',
};

export function iamAction(operation: InferredOperation): string {
  const action = `${IAM_PREFIX[operation.service] ?? operation.service}:${operation.operation}`;
  return IAM_ACTION[action] ?? action;
}

/**
 * Members that name the resource a call acts on. API Gateway proxies for one resource, as the
 * AWS article does with its topic ARN, so these are constants unless the user says otherwise.
 */
const IDENTIFIER = /^(?:TopicArn|TargetArn|QueueUrl|QueueName|TableName|StreamName|StreamARN|StreamArn|Bucket|FunctionName|Qualifier|StateMachineArn|EventBusName|DeliveryStreamName|LogGroupName|LogStreamName|Namespace|CollectionId|ProjectVersionArn|EndpointName|ResourceArn|SecretId|KeyId|ApplicationId|ClusterArn|RestApiId|ApiId|IdentityPoolId|UserPoolId|DomainName|Arn|ARN)$/;

/** Models spell members in PascalCase or camelCase (Step Functions' `stateMachineArn`): compare both alike. */
function pascal(member: string): string {
  return member.charAt(0).toUpperCase() + member.slice(1);
}

export function isIdentifier(member: string): boolean {
  return IDENTIFIER.test(pascal(member));
}

/**
 * Members that carry what the client sends, in order of preference: the first one a call sent is
 * its payload, taken from the client's body.
 */
const PAYLOAD = ['Message', 'MessageBody', 'Item', 'Data', 'Payload', 'Entries', 'Input', 'Body', 'Records', 'Image', 'MetricData', 'Text', 'Document', 'Content', 'Detail', 'Record', 'Event', 'Events', 'LogEvents', 'Statement', 'Query'];

export function payloadMember(operation: InferredOperation): string | undefined {
  for (const name of PAYLOAD) {
    const member = operation.parameters.find((p) => pascal(p.name) === name);
    if (member) return member.name;
  }
  return undefined;
}

/**
 * Members an SDK computes from the body it sends (length, digests, checksums): a gateway that
 * forwards a new body must not resend the old values, and API Gateway sets Content-Length itself.
 */
const COMPUTED = /^(?:ContentLength|ContentMD5|ChecksumAlgorithm|Checksum[A-Z0-9]+|SdkChecksumAlgorithm)$/;

export function isComputed(member: string): boolean {
  return COMPUTED.test(member);
}

const ACCOUNT = /^arn:aws[a-z-]*:[^:]*:[^:]*:(\d{12}):/;

/** The account a call acted in, when one of its ARNs or queue URLs shows it. */
export function accountOf(operation: InferredOperation): string | undefined {
  for (const p of operation.parameters) {
    if (typeof p.example !== 'string') continue;
    const arn = ACCOUNT.exec(p.example);
    if (arn) return arn[1];
    const queue = /^https?:\/\/[^/]+\/(\d{12})\//.exec(p.example);
    if (queue) return queue[1];
  }
  return undefined;
}

/**
 * The resource ARN an execution role needs for the call, built from the identifier constants the
 * call sent; `*` where the call names no resource (List/Describe calls).
 */
export function resourceArn(operation: InferredOperation, constants: Map<string, string>): string {
  const region = operation.region;
  const account = accountOf(operation) ?? '*';
  const get = (name: string): string | undefined => [...constants].find(([member]) => pascal(member) === name)?.[1];
  const arnLike = ['TopicArn', 'TargetArn', 'StateMachineArn', 'StreamARN', 'StreamArn', 'ResourceArn', 'ProjectVersionArn', 'ClusterArn', 'Arn', 'ARN']
    .map(get)
    .find((v) => v?.startsWith('arn:'));
  if (arnLike) return arnLike;
  const queueUrl = get('QueueUrl');
  if (queueUrl) {
    const match = /^https?:\/\/[^/]+\/(\d{12})\/([^/?]+)/.exec(queueUrl);
    if (match) return `arn:aws:sqs:${region}:${match[1]}:${match[2]}`;
  }
  const table = get('TableName');
  if (table) return table.startsWith('arn:') ? table : `arn:aws:dynamodb:${region}:${account}:table/${table}`;
  const stream = get('StreamName');
  if (stream) return `arn:aws:kinesis:${region}:${account}:stream/${stream}`;
  const fn = get('FunctionName');
  if (fn) return fn.startsWith('arn:') ? fn : `arn:aws:lambda:${region}:${account}:function:${fn}`;
  const bucket = get('Bucket');
  if (bucket) return iamAction(operation) === 's3:ListBucket' ? `arn:aws:s3:::${bucket}` : `arn:aws:s3:::${bucket}/*`;
  if (operation.service === 'events' && operation.operation === 'PutEvents') {
    return `arn:aws:events:${region}:${account}:event-bus/${get('EventBusName') ?? 'default'}`;
  }
  const collection = get('CollectionId');
  if (collection) return `arn:aws:rekognition:${region}:${account}:collection/${collection}`;
  return '*';
}
