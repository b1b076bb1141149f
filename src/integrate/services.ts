/**
 * What API Gateway and IAM call each service, and which members name a call's target resource
 * or carry its payload, and the queue URLs SQS is addressed by. One table per fact; the one
 * service-specific rule elsewhere is SQS's path URI, which integrate.ts builds from queueOf.
 */
import { payloadOf } from '../infer/payload.js';
import type { InferredOperation } from '../infer/types.js';
import { percentDecoded } from '../utf8.js';
import type { Templated, TemplatePart } from './types.js';

/**
 * The ARN partition of a region, and the DNS suffix of its endpoints: China's and GovCloud's (and
 * the isolated regions') own, where an `arn:aws:` ARN names nothing and an import is refused.
 */
export function partitionOf(region: string): { partition: string; dnsSuffix: string } {
  if (region.startsWith('cn-')) return { partition: 'aws-cn', dnsSuffix: 'amazonaws.com.cn' };
  if (region.startsWith('us-gov-')) return { partition: 'aws-us-gov', dnsSuffix: 'amazonaws.com' };
  if (region.startsWith('us-isob-')) return { partition: 'aws-iso-b', dnsSuffix: 'sc2s.sgov.gov' };
  if (region.startsWith('us-iso-')) return { partition: 'aws-iso', dnsSuffix: 'c2s.ic.gov' };
  return { partition: 'aws', dnsSuffix: 'amazonaws.com' };
}

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
  // Without a model, the prefix is the host's label before the region, `iot` for both IoT planes:
  // the data plane's signing name tells them apart.
  if (operation.service === 'iotdata') return 'iotdata';
  const prefix = operation.endpointPrefix ?? operation.service;
  return APIGATEWAY_SERVICE[prefix] ?? prefix;
}

/**
 * Whether IAM authorizes an S3 call on the objects of its bucket (`arn:aws:s3:::bucket/*`), not
 * on the bucket: a call whose URI names a key, and DeleteObjects, which deletes the keys its body
 * lists. Without a model's URI, all but a listing.
 */
function actsOnObjects(operation: InferredOperation): boolean {
  const [action] = iamActions(operation);
  if (action === 's3:DeleteObject') return true;
  return operation.requestUri === null ? action !== 's3:ListBucket' : /\{Key\+?\}/.test(operation.requestUri);
}

/**
 * The subdomain API Gateway needs in the URI (`{subdomain}.{service}`) to reach the host the call
 * went to: the operation's host prefix in the model (Data Exchange's `api-fulfill.`, S3 Control's
 * account id), or the per-account host of IoT data (`{id}-ats.iot.{region}.amazonaws.com`).
 */
export function apiGatewaySubdomain(operation: InferredOperation): string | undefined {
  // A prefix that runs into the service's name (Step Functions' `sync-`) is no subdomain: API Gateway
  // reaches such an operation by the service's name alone, as CDK's integrations do.
  if (operation.hostPrefix?.endsWith('.')) return operation.hostPrefix.slice(0, -1);
  if (apiGatewayService(operation) === 'iotdata') {
    const label = operation.host?.split('.')[0];
    return label && label !== 'data-ats' && label !== 'data' && /^[a-z0-9-]+$/.test(label) ? label : undefined;
  }
  // Without a model, the host itself shows what a model's host prefix or two-label endpoint
  // prefix would (Data Exchange's `api-fulfill`, S3 Control's account id, Lex's `runtime`); an S3
  // bucket there goes into the path instead (hostBucket).
  if (operation.model !== null || apiGatewayService(operation) === 's3') return undefined;
  return labelsBefore(operation);
}

/**
 * The bucket of an S3 call addressed virtual-hosted style (`my-bucket.s3.amazonaws.com`) when no
 * model's URI (`/{Bucket}/...`) puts it back in the path, where API Gateway's S3 URIs name it.
 */
export function hostBucket(operation: InferredOperation): string | undefined {
  return operation.model === null && apiGatewayService(operation) === 's3' ? labelsBefore(operation) : undefined;
}

/** The labels of the call's AWS host before its endpoint prefix (`a.b` of `a.b.svc.us-east-1.amazonaws.com`). */
function labelsBefore(operation: InferredOperation): string | undefined {
  const labels = (operation.host ?? '').replace(/:\d+$/, '').split('.');
  const at = labels.lastIndexOf(operation.endpointPrefix ?? operation.service);
  if (at <= 0 || !/\.amazonaws\.com(?:\.cn)?$/.test(operation.host ?? '')) return undefined;
  return labels.slice(0, at).join('.');
}

/**
 * Whether the service reads a path member's slashes alike as path segments or as %2F: an MQTT
 * topic's levels in IoT data's `/topics/{topic}`, which the aws-apigateway-iot Solutions
 * Construct sends as segments. API Gateway puts a path value's slashes into the service's path
 * as they are, where botocore writes %2F.
 */
export function slashesAreLevels(operation: InferredOperation, member: string): boolean {
  return apiGatewayService(operation) === 'iotdata' && member === 'topic';
}

/** IAM's namespace of a service, where it differs from the SigV4 signing name. */
const IAM_PREFIX: Record<string, string> = {
  monitoring: 'cloudwatch',
  email: 'ses',
  iotdata: 'iot',
  'runtime.sagemaker': 'sagemaker',
  'runtime.lex': 'lex',
};

/** IAM actions whose name differs from the API operation's, or that it takes several of. */
const IAM_ACTION: Record<string, string | string[]> = {
  'lambda:Invoke': 'lambda:InvokeFunction',
  'lambda:InvokeAsync': 'lambda:InvokeFunction',
  's3:ListObjectsV2': 's3:ListBucket',
  's3:ListObjects': 's3:ListBucket',
  's3:HeadObject': 's3:GetObject',
  's3:HeadBucket': 's3:ListBucket',
  's3:ListObjectVersions': 's3:ListBucketVersions',
  's3:CreateMultipartUpload': 's3:PutObject',
  's3:UploadPart': 's3:PutObject',
  's3:CompleteMultipartUpload': 's3:PutObject',
  's3:DeleteObjects': 's3:DeleteObject',
  's3:ListMultipartUploads': 's3:ListBucketMultipartUploads',
  's3:ListParts': 's3:ListMultipartUploadParts',
  's3:PutBucketLifecycleConfiguration': 's3:PutLifecycleConfiguration',
  's3:GetBucketLifecycleConfiguration': 's3:GetLifecycleConfiguration',
  's3:PutBucketEncryption': 's3:PutEncryptionConfiguration',
  's3:GetBucketEncryption': 's3:GetEncryptionConfiguration',
  's3:PutObjectLockConfiguration': 's3:PutBucketObjectLockConfiguration',
  's3:GetObjectLockConfiguration': 's3:GetBucketObjectLockConfiguration',
  's3:PutBucketNotificationConfiguration': 's3:PutBucketNotification',
  's3:GetBucketNotificationConfiguration': 's3:GetBucketNotification',
  // SQS authorizes a batch by the action of its entries.
  'sqs:SendMessageBatch': 'sqs:SendMessage',
  'sqs:DeleteMessageBatch': 'sqs:DeleteMessage',
  'sqs:ChangeMessageVisibilityBatch': 'sqs:ChangeMessageVisibility',
  'sns:PublishBatch': 'sns:Publish',
  // One action covers a WebSocket API's connections, whatever is done with them.
  'execute-api:PostToConnection': 'execute-api:ManageConnections',
  'execute-api:GetConnection': 'execute-api:ManageConnections',
  'execute-api:DeleteConnection': 'execute-api:ManageConnections',
  // A bucket's public access block, and (keyed by S3 Control's endpoint) the account's.
  's3:PutPublicAccessBlock': 's3:PutBucketPublicAccessBlock',
  's3:GetPublicAccessBlock': 's3:GetBucketPublicAccessBlock',
  's3:DeletePublicAccessBlock': 's3:PutBucketPublicAccessBlock',
  's3-control:PutPublicAccessBlock': 's3:PutAccountPublicAccessBlock',
  's3-control:GetPublicAccessBlock': 's3:GetAccountPublicAccessBlock',
  's3-control:DeletePublicAccessBlock': 's3:PutAccountPublicAccessBlock',
  // A copy writes the object as PutObject does; reading its source is s3ObjectsRead's.
  's3:CopyObject': 's3:PutObject',
  's3:UploadPartCopy': 's3:PutObject',
  // DynamoDB authorizes a transaction by the action of each item, whichever kinds the client sends.
  'dynamodb:TransactWriteItems': ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:ConditionCheckItem'],
  'dynamodb:TransactGetItems': 'dynamodb:GetItem',
  // Neptune Analytics authorizes a query by what it does, which its text (openCypher) decides.
  'neptune-graph:ExecuteQuery': ['neptune-graph:ReadDataViaQuery', 'neptune-graph:WriteDataViaQuery', 'neptune-graph:DeleteDataViaQuery'],
};

export function iamActions(operation: InferredOperation): string[] {
  // API Gateway's own API is authorized by HTTP verb on the resource path (apigateway:GET).
  if (operation.service === 'apigateway') return [`apigateway:${operation.httpMethod}`];
  const action = `${IAM_PREFIX[operation.service] ?? operation.service}:${operation.operation}`;
  const control = operation.endpointPrefix === 's3-control' ? IAM_ACTION[`s3-control:${operation.operation}`] : undefined;
  return [control ?? IAM_ACTION[action] ?? action].flat();
}

/**
 * Members that name the resource a call acts on. API Gateway proxies for one resource, as the
 * AWS article does with its topic ARN, so these are constants unless the user says otherwise.
 */
const IDENTIFIER = /^(?:TopicArn|TargetArn|QueueUrl|QueueName|TableName|StreamName|StreamARN|StreamArn|Bucket|FunctionName|Qualifier|StateMachineArn|EventBusName|DeliveryStreamName|LogGroupName|LogStreamName|Namespace|CollectionId|ProjectVersionArn|EndpointName|ResourceArn|SecretId|KeyId|ApplicationId|ClusterArn|RestApiId|ApiId|IdentityPoolId|UserPoolId|DomainName|Arn|ARN)$/;

/** A member name as the PascalCase lists here spell it: JSON services name members in camelCase (`stateMachineArn`). */
function capitalized(member: string): string {
  return member.charAt(0).toUpperCase() + member.slice(1);
}

export function isIdentifier(member: string): boolean {
  return IDENTIFIER.test(capitalized(member));
}

/** The member that carries what the client sends: the model's payload, else the usual names for one. */
export function payloadMember(operation: InferredOperation): string | undefined {
  return operation.parameters.find((p) => p.payload)?.name ?? payloadOf(operation.parameters.map((p) => p.name));
}

/**
 * Members an SDK computes from the body it sends (length, digests, checksums), each with why a
 * gateway that forwards another body leaves it out: resent, the old value would describe the
 * old body.
 */
const COMPUTED: Array<[RegExp, string]> = [
  [/^ContentLength$/, 'the SDK computes it from the body it sends; API Gateway sets the length of the body it forwards itself'],
  [/^(?:ContentMD5|Checksum(?!Algorithm$)[A-Z0-9]+)$/, "the SDK computes this digest from the body it sends; the body API Gateway forwards is the client's, which that value would not match, and the service rejects a wrong digest"],
  [/^(?:ChecksumAlgorithm|SdkChecksumAlgorithm)$/, 'the SDK names the checksum it adds to the body it sends; sent without that checksum, the service rejects the request'],
];

/** Why a member the SDK computes from its body is left out, or undefined for any other member. */
export function computedReason(member: string): string | undefined {
  return COMPUTED.find(([pattern]) => pattern.test(member))?.[1];
}

const ACCOUNT = /^arn:aws[a-z-]*:[^:]*:[^:]*:(\d{12}):/;
const QUEUE_URL = /^https?:\/\/[^/]+\/(\d{12})\/([^/?]+)$/;

/** The account and name of an SQS queue URL (`https://sqs.<region>.amazonaws.com/<account>/<name>`). */
export function queueOf(url: string): { account: string; name: string } | undefined {
  const match = QUEUE_URL.exec(url);
  return match ? { account: match[1]!, name: match[2]! } : undefined;
}

/** The account a call acted in, when one of its ARNs or queue URLs shows it. */
export function accountOf(operation: InferredOperation): string | undefined {
  for (const p of operation.parameters) {
    if (typeof p.example !== 'string') continue;
    const arn = ACCOUNT.exec(p.example);
    if (arn) return arn[1];
    const queue = queueOf(p.example);
    if (queue) return queue.account;
  }
  return undefined;
}

/**
 * The resource ARNs an execution role needs for the call, built from its identifier constants
 * (as deploy-time parameters where there are some, so the policy follows them); `*` where the
 * call names no resource (List/Describe calls).
 */
export function resourceArns(operation: InferredOperation, constant: (member: string) => TemplatePart | undefined): Templated[] {
  const region = operation.region;
  const { partition } = partitionOf(region);
  const account = accountOf(operation) ?? '*';
  const member = (name: string): string | undefined => operation.parameters.find((p) => capitalized(p.name) === name)?.name;
  const part = (name: string): TemplatePart | undefined => {
    const found = member(name);
    return found === undefined ? undefined : constant(found);
  };
  for (const name of ['TopicArn', 'TargetArn', 'StateMachineArn', 'StreamARN', 'StreamArn', 'ResourceArn', 'ProjectVersionArn', 'ClusterArn', 'Arn', 'ARN']) {
    const value = part(name);
    const example = operation.parameters.find((p) => p.name === member(name))?.example;
    if (value !== undefined && typeof example === 'string' && example.startsWith('arn:')) return [[value]];
  }
  const queueUrl = operation.parameters.find((p) => p.name === member('QueueUrl'))?.example;
  const queue = typeof queueUrl === 'string' && part('QueueUrl') !== undefined ? queueOf(queueUrl) : undefined;
  if (queue) return [[`arn:${partition}:sqs:${region}:${queue.account}:${queue.name}`]];
  // A name member may hold the resource's ARN itself (DynamoDB's TableName, since 2024), whose
  // deploy-time parameter then stands for the whole ARN.
  const named = (prefix: string, name: string): Templated[] | undefined => {
    const value = part(name);
    if (value === undefined) return undefined;
    const example = operation.parameters.find((p) => p.name === member(name))?.example;
    return [typeof example === 'string' && example.startsWith('arn:') ? [value] : [prefix, value]];
  };
  const table = named(`arn:${partition}:dynamodb:${region}:${account}:table/`, 'TableName');
  if (table) return table;
  const stream = named(`arn:${partition}:kinesis:${region}:${account}:stream/`, 'StreamName');
  if (stream) return stream;
  const deliveryStream = named(`arn:${partition}:firehose:${region}:${account}:deliverystream/`, 'DeliveryStreamName');
  if (deliveryStream) return deliveryStream;
  // A log group as IAM names it, `:*` ending it: a call on the group and one on any of its streams (PutLogEvents) match it.
  const logGroup = part('LogGroupName');
  if (logGroup !== undefined) return [[`arn:${partition}:logs:${region}:${account}:log-group:`, logGroup, ':*']];
  const fn = lambdaFunctionArn(operation, part, account);
  if (fn) return [fn];
  const bucket = part('Bucket');
  if (bucket !== undefined) return [actsOnObjects(operation) ? [`arn:${partition}:s3:::`, bucket, '/*'] : [`arn:${partition}:s3:::`, bucket]];
  if (operation.service === 'events' && operation.operation === 'PutEvents') {
    // Each entry names its own bus; an entry without one goes to the default bus.
    const entries = operation.parameters.find((p) => p.name === 'Entries')?.example;
    const buses = new Set(Array.isArray(entries) ? entries.map((e) => (e && typeof e === 'object' && typeof (e as Record<string, unknown>).EventBusName === 'string' ? String((e as Record<string, unknown>).EventBusName) : 'default')) : ['default']);
    return [...buses].map((bus) => [bus.startsWith('arn:') ? bus : `arn:${partition}:events:${region}:${account}:event-bus/${bus}`]);
  }
  if (operation.service === 'apigateway' && operation.requestUri) return [apiGatewayResourceArn(operation, part)];
  const collection = named(`arn:${partition}:rekognition:${region}:${account}:collection/`, 'CollectionId');
  if (collection) return collection;
  return [['*']];
}

/** The action that tags what a call creates, where the call sends tags: one per service (IAM's per resource kind, below). */
const TAG_ACTION: Record<string, string> = {
  ec2: 'ec2:CreateTags',
  elasticloadbalancing: 'elasticloadbalancing:AddTags',
  rds: 'rds:AddTagsToResource',
  ssm: 'ssm:AddTagsToResource',
  sts: 'sts:TagSession',
  sqs: 'sqs:TagQueue',
  kinesis: 'kinesis:AddTagsToStream',
  sns: 'sns:TagResource',
  secretsmanager: 'secretsmanager:TagResource',
  events: 'events:TagResource',
  lambda: 'lambda:TagResource',
  dynamodb: 'dynamodb:TagResource',
  states: 'states:TagResource',
  logs: 'logs:TagResource',
  kms: 'kms:TagResource',
  ecs: 'ecs:TagResource',
  s3: 's3:PutObjectTagging',
};
const TAG_MEMBERS = new Set(['Tags', 'TagSpecifications', 'TagList', 'Tagging', 'tags']);
const TAGGING_OPERATION = /^(?:Tag|Untag|AddTags|RemoveTags|CreateTags|DeleteTags|ListTags|PutObjectTagging|PutBucketTagging|GetObjectTagging)/;
const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/\S+$/;

/** S3 operations that write an object, and so take its ACL and encryption. */
const OBJECT_WRITES = new Set(['PutObject', 'CopyObject', 'CreateMultipartUpload']);
const ACL_MEMBERS = new Set(['ACL', 'GrantFullControl', 'GrantRead', 'GrantReadACP', 'GrantWriteACP']);

/**
 * Permissions a call needs besides its action's, which IAM checks as it acts: tagging what it
 * creates when it sends tags (EC2's TagSpecifications need ec2:CreateTags, STS session tags
 * sts:TagSession), an S3 object's ACL and customer managed KMS key, and iam:PassRole on each role
 * it hands to the service (a schedule's target role, a state machine's). Each with the reason,
 * for the decisions.
 */
export function impliedPermissions(operation: InferredOperation, resources: Templated[]): Array<{ actions: string[]; resources: Templated[]; reason: string }> {
  const found: Array<{ actions: string[]; resources: Templated[]; reason: string }> = [];
  const tags = operation.parameters.find((p) => TAG_MEMBERS.has(p.name));
  const [namespace] = iamActions(operation)[0]!.split(':');
  const tagAction =
    namespace === 'iam' && /^Create/.test(operation.operation) ? `iam:Tag${operation.operation.slice('Create'.length)}`
    : namespace === 's3' && operation.operation !== 'PutObject' && operation.operation !== 'CopyObject' ? undefined
    : TAG_ACTION[namespace!];
  if (tags !== undefined && tagAction !== undefined && !TAGGING_OPERATION.test(operation.operation)) {
    found.push({ actions: [tagAction], resources, reason: `the call sends ${tags.name}, and ${operation.operation} with tags is allowed only with ${tagAction} too` });
  }
  if (namespace === 's3' && OBJECT_WRITES.has(operation.operation)) {
    // S3's PutObject permission rules: an object written with an ACL needs s3:PutObjectAcl too, and one
    // encrypted with a customer managed KMS key needs the key's data keys (kms:Decrypt too for the parts of a multipart upload).
    const acl = operation.parameters.find((p) => ACL_MEMBERS.has(p.name));
    if (acl !== undefined) found.push({ actions: ['s3:PutObjectAcl'], resources, reason: `the call sends ${acl.name}, and ${operation.operation} with an ACL is allowed only with s3:PutObjectAcl too` });
    if (operation.parameters.some((p) => p.name === 'SSEKMSKeyId')) {
      const { partition } = partitionOf(operation.region);
      // The key id is secret to the log (the model marks it sensitive), so the policy names the account's keys.
      const keys: Templated = [`arn:${partition}:kms:${operation.region}:${accountOf(operation) ?? '*'}:key/*`];
      const actions = operation.operation === 'CreateMultipartUpload' ? ['kms:GenerateDataKey', 'kms:Decrypt'] : ['kms:GenerateDataKey'];
      found.push({ actions, resources: [keys], reason: `the call encrypts with the KMS key SSEKMSKeyId names, whose data keys S3 asks KMS for as the caller: ${actions.join(' and ')} on the key (the log shows its id only redacted, so the policy names the account's keys: narrow it to that key)` });
    }
  }
  if (operation.service !== 'sts' && operation.service !== 'iam') {
    const roles = new Set<string>();
    const visit = (value: unknown): void => {
      if (typeof value === 'string' && ROLE_ARN.test(value)) roles.add(value);
      else if (Array.isArray(value)) value.forEach(visit);
      else if (value !== null && typeof value === 'object') Object.values(value).forEach(visit);
    };
    for (const p of operation.parameters) visit(p.example);
    if (roles.size > 0) {
      found.push({ actions: ['iam:PassRole'], resources: [...roles].map((arn) => [arn]), reason: `the call hands the service ${roles.size === 1 ? 'a role' : 'roles'} (${[...roles].join(', ')}) to act as, which IAM allows only with iam:PassRole on ${roles.size === 1 ? 'it' : 'them'}` });
    }
  }
  return found;
}

/**
 * The S3 objects a call has its service read as the caller: an `S3Object` (`{Bucket, Name}`)
 * anywhere in its members (Rekognition's Image and Video, Textract's Document), and the source
 * of an S3 copy (`CopySource`, `bucket/key` or `/bucket/key?versionId=...`, maybe
 * percent-encoded). The service fetches the object with the execution role's permissions, so the
 * role needs s3:GetObject: on every object of each bucket the log shows, since the client may
 * name another object.
 */
export function s3ObjectsRead(operation: InferredOperation): Templated[] {
  const buckets = new Set<string>();
  const visit = (value: unknown, key: string): void => {
    if (Array.isArray(value)) for (const item of value) visit(item, '');
    else if (value !== null && typeof value === 'object') {
      const fields = value as Record<string, unknown>;
      if (key === 'S3Object' && typeof fields.Bucket === 'string' && fields.Bucket !== '') buckets.add(fields.Bucket);
      for (const [k, v] of Object.entries(fields)) visit(v, k);
    }
  };
  for (const p of operation.parameters) visit(p.example, p.name);
  const copySource = operation.service === 's3' ? operation.parameters.find((p) => p.name === 'CopySource')?.example : undefined;
  const sourceBucket = typeof copySource === 'string' ? /^\/?([^/?]+)\//.exec(percentDecoded(copySource))?.[1] : undefined;
  if (sourceBucket) buckets.add(sourceBucket);
  return [...buckets].map((bucket) => [`arn:${partitionOf(operation.region).partition}:s3:::${bucket}/*`]);
}

/**
 * The function a Lambda call names, as IAM matches it: FunctionName is a name, a partial ARN
 * (`123456789012:function:my-fn`) or an ARN, each maybe with `:qualifier` (or a Qualifier member);
 * a policy on the unqualified ARN does not cover a version or alias.
 */
function lambdaFunctionArn(operation: InferredOperation, part: (name: string) => TemplatePart | undefined, account: string): Templated | undefined {
  const value = part('FunctionName');
  if (value === undefined) return undefined;
  const example = String(operation.parameters.find((p) => capitalized(p.name) === 'FunctionName')?.example ?? '');
  const qualifierPart = part('Qualifier');
  const qualifier: Templated = qualifierPart === undefined ? [] : [':', qualifierPart];
  const region = operation.region;
  const { partition } = partitionOf(region);
  if (/^arn:/.test(example)) return [value, ...qualifier];
  if (/^\d{12}:function:/.test(example)) return [`arn:${partition}:lambda:${region}:`, value, ...qualifier];
  return [`arn:${partition}:lambda:${region}:${account}:function:`, value, ...qualifier];
}

/**
 * API Gateway's own API: the resource path the call acts on (`arn:aws:apigateway:us-east-1::/restapis/a1b2/resources`),
 * each URI label the constant it is, or `*` where the client gives it.
 */
function apiGatewayResourceArn(operation: InferredOperation, part: (name: string) => TemplatePart | undefined): Templated {
  const arn: Templated = [`arn:${partitionOf(operation.region).partition}:apigateway:${operation.region}::`];
  const uri = operation.requestUri!.split('?')[0]!;
  let last = 0;
  for (const label of uri.matchAll(/\{([^}+]+)\+?\}/g)) {
    arn.push(uri.slice(last, label.index));
    const member = operation.parameters.find((p) => p.location === 'path' && p.wireName === label[1]);
    arn.push((member && part(capitalized(member.name))) ?? '*');
    last = label.index + label[0].length;
  }
  arn.push(uri.slice(last));
  return arn;
}

/** Whether a member's value is a label of the host prefix (S3 Control's AccountId): the URI fixes it. */
export function isHostLabel(operation: InferredOperation, example: unknown): boolean {
  return operation.hostPrefix !== undefined && typeof example === 'string' && operation.hostPrefix.split('.').includes(example);
}
