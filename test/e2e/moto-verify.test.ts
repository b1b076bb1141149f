/**
 * End to end against moto_server: for each operation the issue names, the real AWS CLI makes the
 * call with `--debug`, infer-mapping reads that log, builds the mapping, renders it with a NEW
 * client payload (`verify --body`) and sends the rebuilt integration request, signed with SigV4,
 * to the same moto_server (`--send`); then the AWS CLI reads the effect back.
 *
 * moto here checks SigV4 signatures as AWS does (startSigningMoto: it has issued the access key
 * the tests sign with), so an HTTP 200 also proves the signature `--send` computed.
 *
 * Where moto and AWS differ (nothing in the product bends to these):
 * - SNS answers XML even when the integration asks for JSON (`Accept: application/json`), which
 *   real SNS honours; the response template that unwraps the JSON envelope is not exercised here.
 * - moto's signature check refuses S3 keys holding `+` (SignatureDoesNotMatch) even when the AWS
 *   CLI itself signs them (canonical path `/bucket/a%2Bb.txt`, the one `--send` signs too), so
 *   the S3 test's key has a space and a slash but no `+`. It refuses a Lambda path holding an
 *   encoded ARN the same way, so the Lambda test talks to a moto that checks no signature.
 * - moto does not run Step Functions state machines (executions stay RUNNING): the effect
 *   asserted is the execution and its input.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { captureDebugLog, queueUrl, startSigningMoto } from '../support/aws-cli.js';
import { cli, type CliRun } from '../support/cli.js';
import { awsJson, startMoto, type Moto } from '../support/moto.js';
import { MODELS } from '../support/samples.js';
import { requireTool } from '../support/tools.js';

const haveTools = requireTool('moto_server') && requireTool('aws');

interface Message {
  Body: string;
}

(haveTools ? describe : describe.skip)('verify --send: a new payload through the inferred mapping reaches moto_server', () => {
  let moto: Moto;
  let dir: string;

  beforeAll(async () => {
    moto = await startSigningMoto();
    dir = mkdtempSync(join(tmpdir(), 'moto-verify-'));
  }, 60_000);

  afterAll(async () => {
    await moto?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const aws = (args: string[]): unknown => awsJson(moto, args);

  /** `infer-mapping verify LOG --body BODY --send MOTO`, in-process, signing with the key moto issued (or `secret`). */
  function verifySend(log: string, body: string, params: string[] = [], secret = moto.env.AWS_SECRET_ACCESS_KEY!, flags: string[] = []): Promise<CliRun> {
    return cli(
      ['verify', log, '--model-dir', MODELS, '--body', body, ...params.flatMap((p) => ['--param', p]), ...flags, '--send', moto.endpoint],
      '',
      { AWS_ACCESS_KEY_ID: moto.env.AWS_ACCESS_KEY_ID!, AWS_SECRET_ACCESS_KEY: secret },
    );
  }

  /** verifySend, which must render without a difference and get HTTP 200. */
  async function verifyAndSend(log: string, body: string, params: string[] = [], flags: string[] = []): Promise<CliRun> {
    const run = await verifySend(log, body, params, undefined, flags);
    // The whole output in the failure message: the rebuilt request and moto's answer say what went wrong.
    expect({ code: run.code, stdout: run.stdout, stderr: run.stderr }).toMatchObject({ code: 0 });
    expect(run.stdout).toMatch(/: sent to http:\/\/127\.0\.0\.1:\d+: HTTP 200\n/);
    expect(run.stdout).not.toContain('✗');
    // With a payload of its own, the request is rendered and sent, not compared with the capture.
    expect(run.stdout).toMatch(/^• .*nothing captured to compare it with$/m);
    return run;
  }

  function createQueue(name: string): { url: string; arn: string } {
    const url = (aws(['sqs', 'create-queue', '--queue-name', name]) as { QueueUrl: string }).QueueUrl;
    const arn = (aws(['sqs', 'get-queue-attributes', '--queue-url', url, '--attribute-names', 'QueueArn']) as { Attributes: { QueueArn: string } }).Attributes.QueueArn;
    return { url, arn };
  }

  function messages(url: string): Message[] {
    const received = aws(['sqs', 'receive-message', '--queue-url', url, '--max-number-of-messages', '10', '--wait-time-seconds', '1']) as { Messages?: Message[] } | null;
    return received?.Messages ?? [];
  }

  test('SNS Publish: the new message reaches the SQS queue subscribed to the topic', async () => {
    const topic = (aws(['sns', 'create-topic', '--name', 'orders']) as { TopicArn: string }).TopicArn;
    const queue = createQueue('orders-subscriber');
    aws(['sns', 'subscribe', '--topic-arn', topic, '--protocol', 'sqs', '--notification-endpoint', queue.arn]);
    const captured = captureDebugLog(moto, ['sns', 'publish', '--topic-arn', topic, '--message', 'captured order'], dir, 'sns-publish.log');
    expect(captured.output).toMatchObject({ MessageId: expect.any(String) });

    const fresh = `order 42 shipped: 3 × "widgets" & 1 gadget = 100% done`;
    await verifyAndSend(captured.log, fresh);
    // Without RawMessageDelivery, SNS wraps each message in its JSON notification.
    const notifications = messages(queue.url).map((m) => JSON.parse(m.Body) as { TopicArn: string; Message: string });
    expect(notifications).toContainEqual(expect.objectContaining({ TopicArn: topic, Message: fresh }));
    expect(notifications).toContainEqual(expect.objectContaining({ Message: 'captured order' }));
  });

  test('SNS Publish, its MessageAttributes taken from the client (--from body): the new attributes reach the subscribed queue', async () => {
    const topic = (aws(['sns', 'create-topic', '--name', 'priced']) as { TopicArn: string }).TopicArn;
    const queue = createQueue('priced-subscriber');
    aws(['sns', 'subscribe', '--topic-arn', topic, '--protocol', 'sqs', '--notification-endpoint', queue.arn]);
    const attributes = '{"store":{"DataType":"String","StringValue":"captured"}}';
    const captured = captureDebugLog(moto, ['sns', 'publish', '--topic-arn', topic, '--message', 'captured', '--message-attributes', attributes], dir, 'sns-publish-attributes.log');

    // Two body members: the client sends a JSON object of both; the template writes MessageAttributes.entry.N...
    const fresh = { Message: 'price changed', MessageAttributes: { color: { DataType: 'String', StringValue: 'blue & "green"' }, price: { DataType: 'Number', StringValue: '12.5' } } };
    await verifyAndSend(captured.log, JSON.stringify(fresh), [], ['--from', 'body', 'MessageAttributes']);
    const notifications = messages(queue.url).map((m) => JSON.parse(m.Body) as { Message: string; MessageAttributes?: unknown });
    expect(notifications).toContainEqual(
      expect.objectContaining({ Message: 'price changed', MessageAttributes: { color: { Type: 'String', Value: 'blue & "green"' }, price: { Type: 'Number', Value: '12.5' } } }),
    );
  });

  test('SES SendEmail: recipients and message from the client JSON reach the service as form fields', async () => {
    aws(['ses', 'verify-email-identity', '--email-address', 'orders@example.com']);
    const captured = captureDebugLog(
      moto,
      ['ses', 'send-email', '--from', 'orders@example.com', '--destination', 'ToAddresses=ana@example.com', '--message', 'Subject={Data=captured},Body={Text={Data=captured body}}'],
      dir,
      'ses-send-email.log',
    );

    const fresh = {
      Destination: { ToAddresses: ['zoe@example.com', 'yan@example.com'], BccAddresses: ['audit@example.com'] },
      Message: { Subject: { Data: 'Order 43: "widgets" & more' }, Body: { Html: { Data: '<p>Ünïcode $1 #set(x)</p>', Charset: 'UTF-8' } } },
    };
    await verifyAndSend(captured.log, JSON.stringify(fresh), [], ['--from', 'body', 'Destination']);
    // moto keeps what it was sent; its own API shows it.
    const sent = ((await (await fetch(`${moto.endpoint}/moto-api/data.json`)).json()) as { ses: { Message: unknown[] } }).ses.Message;
    expect(sent).toContainEqual(expect.objectContaining({ subject: fresh.Message.Subject.Data, body: fresh.Message.Body.Html.Data, destinations: fresh.Destination }));
    expect(sent).toContainEqual(expect.objectContaining({ subject: 'captured' }));
  });

  test('SES SendRawEmail: the MIME message the client sends is the raw message', async () => {
    aws(['ses', 'verify-email-identity', '--email-address', 'raw@example.com']);
    const captured = captureDebugLog(moto, ['ses', 'send-raw-email', '--raw-message', JSON.stringify({ Data: 'From: raw@example.com\nTo: ana@example.com\nSubject: captured\n\ncaptured\n' })], dir, 'ses-send-raw-email.log');

    const mime = 'From: raw@example.com\nTo: zoe@example.com\nSubject: =?UTF-8?B?Wm/Dqw==?=\nMIME-Version: 1.0\nContent-Type: text/plain; charset=UTF-8\n\nOrder 43 & 44: 100% shipped.\n';
    await verifyAndSend(captured.log, mime);
    const sent = ((await (await fetch(`${moto.endpoint}/moto-api/data.json`)).json()) as { ses: { RawMessage: Array<{ raw_data: string }> } }).ses.RawMessage;
    expect(sent.map((m) => m.raw_data)).toContain(mime);
  });

  test('Firehose PutRecord: the client body is the record, in the delivery stream\'s bucket', async () => {
    aws(['s3api', 'create-bucket', '--bucket', 'clicks-archive']);
    aws(['firehose', 'create-delivery-stream', '--delivery-stream-name', 'clickstream', '--s3-destination-configuration', 'RoleARN=arn:aws:iam::123456789012:role/fh,BucketARN=arn:aws:s3:::clicks-archive']);
    const captured = captureDebugLog(moto, ['firehose', 'put-record', '--delivery-stream-name', 'clickstream', '--record', JSON.stringify({ Data: 'captured\n' })], dir, 'firehose-put-record.log');

    const fresh = '{"page":"/checkout","user":"Zoë"}\n';
    await verifyAndSend(captured.log, fresh);
    // moto writes each record to the bucket as an object of its own.
    const keys = (aws(['s3api', 'list-objects-v2', '--bucket', 'clicks-archive']) as { Contents: Array<{ Key: string }> }).Contents.map((o) => o.Key);
    const bodies = keys.map((key, i) => {
      const out = join(dir, `record-${i}`);
      aws(['s3api', 'get-object', '--bucket', 'clicks-archive', '--key', key, out]);
      return readFileSync(out, 'utf8');
    });
    expect(bodies.sort()).toEqual(['captured\n', fresh].sort());
  });

  test('a request signed with the wrong secret is refused (moto checks signatures), and verify exits 1', async () => {
    const queue = createQueue('refused');
    const captured = captureDebugLog(moto, ['sqs', 'send-message', '--queue-url', queue.url, '--message-body', 'captured'], dir, 'sqs-refused.log');
    const run = await verifySend(captured.log, 'never delivered', [], 'not-the-secret');
    expect({ code: run.code, stdout: run.stdout }).toMatchObject({ code: 1 });
    expect(run.stdout).toMatch(/: sent to http:\/\/127\.0\.0\.1:\d+: HTTP 403\n.*SignatureDoesNotMatch/s);
    expect(messages(queue.url).map((m) => m.Body)).toEqual(['captured']);
  });

  test('SQS SendMessage: the new message is in the queue', async () => {
    // The integration URI is path/{account}/{queue} with the JSON protocol (X-Amz-Target
    // AmazonSQS.SendMessage), the form the integrate stage chooses for API Gateway; moto takes it as it is.
    const queue = createQueue('jobs');
    expect(queue.url).toBe(queueUrl(moto, 'jobs'));
    const captured = captureDebugLog(moto, ['sqs', 'send-message', '--queue-url', queue.url, '--message-body', 'captured job'], dir, 'sqs-send-message.log');
    expect(captured.output).toMatchObject({ MessageId: expect.any(String) });

    const fresh = `{"job": "resize", "size": 2, "note": "it's new"}`;
    const run = await verifyAndSend(captured.log, fresh);
    expect(run.stdout).toContain('X-Amz-Target: AmazonSQS.SendMessage');
    expect(messages(queue.url).map((m) => m.Body)).toEqual(expect.arrayContaining(['captured job', fresh]));
  });

  test('DynamoDB PutItem: the new item is in the table', async () => {
    aws(['dynamodb', 'create-table', '--table-name', 'Users', '--attribute-definitions', 'AttributeName=id,AttributeType=S', '--key-schema', 'AttributeName=id,KeyType=HASH', '--billing-mode', 'PAY_PER_REQUEST']);
    const captured = captureDebugLog(moto, ['dynamodb', 'put-item', '--table-name', 'Users', '--item', '{"id":{"S":"u-1"},"age":{"N":"42"}}'], dir, 'dynamodb-put-item.log');

    const item = { id: { S: 'u-2' }, age: { N: '7' }, profile: { M: { name: { S: 'Zoë' }, tags: { L: [{ S: 'a' }, { N: '1.5' }] } } } };
    await verifyAndSend(captured.log, JSON.stringify(item));
    expect(aws(['dynamodb', 'get-item', '--table-name', 'Users', '--key', '{"id":{"S":"u-2"}}'])).toEqual({ Item: item });
    expect(aws(['dynamodb', 'get-item', '--table-name', 'Users', '--key', '{"id":{"S":"u-1"}}'])).toMatchObject({ Item: { age: { N: '42' } } });
  });

  test('Kinesis PutRecord: the new data is in the stream', async () => {
    aws(['kinesis', 'create-stream', '--stream-name', 'clicks', '--shard-count', '1']);
    const captured = captureDebugLog(moto, ['kinesis', 'put-record', '--stream-name', 'clicks', '--partition-key', 'user-1', '--data', 'captured-click'], dir, 'kinesis-put-record.log');

    // The template base64-encodes the client's body into Data, so the record holds its bytes.
    const fresh = 'click on /checkout at 12:00';
    await verifyAndSend(captured.log, fresh);
    const shard = (aws(['kinesis', 'describe-stream', '--stream-name', 'clicks']) as { StreamDescription: { Shards: Array<{ ShardId: string }> } }).StreamDescription.Shards[0]!.ShardId;
    const iterator = (aws(['kinesis', 'get-shard-iterator', '--stream-name', 'clicks', '--shard-id', shard, '--shard-iterator-type', 'TRIM_HORIZON']) as { ShardIterator: string }).ShardIterator;
    const records = (aws(['kinesis', 'get-records', '--shard-iterator', iterator]) as { Records: Array<{ Data: string; PartitionKey: string }> }).Records;
    expect(records.map((r) => Buffer.from(r.Data, 'base64').toString('utf8'))).toContain(fresh);
    expect(records.find((r) => Buffer.from(r.Data, 'base64').toString('utf8') === fresh)?.PartitionKey).toBe('user-1');
  });

  test('Kinesis PutRecord: bytes that are not UTF-8, sent as application/octet-stream, are the record as they were', async () => {
    aws(['kinesis', 'create-stream', '--stream-name', 'frames', '--shard-count', '1']);
    const bytes = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0xff, 0xfe, 0xc3]);
    const file = join(dir, 'frame.bin');
    writeFileSync(file, bytes);
    const captured = captureDebugLog(moto, ['kinesis', 'put-record', '--stream-name', 'frames', '--partition-key', 'cam-1', '--data', `fileb://${file}`], dir, 'kinesis-put-record-binary.log');

    // No client body of our own: the example sends the logged bytes, compares, and sends them.
    const run = await cli(['verify', captured.log, '--model-dir', MODELS, '--send', moto.endpoint], '', { AWS_ACCESS_KEY_ID: moto.env.AWS_ACCESS_KEY_ID!, AWS_SECRET_ACCESS_KEY: moto.env.AWS_SECRET_ACCESS_KEY! });
    expect({ code: run.code, stdout: run.stdout }).toEqual({ code: 0, stdout: expect.stringMatching(/^✓ [^]*: HTTP 200\n/) });
    const shard = (aws(['kinesis', 'describe-stream', '--stream-name', 'frames']) as { StreamDescription: { Shards: Array<{ ShardId: string }> } }).StreamDescription.Shards[0]!.ShardId;
    const iterator = (aws(['kinesis', 'get-shard-iterator', '--stream-name', 'frames', '--shard-id', shard, '--shard-iterator-type', 'TRIM_HORIZON']) as { ShardIterator: string }).ShardIterator;
    const records = (aws(['kinesis', 'get-records', '--shard-iterator', iterator]) as { Records: Array<{ Data: string }> }).Records;
    // The captured call's record and the one sent through the mapping.
    expect(records.map((r) => r.Data)).toEqual([bytes.toString('base64'), bytes.toString('base64')]);
  });

  test('S3 PutObject: the new body is the object under the new key', async () => {
    aws(['s3api', 'create-bucket', '--bucket', 'uploads']);
    const file = join(dir, 'captured.txt');
    writeFileSync(file, 'captured file\n');
    const captured = captureDebugLog(moto, ['s3api', 'put-object', '--bucket', 'uploads', '--key', 'in/captured.txt', '--body', file, '--content-type', 'text/plain'], dir, 's3api-put-object.log');

    // The method is PUT /s3/put-object/{Key+}; the key comes from the client's path, the bucket is fixed.
    const fresh = 'a new object body\nline two\n';
    await verifyAndSend(captured.log, fresh, ['path.Key=out/new object.txt', 'header.Content-Type=text/markdown']);
    const out = join(dir, 'got.txt');
    const head = aws(['s3api', 'get-object', '--bucket', 'uploads', '--key', 'out/new object.txt', out]) as { ContentType: string };
    expect(readFileSync(out, 'utf8')).toBe(fresh);
    expect(head.ContentType).toBe('text/markdown');
  });

  test('S3 DeleteObjects: the new XML body, with the Content-MD5 S3 requires, deletes the objects it names', async () => {
    aws(['s3api', 'create-bucket', '--bucket', 'archive']);
    const file = join(dir, 'object.txt');
    writeFileSync(file, 'x\n');
    for (const key of ['old/1.txt', 'old/2.txt', 'old/3.txt', 'keep.txt']) aws(['s3api', 'put-object', '--bucket', 'archive', '--key', key, '--body', file]);
    const captured = captureDebugLog(moto, ['s3api', 'delete-objects', '--bucket', 'archive', '--delete', '{"Objects":[{"Key":"old/1.txt"}]}'], dir, 's3api-delete-objects.log');

    // The client sends the XML body itself; verify computes its Content-MD5 as a client would.
    const fresh = '<Delete xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Object><Key>old/2.txt</Key></Object><Object><Key>old/3.txt</Key></Object><Quiet>true</Quiet></Delete>';
    const run = await verifyAndSend(captured.log, fresh);
    expect(run.stdout).toContain(`Content-MD5: ${createHash('md5').update(fresh).digest('base64')}\n`);
    const listed = aws(['s3api', 'list-objects-v2', '--bucket', 'archive']) as { Contents: Array<{ Key: string }> };
    expect(listed.Contents.map((o) => o.Key)).toEqual(['keep.txt']);
  });

  test('S3 PutBucketPolicy, its policy fixed by --constant: the captured policy lands, with the Content-MD5 S3 requires', async () => {
    aws(['s3api', 'create-bucket', '--bucket', 'site']);
    const policy = { Version: '2012-10-17', Statement: [{ Sid: 'Read$#', Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::site/*' }] };
    const captured = captureDebugLog(moto, ['s3api', 'put-bucket-policy', '--bucket', 'site', '--policy', JSON.stringify(policy)], dir, 's3api-put-bucket-policy.log');
    aws(['s3api', 'delete-bucket-policy', '--bucket', 'site']);

    // No client body: the method reads none, so the request sent is the captured one, compared and sent.
    const run = await cli(['verify', captured.log, '--model-dir', MODELS, '--constant', 'Policy', '--send', moto.endpoint], '', { AWS_ACCESS_KEY_ID: moto.env.AWS_ACCESS_KEY_ID!, AWS_SECRET_ACCESS_KEY: moto.env.AWS_SECRET_ACCESS_KEY! });
    expect({ code: run.code, stdout: run.stdout }).toMatchObject({ code: 0, stdout: expect.stringMatching(/^✓ S3PutBucketPolicy .*\n[^]*: sent to http:\/\/127\.0\.0\.1:\d+: HTTP 20[04]\n/) });
    expect(run.stdout).toContain(`Content-MD5: ${createHash('md5').update(JSON.stringify(policy)).digest('base64')}\n`);
    const got = aws(['s3api', 'get-bucket-policy', '--bucket', 'site']) as { Policy: string };
    expect(JSON.parse(got.Policy)).toEqual(policy);
  });

  test('Step Functions StartExecution: an execution with the new input and name', async () => {
    // moto accepts any role ARN; the machine is one Pass state.
    const machine = (aws(['stepfunctions', 'create-state-machine', '--name', 'demo', '--role-arn', 'arn:aws:iam::123456789012:role/sfn-role', '--definition', '{"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}}']) as { stateMachineArn: string }).stateMachineArn;
    const captured = captureDebugLog(moto, ['stepfunctions', 'start-execution', '--state-machine-arn', machine, '--name', 'run-captured', '--input', '{"k":"captured"}'], dir, 'stepfunctions-start-execution.log');

    // `name` is a query parameter of the method: a new one, since the captured name is taken and
    // StartExecution refuses the same name with a different input (ExecutionAlreadyExists).
    const fresh = { order: 7, items: ['a', 'b'], note: "it's \"quoted\"" };
    await verifyAndSend(captured.log, JSON.stringify(fresh), ['querystring.name=run-fresh']);
    const executions = (aws(['stepfunctions', 'list-executions', '--state-machine-arn', machine]) as { executions: Array<{ name: string; executionArn: string }> }).executions;
    expect(executions.map((e) => e.name).sort()).toEqual(['run-captured', 'run-fresh']);
    const arn = executions.find((e) => e.name === 'run-fresh')!.executionArn;
    const execution = aws(['stepfunctions', 'describe-execution', '--execution-arn', arn]) as { input: string };
    expect(JSON.parse(execution.input)).toEqual(fresh);
  });

  test('EventBridge PutEvents: the new event reaches the SQS queue a rule targets', async () => {
    // moto delivers events to SQS targets of matching rules, so the event's arrival is observable.
    aws(['events', 'create-event-bus', '--name', 'app-bus']);
    const queue = createQueue('app-events');
    aws(['events', 'put-rule', '--name', 'to-queue', '--event-bus-name', 'app-bus', '--event-pattern', '{"source":["my.app"]}']);
    aws(['events', 'put-targets', '--rule', 'to-queue', '--event-bus-name', 'app-bus', '--targets', `Id=q,Arn=${queue.arn}`]);
    const entries = [{ Source: 'my.app', DetailType: 'OrderCreated', Detail: '{"id":1}', EventBusName: 'app-bus' }];
    const captured = captureDebugLog(moto, ['events', 'put-events', '--entries', JSON.stringify(entries)], dir, 'events-put-events.log');
    expect(captured.output).toMatchObject({ FailedEntryCount: 0 });

    const fresh = [{ Source: 'my.app', DetailType: 'OrderShipped', Detail: JSON.stringify({ id: 2, carrier: 'ÜPS' }), EventBusName: 'app-bus' }];
    const run = await verifyAndSend(captured.log, JSON.stringify(fresh));
    expect(run.stdout).toMatch(/"FailedEntryCount": ?0/);
    const events = messages(queue.url).map((m) => JSON.parse(m.Body) as { 'detail-type': string; source: string; detail: unknown });
    expect(events).toContainEqual(expect.objectContaining({ 'detail-type': 'OrderShipped', source: 'my.app', detail: { id: 2, carrier: 'ÜPS' } }));
    expect(events).toContainEqual(expect.objectContaining({ 'detail-type': 'OrderCreated' }));
  });

  test('Lambda UntagResource: every value of a repeated query parameter reaches the service', async () => {
    // moto's signature check refuses a path holding an encoded ARN (it refuses the AWS CLI's own
    // request), so this call goes to a moto that does not check signatures.
    const plain = await startMoto();
    try {
      const zip = join(dir, 'fn.zip');
      // An empty zip archive: moto stores the code without running it.
      writeFileSync(zip, Buffer.from('504b0506000000000000000000000000000000000000', 'hex'));
      const role = (awsJson(plain, ['iam', 'create-role', '--role-name', 'fn-role', '--assume-role-policy-document', '{}']) as { Role: { Arn: string } }).Role.Arn;
      const arn = (awsJson(plain, ['lambda', 'create-function', '--function-name', 'tagged', '--runtime', 'python3.12', '--handler', 'h.h', '--role', role, '--zip-file', `fileb://${zip}`, '--tags', 'env=dev,team=core,cost=42,owner=ops']) as { FunctionArn: string }).FunctionArn;
      const captured = captureDebugLog(plain, ['lambda', 'untag-resource', '--resource', arn, '--tag-keys', 'env', 'owner'], dir, 'lambda-untag-resource.log');
      expect(awsJson(plain, ['lambda', 'list-tags', '--resource', arn])).toEqual({ Tags: { team: 'core', cost: '42' } });

      const run = await cli(['verify', captured.log, '--model-dir', MODELS, '--param', 'querystring.tagKeys=team', '--param', 'querystring.tagKeys=cost', '--send', plain.endpoint], '', plain.env);
      expect({ code: run.code, stdout: run.stdout }).toEqual({ code: 0, stdout: expect.stringMatching(/\?tagKeys=team&tagKeys=cost\n.*: HTTP 204\n/) });
      expect(awsJson(plain, ['lambda', 'list-tags', '--resource', arn])).toEqual({ Tags: {} });
    } finally {
      await plain.stop();
    }
  });
});
