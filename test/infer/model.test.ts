/**
 * Model lookup and member reading against the real botocore models on this machine.
 *
 * Expectations come from the model files (read here with zlib, not through the code under test)
 * and from the captured samples; the round-trip block has botocore's own serialize.py build the
 * wire request, and expects the parameters it was given back.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { decode as decodeCbor } from 'cbor-x';
import { BOTOCORE_DATA, describeWithBotocore, serializeWithBotocore, type SerializeCase, type Serialized } from '../support/botocore.js';
import { REDACTED } from '../../src/parse/redact.js';
import {
  alsoAccepts,
  defaultModelDirs,
  findModel,
  loadModel,
  loadOperation,
  membersSent,
  operationInput,
  type BotocoreModel,
  type Protocol,
  type SentMember,
  type WireRequest,
} from '../../src/infer/model.js';

// Every cache this file writes goes to a scratch dir, so runs neither share nor leave state.
const CACHE = fs.mkdtempSync(path.join(os.tmpdir(), 'infer-mapping-model-test-'));
process.env['XDG_CACHE_HOME'] = CACHE;
afterAll(() => fs.rmSync(CACHE, { recursive: true, force: true }));

const DATA = BOTOCORE_DATA;

interface RawShape {
  type: string;
  required?: string[];
  members?: Record<string, { shape: string; location?: string; locationName?: string }>;
  payload?: string;
}
interface RawModel {
  metadata: { protocol: Protocol; protocols?: Protocol[]; endpointPrefix: string; signingName?: string };
  operations: Record<string, { input?: { shape: string } }>;
  shapes: Record<string, RawShape>;
}

/** A model file read directly, independent of loadModel. */
function raw(service: string, version: string): RawModel {
  const file = path.join(DATA, service, version, 'service-2.json.gz');
  return JSON.parse(zlib.gunzipSync(fs.readFileSync(file)).toString('utf8')) as RawModel;
}

function rawInput(m: RawModel, operation: string): RawShape {
  const input = m.operations[operation]?.input;
  if (input === undefined) throw new Error(`no input for ${operation}`);
  const shape = m.shapes[input.shape];
  if (shape === undefined) throw new Error(`no shape ${input.shape}`);
  return shape;
}

/** What the model file says of a member: required, type, and where a rest protocol puts it. */
function fromModelFile(m: RawModel, operation: string, member: string): { required: boolean; type: string; location: string } {
  const input = rawInput(m, operation);
  const ref = input.members?.[member];
  if (ref === undefined) throw new Error(`no member ${member}`);
  const location = { uri: 'path', querystring: 'querystring', header: 'header', headers: 'header' }[ref.location ?? ''] ?? 'body';
  return { required: (input.required ?? []).includes(member), type: m.shapes[ref.shape]?.type ?? '?', location };
}

function model(service: string, version: string): BotocoreModel {
  const { model: loaded, diagnostics } = loadModel(path.join(DATA, service, version, 'service-2.json.gz'));
  expect(diagnostics).toEqual([]);
  if (loaded === undefined) throw new Error('model not loaded');
  return loaded;
}

function byName(members: SentMember[]): Record<string, SentMember> {
  return Object.fromEntries(members.map((m) => [m.name, m]));
}

function wire(partial: Partial<WireRequest> & Pick<WireRequest, 'protocol' | 'body'>): WireRequest {
  return { method: 'POST', path: '/', query: [], headers: [], ...partial };
}

describeWithBotocore('findModel', () => {
  test('a signing name alone finds the service whose metadata signs with it', () => {
    expect(findModel({ service: 'states', operation: 'StartExecution' }, [DATA]).model?.serviceDir).toBe('stepfunctions');
    expect(findModel({ service: 'monitoring', operation: 'PutMetricData' }, [DATA]).model?.serviceDir).toBe('cloudwatch');
  });

  test('the operation chooses among services sharing a name (email: ses or sesv2)', () => {
    expect(findModel({ service: 'email', operation: 'SendRawEmail' }, [DATA]).model?.serviceDir).toBe('ses');
    expect(findModel({ service: 'email', operation: 'CreateEmailIdentity' }, [DATA]).model?.serviceDir).toBe('sesv2');
    // SendEmail is in both: the protocol the call used decides.
    expect(findModel({ service: 'email', operation: 'SendEmail', protocol: 'query' }, [DATA]).model?.serviceDir).toBe('ses');
    expect(findModel({ service: 'email', operation: 'SendEmail', protocol: 'rest-json' }, [DATA]).model?.metadata.protocol).toBe('rest-json');
  });

  test("the host's labels name the plane of a service: the longest endpoint prefix they end with", () => {
    expect(findModel({ service: 'iot', operation: 'Publish', endpointPrefix: 'data-ats.iot' }, [DATA]).model?.serviceDir).toBe('iot-data');
    expect(findModel({ service: 'timestream', operation: 'DescribeEndpoints', endpointPrefix: 'ingest.timestream' }, [DATA]).model?.serviceDir).toBe('timestream-write');
    expect(findModel({ service: 'timestream', operation: 'DescribeEndpoints', endpointPrefix: 'query.timestream' }, [DATA]).model?.serviceDir).toBe('timestream-query');
    // S3 Control signs as s3, whose model has operations of the same names.
    expect(findModel({ service: 's3', operation: 'PutPublicAccessBlock', endpointPrefix: '123456789012.s3-control' }, [DATA]).model?.serviceDir).toBe('s3control');
    expect(findModel({ service: 's3', operation: 'PutPublicAccessBlock', endpointPrefix: 'my-bucket.s3' }, [DATA]).model?.serviceDir).toBe('s3');
  });

  test('an unknown service is MODEL_NOT_FOUND (info), not an exception', () => {
    const found = findModel({ service: 'no-such-service', operation: 'DoIt', source: 'x.log' }, [DATA]);
    expect(found.model).toBeUndefined();
    expect(found.diagnostics).toMatchObject([{ code: 'MODEL_NOT_FOUND', severity: 'info', source: 'x.log', fields: { service: 'no-such-service' } }]);
  });

  test('a known service without the operation is OPERATION_NOT_IN_MODEL', () => {
    const found = findModel({ service: 'sns', operation: 'NoSuchOperation' }, [DATA]);
    expect(found.model).toBeUndefined();
    expect(found.diagnostics).toMatchObject([{ code: 'OPERATION_NOT_IN_MODEL', severity: 'warning', fields: { operation: 'NoSuchOperation' } }]);
  });

  test("a model path from another machine resolves through its <service>/<version> tail, that version preferred", () => {
    const foreign = '/Users/someone/venv/lib/python3.9/site-packages/botocore/data/ec2/2015-10-01/service-2.json';
    const found = findModel({ service: 'ec2', operation: 'DescribeInstances', modelFile: foreign }, [DATA]);
    expect(found.model?.file).toBe(path.join(DATA, 'ec2', '2015-10-01', 'service-2.json.gz'));
    // Without it, the newest version of the directory.
    const newest = fs.readdirSync(path.join(DATA, 'ec2')).sort().at(-1);
    expect(findModel({ service: 'ec2', operation: 'DescribeInstances' }, [DATA]).model?.metadata.apiVersion).toBe(newest);
  });

  test('a model file hint that is not a service-2 file is ignored, not reported', () => {
    const paginators = path.join(DATA, 'sns', '2010-03-31', 'paginators-1.json');
    expect(fs.existsSync(paginators)).toBe(true);
    const found = findModel({ service: 'sns', operation: 'Publish', modelFile: paginators }, [DATA]);
    expect(found.model?.serviceDir).toBe('sns');
    expect(found.diagnostics).toEqual([]);
  });

  test('the query Version picks an older API version', () => {
    const found = findModel({ service: 'lambda', operation: 'InvokeAsync', apiVersion: '2014-11-11' }, [DATA]);
    expect(found.model?.metadata.apiVersion).toBe('2014-11-11');
  });

  test('the CLI name s3api means the s3 directory', () => {
    expect(findModel({ service: 's3', operation: 'PutObject', cliService: 's3api' }, [DATA]).model?.serviceDir).toBe('s3');
  });

  test('a single service-2.json given as a model dir, and a plain .json data dir, are both read', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'infer-mapping-data-'));
    try {
      const file = path.join(dir, 'sns', '2010-03-31', 'service-2.json');
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, zlib.gunzipSync(fs.readFileSync(path.join(DATA, 'sns', '2010-03-31', 'service-2.json.gz'))));
      expect(findModel({ service: 'sns', operation: 'Publish' }, [file]).model?.file).toBe(file);
      // Only the signing name: found through the metadata index, which is then cached on disk.
      expect(findModel({ service: 'sns', operation: 'Publish', cliService: 'none' }, [dir, DATA]).model?.file).toBe(file);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('the metadata index is written under XDG_CACHE_HOME', () => {
    findModel({ service: 'states', operation: 'StartExecution' }, [DATA]);
    expect(fs.readdirSync(path.join(CACHE, 'infer-mapping')).some((f) => f.startsWith('index-'))).toBe(true);
  });

  describe('the slim copy of a model in the disk cache', () => {
    const snsFile = (): string => {
      const versions = fs.readdirSync(path.join(DATA, 'sns')).sort();
      const dir = path.join(DATA, 'sns', versions[versions.length - 1]!);
      return path.join(dir, fs.readdirSync(dir).find((f) => f.startsWith('service-2.json'))!);
    };
    const rawSns = (): { operations: Record<string, { documentation?: string }>; shapes: Record<string, unknown> } => {
      const bytes = fs.readFileSync(snsFile());
      return JSON.parse((snsFile().endsWith('.gz') ? zlib.gunzipSync(bytes) : bytes).toString('utf8'));
    };
    /** A copy of the SNS model at a new path, so each test starts without a slim copy (the disk cache is per path). */
    const copy = (name: string): string => {
      const dir = path.join(CACHE, name, 'sns', '2010-03-31');
      fs.mkdirSync(dir, { recursive: true });
      const file = path.join(dir, 'service-2.json');
      fs.writeFileSync(file, JSON.stringify(rawSns()));
      return file;
    };
    const cacheOf = (file: string): string =>
      path.join(CACHE, 'infer-mapping', `model-${createHash('sha256').update(file).digest('hex').slice(0, 16)}.json`);

    test('is written on first load: the model without its documentation, nothing else changed', () => {
      const file = copy('first');
      const raw = rawSns();
      expect(raw.operations['Publish']?.documentation).toBeDefined();
      const model = loadModel(file).model!;
      expect(model.operations['Publish']?.documentation).toBeUndefined();
      const strip = (value: unknown, key = ''): unknown =>
        Array.isArray(value) ? value.map((v) => strip(v))
        : typeof value === 'object' && value !== null ?
          Object.fromEntries(Object.entries(value).filter(([k]) => key === 'members' || k !== 'documentation').map(([k, v]) => [k, strip(v, k)]))
        : value;
      expect(model.operations).toEqual(strip(raw.operations));
      expect(model.shapes).toEqual(strip(raw.shapes));
      const cached = JSON.parse(fs.readFileSync(cacheOf(file), 'utf8'));
      expect(cached).toMatchObject({ file, size: fs.statSync(file).size, mtimeMs: fs.statSync(file).mtimeMs });
      expect(cached.operations).toEqual(model.operations);
    });

    test('is read instead of the model while the file keeps its mtime and size, and ignored after', () => {
      const fresh = copy('cached');
      const stale = copy('stale');
      const write = (file: string, mtimeMs: number): void => {
        const marked = { ...rawSns(), operations: { Publish: { name: 'Publish', http: { method: 'POST', requestUri: '/from-cache' } } } };
        fs.mkdirSync(path.dirname(cacheOf(file)), { recursive: true });
        fs.writeFileSync(cacheOf(file), JSON.stringify({ format: 1, file, mtimeMs, size: fs.statSync(file).size, ...marked }));
      };
      write(fresh, fs.statSync(fresh).mtimeMs);
      write(stale, fs.statSync(stale).mtimeMs - 1000);
      expect(loadModel(fresh).model?.operations['Publish']?.http.requestUri).toBe('/from-cache');
      expect(loadModel(stale).model?.operations['Publish']?.http.requestUri).toBe('/');
    });
  });

  describe('the slice of a model for one operation', () => {
    /** The shapes an operation's input and output reach, walked over the raw model file. */
    const reachable = (m: RawModel, operation: string): string[] => {
      const seen = new Set<string>();
      const walk = (name: string): void => {
        if (seen.has(name)) return;
        seen.add(name);
        const shape = m.shapes[name] as RawShape & { member?: { shape: string }; key?: { shape: string }; value?: { shape: string } };
        for (const ref of [...Object.values(shape.members ?? {}), shape.member, shape.key, shape.value]) if (ref) walk(ref.shape);
      };
      walk(m.operations[operation]!.input!.shape);
      // The output's too: its members' locations, and what it marks sensitive.
      const output = (m.operations[operation] as { output?: { shape: string } }).output?.shape;
      if (output !== undefined) walk(output);
      return [...seen].sort();
    };

    test.each([
      ['ec2', 'RunInstances'],
      ['dynamodb', 'PutItem'],
      ['s3', 'PutObject'],
      ['sns', 'Publish'],
    ])('%s %s: the operation as the whole model has it, exactly the shapes its input and output reach', (service, operation) => {
      const version = fs.readdirSync(path.join(DATA, service)).sort().at(-1)!;
      const file = path.join(DATA, service, version, 'service-2.json.gz');
      const slice = loadOperation(file, operation).model!;
      const whole = model(service, version);
      expect(Object.keys(slice.operations)).toEqual([operation]);
      expect(slice.operations[operation]).toEqual(whole.operations[operation]);
      expect(slice.metadata).toEqual(whole.metadata);
      expect(Object.keys(slice.shapes).sort()).toEqual(reachable(raw(service, version), operation));
      for (const name of Object.keys(slice.shapes)) expect(slice.shapes[name]).toEqual(whole.shapes[name]);
      // What findModel hands to inference is the slice.
      expect(Object.keys(findModel({ service: whole.metadata.signingName ?? whole.metadata.endpointPrefix, operation }, [DATA]).model!.operations)).toEqual([operation]);
    });

    test('an operation the model lacks gives a slice without operations', () => {
      const file = path.join(DATA, 'sns', '2010-03-31', 'service-2.json.gz');
      expect(loadOperation(file, 'NoSuchOperation').model).toMatchObject({ operations: {}, shapes: {} });
    });

    test('is kept on disk and read back while the model file keeps its mtime and size', () => {
      const dir = path.join(CACHE, 'slice', 'sns', '2010-03-31');
      fs.mkdirSync(dir, { recursive: true });
      const file = path.join(dir, 'service-2.json.gz');
      fs.copyFileSync(path.join(DATA, 'sns', '2010-03-31', 'service-2.json.gz'), file);
      const sliceFile = path.join(CACHE, 'infer-mapping', `operation-${createHash('sha256').update(`${file}\u0000Publish`).digest('hex').slice(0, 16)}.json`);
      loadOperation(file, 'Publish');
      const written = JSON.parse(fs.readFileSync(sliceFile, 'utf8'));
      expect(written).toMatchObject({ file, size: fs.statSync(file).size, mtimeMs: fs.statSync(file).mtimeMs });
      expect(Object.keys(written.operations)).toEqual(['Publish']);
      // A new copy (loadOperation caches per process by path) whose slice on disk says otherwise.
      const other = path.join(CACHE, 'slice2', 'sns', '2010-03-31', 'service-2.json.gz');
      fs.mkdirSync(path.dirname(other), { recursive: true });
      fs.copyFileSync(file, other);
      const marked = { ...written, file: other, mtimeMs: fs.statSync(other).mtimeMs, operations: { Publish: { name: 'Publish', http: { method: 'POST', requestUri: '/from-cache' } } } };
      fs.writeFileSync(path.join(CACHE, 'infer-mapping', `operation-${createHash('sha256').update(`${other}\u0000Publish`).digest('hex').slice(0, 16)}.json`), JSON.stringify(marked));
      expect(loadOperation(other, 'Publish').model?.operations['Publish']?.http.requestUri).toBe('/from-cache');
    });
  });

  test('a model whose operation reaches a shape it does not define is MODEL_UNREADABLE, not a model that fails on a member', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'infer-mapping-cut-'));
    try {
      const cut = path.join(dir, 'service-2.json');
      const model = JSON.parse(zlib.gunzipSync(fs.readFileSync(path.join(DATA, 'sns/2010-03-31/service-2.json.gz'))).toString('utf8')) as RawModel;
      delete model.shapes['topicARN'];
      fs.writeFileSync(cut, JSON.stringify(model));
      expect(loadOperation(cut, 'Publish')).toEqual({
        diagnostics: [expect.objectContaining({ code: 'MODEL_UNREADABLE', fields: { file: cut, reason: 'operation Publish reaches shape topicARN, which the model does not define' } })],
      });
      // Another operation that does not reach it is read.
      expect(loadOperation(cut, 'CheckIfPhoneNumberIsOptedOut').model?.operations['CheckIfPhoneNumberIsOptedOut']).toBeDefined();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('an unreadable candidate is MODEL_UNREADABLE and the search goes on', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'infer-mapping-bad-'));
    try {
      const bad = path.join(dir, 'service-2.json.gz');
      fs.writeFileSync(bad, 'not gzip');
      const found = findModel({ service: 'sns', operation: 'Publish' }, [bad, DATA]);
      expect(found.model?.serviceDir).toBe('sns');
      expect(found.diagnostics).toMatchObject([{ code: 'MODEL_UNREADABLE', severity: 'warning', fields: { file: bad } }]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describeWithBotocore('defaultModelDirs', () => {
  test('INFER_MAPPING_MODEL_DIR first, then python3 botocore', () => {
    const extra = fs.mkdtempSync(path.join(os.tmpdir(), 'infer-mapping-dirs-'));
    try {
      const dirs = defaultModelDirs({ ...process.env, INFER_MAPPING_MODEL_DIR: extra });
      expect(dirs.slice(0, 2)).toEqual([extra, DATA]);
    } finally {
      fs.rmSync(extra, { recursive: true, force: true });
    }
  });

  test('without python3 it returns what exists, no error', () => {
    expect(defaultModelDirs({ PATH: '', HOME: CACHE, XDG_CACHE_HOME: CACHE })).not.toContain(DATA);
  });
});

describeWithBotocore('membersSent', () => {
  test('sns Publish (query): MessageAttributes entries unflattened into a map', () => {
    const sns = raw('sns', '2010-03-31');
    // samples/sns-publish-attributes.log
    const sent = membersSent(
      model('sns', '2010-03-31'),
      'Publish',
      wire({
        protocol: 'query',
        body: {
          kind: 'form',
          fields: [
            ['Action', 'Publish'],
            ['Version', '2010-03-31'],
            ['TopicArn', 'arn:aws:sns:us-east-1:123456789012:orders'],
            ['Message', 'order created'],
            ['MessageAttributes.entry.1.Name', 'store'],
            ['MessageAttributes.entry.1.Value.DataType', 'String'],
            ['MessageAttributes.entry.1.Value.StringValue', 'example_corp'],
            ['MessageAttributes.entry.2.Name', 'price'],
            ['MessageAttributes.entry.2.Value.DataType', 'Number'],
            ['MessageAttributes.entry.2.Value.StringValue', '9.99'],
          ],
        },
      }),
    );
    expect(sent.unknown).toEqual([]);
    expect(sent.requestUri).toBe('/');
    const m = byName(sent.members);
    expect(Object.keys(m)).toEqual(['TopicArn', 'Message', 'MessageAttributes']);
    for (const name of Object.keys(m)) {
      const { required, type } = fromModelFile(sns, 'Publish', name);
      expect(m[name]).toMatchObject({ required, type, location: 'body', wireName: name });
    }
    expect(m['MessageAttributes']?.value).toEqual({
      store: { DataType: 'String', StringValue: 'example_corp' },
      price: { DataType: 'Number', StringValue: '9.99' },
    });
  });

  test('ec2 DescribeInstances: Filter.1.Value.1 and InstanceId.1 (lists always Name.N, names capitalized)', () => {
    const ec2 = raw('ec2', '2016-11-15');
    const input = rawInput(ec2, 'DescribeInstances');
    // samples/ec2-describe-instances.log
    const sent = membersSent(
      model('ec2', '2016-11-15'),
      'DescribeInstances',
      wire({
        protocol: 'ec2',
        body: {
          kind: 'form',
          fields: [
            ['Action', 'DescribeInstances'],
            ['Version', '2016-11-15'],
            ['InstanceId.1', 'i-7be0d19c7597dca2f'],
            ['InstanceId.2', 'i-074155f5a91e016f2'],
            ['Filter.1.Name', 'instance-type'],
            ['Filter.1.Value.1', 't2.micro'],
            ['Filter.1.Value.2', 't3.micro'],
            ['DryRun', 'false'],
            ['MaxResults', '5'],
            ['Bogus.1', 'x'],
          ],
        },
      }),
    );
    expect(sent.unknown).toEqual(['Bogus']);
    const m = byName(sent.members);
    // EC2Serializer: the wire name is the member's locationName, capitalized.
    for (const name of ['InstanceIds', 'Filters', 'DryRun', 'MaxResults']) {
      const loc = input.members?.[name]?.locationName ?? name;
      expect(m[name]).toMatchObject({ wireName: loc.charAt(0).toUpperCase() + loc.slice(1), ...fromModelFile(ec2, 'DescribeInstances', name) });
    }
    expect(m['InstanceIds']?.value).toEqual(['i-7be0d19c7597dca2f', 'i-074155f5a91e016f2']);
    expect(m['Filters']?.value).toEqual([{ Name: 'instance-type', Values: ['t2.micro', 't3.micro'] }]);
    expect(m['DryRun']?.value).toBe(false);
    expect(m['MaxResults']?.value).toBe(5);
  });

  test('dynamodb PutItem (json): the whole body is the input', () => {
    const ddb = raw('dynamodb', '2012-08-10');
    const item = { id: { S: 'u-1' }, age: { N: '42' }, profile: { M: { name: { S: 'Ann' }, tags: { L: [{ S: 'a' }, { N: '7' }] } } } };
    // samples/dynamodb-put-item.log
    const sent = membersSent(model('dynamodb', '2012-08-10'), 'PutItem', wire({ protocol: 'json', body: { kind: 'json', value: { TableName: 'Users', Item: item, Extra: 1 } } }));
    expect(sent.unknown).toEqual(['Extra']);
    expect(sent.members).toEqual([
      { name: 'TableName', wireName: 'TableName', value: 'Users', ...fromModelFile(ddb, 'PutItem', 'TableName') },
      { name: 'Item', wireName: 'Item', value: item, ...fromModelFile(ddb, 'PutItem', 'Item') },
    ]);
  });

  test('sqs SendMessage is json in this botocore', () => {
    const sqs = raw('sqs', '2012-11-05');
    const loaded = model('sqs', '2012-11-05');
    expect(alsoAccepts(loaded)).toEqual(sqs.metadata.protocols ?? [sqs.metadata.protocol]);
    expect(alsoAccepts(loaded)).toContain('json');
    // samples/sqs-send-message.log
    const body = { QueueUrl: 'http://127.0.0.1:5055/123456789012/jobs', MessageBody: 'Hello' };
    const sent = membersSent(loaded, 'SendMessage', wire({ protocol: 'json', body: { kind: 'json', value: body } }));
    expect(sent.members.map((m) => [m.name, m.required, m.value])).toEqual([
      ['QueueUrl', fromModelFile(sqs, 'SendMessage', 'QueueUrl').required, body.QueueUrl],
      ['MessageBody', fromModelFile(sqs, 'SendMessage', 'MessageBody').required, 'Hello'],
    ]);
  });

  test('lambda Invoke (rest-json): FunctionName from the path, a header, a querystring, the blob payload', () => {
    const lambda = raw('lambda', '2015-03-31');
    const input = rawInput(lambda, 'Invoke');
    // samples/lambda-invoke.log, with an invocation type and qualifier added
    const sent = membersSent(
      model('lambda', '2015-03-31'),
      'Invoke',
      wire({
        protocol: 'rest-json',
        path: '/2015-03-31/functions/my-fn/invocations',
        query: [
          ['Qualifier', '1'],
          ['Bogus', 'x'],
        ],
        headers: [
          ['User-Agent', 'aws-cli/1.45.11'],
          ['x-amz-invocation-type', 'Event'],
        ],
        body: { kind: 'binary', length: 7, text: '{"a":1}' },
      }),
    );
    expect(sent.unknown).toEqual(['Bogus']);
    const m = byName(sent.members);
    expect(input.payload).toBe('Payload');
    expect(m['FunctionName']).toMatchObject({ value: 'my-fn', wireName: input.members?.['FunctionName']?.locationName, ...fromModelFile(lambda, 'Invoke', 'FunctionName') });
    expect(m['InvocationType']).toMatchObject({ value: 'Event', wireName: input.members?.['InvocationType']?.locationName, ...fromModelFile(lambda, 'Invoke', 'InvocationType') });
    expect(m['Qualifier']).toMatchObject({ value: '1', ...fromModelFile(lambda, 'Invoke', 'Qualifier') });
    // The model marks the payload sensitive (it may hold anything), but it is the call's data: kept.
    expect(m['Payload']).toMatchObject({ value: '{"a":1}', location: 'body', type: 'blob', required: fromModelFile(lambda, 'Invoke', 'Payload').required });
    expect(sent.secrets).toEqual([]);
  });

  test('a map key named __proto__ (a DynamoDB attribute like any other) is read as a key', () => {
    const item = JSON.parse('{"__proto__": {"S": "x"}, "b": {"S": "y"}}') as unknown;
    const sent = membersSent(model('dynamodb', '2012-08-10'), 'PutItem', wire({ protocol: 'json', body: { kind: 'json', value: { TableName: 't', Item: item } } }));
    const value = byName(sent.members)['Item']?.value as Record<string, unknown>;
    expect(Object.keys(value)).toEqual(['__proto__', 'b']);
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
  });

  test('lambda Invoke with an empty body did not send Payload', () => {
    const sent = membersSent(model('lambda', '2015-03-31'), 'Invoke', wire({ protocol: 'rest-json', path: '/2015-03-31/functions/f/invocations', body: { kind: 'binary', length: 0 } }));
    expect(sent.members.map((m) => m.name)).toEqual(['FunctionName']);
  });

  test('s3 PutObject (rest-xml): greedy {Key+} keeps slashes, headers and x-amz-meta-*', () => {
    const s3 = raw('s3', '2006-03-01');
    const input = rawInput(s3, 'PutObject');
    const request: WireRequest = wire({
      protocol: 'rest-xml',
      method: 'PUT',
      path: '/my-bucket/path/to/a%20b%2Bc.txt',
      headers: [
        ['Content-Type', 'text/plain'],
        ['x-amz-meta-color', 'blue'],
        ['X-Amz-Meta-Size', 'L'],
        ['x-amz-checksum-crc32', 'gnaikA=='],
        ['Expect', '100-continue'],
      ],
      body: { kind: 'binary', length: 5, text: 'hello' },
    });
    const sent = membersSent(model('s3', '2006-03-01'), 'PutObject', request);
    const m = byName(sent.members);
    expect(m['Bucket']).toMatchObject({ value: 'my-bucket', ...fromModelFile(s3, 'PutObject', 'Bucket') });
    expect(m['Key']).toMatchObject({ value: 'path/to/a b+c.txt', ...fromModelFile(s3, 'PutObject', 'Key') });
    expect(m['ContentType']).toMatchObject({ value: 'text/plain', wireName: input.members?.['ContentType']?.locationName, ...fromModelFile(s3, 'PutObject', 'ContentType') });
    expect(m['Metadata']).toMatchObject({ value: { color: 'blue', Size: 'L' }, wireName: input.members?.['Metadata']?.locationName, ...fromModelFile(s3, 'PutObject', 'Metadata') });
    expect(m['Body']).toMatchObject({ value: 'hello', location: 'body', type: 'blob' });
    expect(Object.keys(m).sort()).toEqual(['Body', 'Bucket', 'ChecksumCRC32', 'ContentType', 'Key', 'Metadata']);

    // Virtual-hosted style: the bucket is in the host, not the path.
    const hosted = membersSent(model('s3', '2006-03-01'), 'PutObject', { ...request, host: 'my-bucket.s3.us-east-1.amazonaws.com', path: '/path/to/a%20b%2Bc.txt' });
    expect(byName(hosted.members)['Bucket']?.value).toBe('my-bucket');
    expect(byName(hosted.members)['Key']?.value).toBe('path/to/a b+c.txt');
  });

  test('s3 PutBucketTagging (rest-xml): the structure payload is the XML body', () => {
    const s3 = raw('s3', '2006-03-01');
    const xml =
      '<Tagging xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><TagSet><Tag><Key>env</Key><Value> prod </Value></Tag><Tag><Key>team</Key><Value>a&amp;b</Value></Tag></TagSet></Tagging>';
    const sent = membersSent(
      model('s3', '2006-03-01'),
      'PutBucketTagging',
      wire({ protocol: 'rest-xml', method: 'PUT', path: '/my-bucket', query: [['tagging', '']], body: { kind: 'xml', text: xml } }),
    );
    expect(sent.unknown).toEqual([]);
    expect(sent.requestUri).toBe('/{Bucket}?tagging');
    const m = byName(sent.members);
    expect(m['Tagging']).toMatchObject({
      value: { TagSet: [{ Key: 'env', Value: ' prod ' }, { Key: 'team', Value: 'a&b' }] },
      ...fromModelFile(s3, 'PutBucketTagging', 'Tagging'),
    });
  });

  test('route53 ChangeResourceRecordSets (rest-xml): path label Id, body elements under the input root', () => {
    const r53 = raw('route53', '2013-04-01');
    const xml =
      '<?xml version="1.0" encoding="UTF-8"?>\n<ChangeResourceRecordSetsRequest xmlns="https://route53.amazonaws.com/doc/2013-04-01/"><ChangeBatch><Changes><Change><Action>UPSERT</Action>' +
      '<ResourceRecordSet><Name>a.example.com</Name><Type>A</Type><TTL>300</TTL><ResourceRecords><ResourceRecord><Value>192.0.2.1</Value></ResourceRecord></ResourceRecords></ResourceRecordSet>' +
      '</Change></Changes></ChangeBatch></ChangeResourceRecordSetsRequest>';
    const sent = membersSent(
      model('route53', '2013-04-01'),
      'ChangeResourceRecordSets',
      wire({ protocol: 'rest-xml', path: '/2013-04-01/hostedzone/Z123/rrset/', body: { kind: 'xml', text: xml } }),
    );
    expect(sent.unknown).toEqual([]);
    const m = byName(sent.members);
    expect(m['HostedZoneId']).toMatchObject({ value: 'Z123', wireName: 'Id', ...fromModelFile(r53, 'ChangeResourceRecordSets', 'HostedZoneId') });
    expect(m['ChangeBatch']).toMatchObject({
      ...fromModelFile(r53, 'ChangeResourceRecordSets', 'ChangeBatch'),
      value: { Changes: [{ Action: 'UPSERT', ResourceRecordSet: { Name: 'a.example.com', Type: 'A', TTL: 300, ResourceRecords: [{ Value: '192.0.2.1' }] } }] },
    });
  });

  test('cloudwatch PutMetricData (smithy-rpc-v2-cbor): map keys are member names', () => {
    const cw = raw('cloudwatch', '2010-08-01');
    expect(cw.metadata.protocols).toContain('smithy-rpc-v2-cbor');
    const value = new Map<string, unknown>([
      ['Namespace', 'App'],
      ['MetricData', [{ MetricName: 'Hits', Value: 1, Timestamp: new Date(1_700_000_000_000) }]],
    ]);
    const sent = membersSent(
      model('cloudwatch', '2010-08-01'),
      'PutMetricData',
      wire({ protocol: 'smithy-rpc-v2-cbor', path: '/service/GraniteServiceVersion20100801/operation/PutMetricData', body: { kind: 'cbor', value } }),
    );
    expect(sent.members).toEqual([
      { name: 'Namespace', wireName: 'Namespace', value: 'App', ...fromModelFile(cw, 'PutMetricData', 'Namespace') },
      { name: 'MetricData', wireName: 'MetricData', value: [{ MetricName: 'Hits', Value: 1, Timestamp: 1_700_000_000 }], ...fromModelFile(cw, 'PutMetricData', 'MetricData') },
    ]);
  });

  test('a header list splits at commas outside quotes', () => {
    const s3 = raw('s3', '2006-03-01');
    const header = rawInput(s3, 'GetObjectAttributes').members?.['ObjectAttributes']?.locationName ?? '';
    const sent = membersSent(
      model('s3', '2006-03-01'),
      'GetObjectAttributes',
      wire({ protocol: 'rest-xml', method: 'GET', path: '/b/k', query: [['attributes', '']], headers: [[header, 'ETag, "a \\"b\\", c",ObjectSize']], body: { kind: 'none' } }),
    );
    expect(byName(sent.members)['ObjectAttributes']?.value).toEqual(['ETag', 'a "b", c', 'ObjectSize']);
  });

  test('execute-api PostToConnection: the stage of the endpoint URL precedes the requestUri', () => {
    const found = findModel({ service: 'execute-api', operation: 'PostToConnection' }, [DATA]);
    expect(found.model?.serviceDir).toBe('apigatewaymanagementapi');
    if (found.model === undefined) return;
    const sent = membersSent(found.model, 'PostToConnection', wire({ protocol: 'rest-json', path: '/prod/@connections/abc%3D', body: { kind: 'binary', length: 2, text: 'hi' } }));
    expect(sent.members.map((m) => [m.name, m.location, m.value])).toEqual([
      ['Data', 'body', 'hi'],
      ['ConnectionId', 'path', 'abc='],
    ]);
  });

  test('operationInput resolves the input shape', () => {
    const s3 = raw('s3', '2006-03-01');
    expect(operationInput(model('s3', '2006-03-01'), 'PutObject')?.shape.payload).toBe(rawInput(s3, 'PutObject').payload);
  });
});

/**
 * botocore's serializers build the requests; membersSent must give back the parameters they were
 * given (blobs as base64 text, timestamps avoided), and the location the model file names.
 */
describeWithBotocore('round trip through botocore serialize.py', () => {
  interface Case extends SerializeCase {
    /** Members the model marks sensitive: read back as REDACTED, their values handed out as secrets. */
    sensitive?: string[];
  }
  const cases: Case[] = [
    {
      service: 'sns',
      operation: 'Publish',
      params: { TopicArn: 'arn:aws:sns:us-east-1:1:t', Message: 'm', MessageAttributes: { a: { DataType: 'String', StringValue: 'x' }, b: { DataType: 'Number', StringValue: '2' } } },
    },
    {
      service: 'sdb',
      operation: 'PutAttributes',
      params: { DomainName: 'd', ItemName: 'i', Attributes: [{ Name: 'n', Value: 'v', Replace: true }, { Name: 'm', Value: 'w' }], Expected: { Name: 'n', Exists: false } },
    },
    { service: 'sqs', operation: 'SendMessage', protocol: 'query', params: { QueueUrl: 'q', MessageBody: 'b', DelaySeconds: 3, MessageAttributes: { k: { DataType: 'String', StringValue: 'v' } } } },
    { service: 'ec2', operation: 'DescribeInstances', params: { Filters: [{ Name: 'tag:Name', Values: ['a', 'b'] }], InstanceIds: ['i-1'], DryRun: true, MaxResults: 7 } },
    { service: 'ec2', operation: 'CreateTags', params: { Resources: ['i-1'], Tags: [{ Key: 'k', Value: 'v' }] } },
    { service: 'dynamodb', operation: 'PutItem', params: { TableName: 'T', Item: { id: { S: 'x' }, n: { N: '1' } }, ReturnValues: 'ALL_OLD' } },
    { service: 'sqs', operation: 'SendMessage', params: { QueueUrl: 'q', MessageBody: 'b', DelaySeconds: 3, MessageAttributes: { k: { DataType: 'String', StringValue: 'v' } } } },
    { service: 'lambda', operation: 'Invoke', params: { FunctionName: 'f', InvocationType: 'Event', LogType: 'Tail', Qualifier: '2', Payload: '{"a":1}' } },
    { service: 'lambda', operation: 'UntagResource', params: { Resource: 'arn:aws:lambda:us-east-1:1:function:f', TagKeys: ['a', 'b c'] } },
    { service: 'lambda', operation: 'GetLayerVersion', params: { LayerName: 'l', VersionNumber: 12 } },
    { service: 'apigateway', operation: 'GetExport', params: { restApiId: 'r', stageName: 's', exportType: 'swagger', parameters: { extensions: 'integrations' } } },
    { service: 'iot-data', operation: 'Publish', params: { topic: 'a/b', qos: 1, retain: true, payload: 'hi', userProperties: '[{"k":"v"}]' } },
    { service: 's3', operation: 'PutObject', params: { Bucket: 'b', Key: 'dir/sub dir/f~1.txt', Body: 'hello', ContentType: 'text/plain', ContentLength: 5, Metadata: { color: 'blue' }, BucketKeyEnabled: true } },
    { service: 's3', operation: 'GetObjectAttributes', params: { Bucket: 'b', Key: 'k', ObjectAttributes: ['ETag', 'ObjectSize'] } },
    { service: 's3', operation: 'DeleteObjects', params: { Bucket: 'b', Delete: { Objects: [{ Key: 'a' }, { Key: 'b', VersionId: 'v' }], Quiet: true } } },
    {
      service: 's3',
      operation: 'PutObjectAcl',
      params: { Bucket: 'b', Key: 'k', AccessControlPolicy: { Grants: [{ Grantee: { Type: 'CanonicalUser', ID: 'abc' }, Permission: 'READ' }], Owner: { ID: 'abc' } } },
    },
    { service: 's3', operation: 'PutBucketTagging', params: { Bucket: 'b', Tagging: { TagSet: [{ Key: 'k', Value: 'v' }] } } },
    {
      service: 'route53',
      operation: 'ChangeResourceRecordSets',
      params: { HostedZoneId: 'Z1', ChangeBatch: { Comment: 'c', Changes: [{ Action: 'CREATE', ResourceRecordSet: { Name: 'n.', Type: 'TXT', TTL: 60, ResourceRecords: [{ Value: '"x"' }] } }] } },
    },
    { service: 'ssm', operation: 'PutParameter', params: { Name: '/db/password', Value: 's3cr3t-value', Type: 'SecureString' }, sensitive: ['Value'] },
    ...(['smithy-rpc-v2-cbor', 'json', 'query'] as const).map((protocol) => ({
      service: 'cloudwatch',
      operation: 'PutMetricData',
      protocol,
      params: { Namespace: 'App', MetricData: [{ MetricName: 'Hits', Value: 1.5, Unit: 'Count', Dimensions: [], Values: [1, 2.5], StorageResolution: 60 }] },
    })),
  ];

  const { serialized, stderr } = serializeWithBotocore(cases);

  test('botocore serialized every case', () => {
    expect(stderr).toBe('');
    expect(serialized).toHaveLength(cases.length);
  });

  function toWire(s: Serialized, loaded: BotocoreModel, operation: string): WireRequest {
    // The HTTP layer moves a requestUri's own query (`?tagging`) from url_path into the query string.
    const [urlPath = '', literal] = s.path.split('?');
    const literalPairs = (literal ?? '').split('&').filter(Boolean).map((p): [string, string] => [p.split('=')[0] ?? '', p.split('=')[1] ?? '']);
    const base = { protocol: s.protocol, method: s.method, path: urlPath, query: [...literalPairs, ...s.query], headers: s.headers };
    if (s.body.kind === 'form') return { ...base, body: s.body };
    const bytes = Buffer.from(s.body.base64, 'base64');
    const input = operationInput(loaded, operation);
    const payload = input?.traits.payload === undefined ? undefined : input.shape.members?.[input.traits.payload];
    const streaming = payload !== undefined && ['blob', 'string'].includes(loaded.shapes[payload.shape]?.type ?? '');
    if (streaming) return { ...base, body: { kind: 'binary', length: bytes.length, text: bytes.toString('utf8') } };
    if (bytes.length === 0) return { ...base, body: { kind: 'none' } };
    if (s.protocol === 'rest-xml') return { ...base, body: { kind: 'xml', text: bytes.toString('utf8') } };
    if (s.protocol === 'smithy-rpc-v2-cbor') return { ...base, body: { kind: 'cbor', value: decodeCbor(bytes) as unknown } };
    return { ...base, body: { kind: 'json', value: JSON.parse(bytes.toString('utf8')) as unknown } };
  }

  test.each(cases.map((c, i) => [`${c.service} ${c.operation} ${c.protocol ?? ''}`, i] as const))('%s', (_label, i) => {
    const c = cases[i];
    const s = serialized[i];
    if (c === undefined || s === undefined) throw new Error('not serialized');
    // The hint a log gives: the signing name from the credential scope, the CLI's service name, the protocol.
    const newest = fs.readdirSync(path.join(DATA, c.service)).sort().at(-1) ?? '';
    const { signingName, endpointPrefix } = raw(c.service, newest).metadata;
    const found = findModel({ service: signingName ?? endpointPrefix, operation: c.operation, cliService: c.service, protocol: s.protocol }, [DATA]);
    const loaded = found.model;
    if (loaded === undefined) throw new Error(JSON.stringify(found.diagnostics));
    const file = raw(loaded.serviceDir, loaded.metadata.apiVersion);
    const wire = toWire(s, loaded, c.operation);
    const sent = membersSent(loaded, c.operation, wire);
    expect(sent.unknown).toEqual([]);
    // What findModel hands out is the operation's slice: it reads the call as the whole model does.
    expect(Object.keys(loaded.operations)).toEqual([c.operation]);
    expect(membersSent(model(loaded.serviceDir, loaded.metadata.apiVersion), c.operation, wire)).toEqual(sent);
    // A rest protocol's path members count as 'path' etc. as the model file says; rpc protocols carry all in the body.
    const rest = s.protocol === 'rest-json' || s.protocol === 'rest-xml';
    for (const member of sent.members) {
      const expected = fromModelFile(file, c.operation, member.name);
      expect({ name: member.name, required: member.required, type: member.type, location: member.location }).toEqual({
        name: member.name,
        required: expected.required,
        type: expected.type,
        location: rest ? expected.location : 'body',
      });
    }
    const sensitive = c.sensitive ?? [];
    expect(Object.fromEntries(sent.members.map((m) => [m.name, m.value]))).toEqual({ ...c.params, ...Object.fromEntries(sensitive.map((name) => [name, REDACTED])) });
    expect(sent.secrets.map((secret) => secret.value)).toEqual(sensitive.map((name) => c.params[name]));
  });
});
