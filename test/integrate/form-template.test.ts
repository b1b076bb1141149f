/**
 * Form templates that write a structure, list or map from the client's JSON (query and ec2
 * protocols). The ground truth is botocore: its serializer writes each case's parameters as form
 * fields, and the template, rendered as API Gateway renders it with those parameters as the
 * client's JSON, must write the same fields.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { loadModel, membersSent, operationInput, type BotocoreModel, type WireRequest } from '../../src/infer/model.js';
import { formShapeOf } from '../../src/infer/model-members.js';
import type { FormShape } from '../../src/infer/types.js';
import { formTemplate } from '../../src/integrate/templates.js';
import type { MemberMapping } from '../../src/integrate/types.js';
import { renderTemplate } from '../../src/verify/vtl.js';
import { BOTOCORE_DATA, describeWithBotocore, serializeWithBotocore, type SerializeCase } from '../support/botocore.js';

/** The form body a template writes for the members in `shapes` (taken from the client's JSON by name), Action and Version left out. */
function render(shapes: Array<{ member: string; wireName: string; type: string; form: FormShape }>, client: unknown): { fields: Array<[string, string]>; notes: string[] } {
  const members = shapes.map(({ member, wireName, type, form }) => ({
    mapping: { member, location: 'body', wireName, type, required: false, source: { kind: 'body-field', field: member }, reason: '' } satisfies MemberMapping,
    formShape: form,
  }));
  const template = formTemplate('Op', '1', members, () => undefined).map((part) => (typeof part === 'string' ? part : '')).join('');
  const rendered = renderTemplate(template, { body: JSON.stringify(client), path: {}, querystring: {}, header: {} });
  const fields = [...new URLSearchParams(rendered.output)].filter(([k]) => k !== 'Action' && k !== 'Version');
  return { fields, notes: rendered.diagnostics };
}

const sorted = (fields: Array<[string, string]>): string[] => fields.map(([k, v]) => `${k}=${v}`).sort();

describeWithBotocore('botocore writes the same form fields from the same parameters', () => {
  interface Case extends SerializeCase {
    /** The client's JSON where it differs from the parameters: a blob as its base64 (botocore is given the text). */
    client?: Record<string, unknown>;
  }
  const cases: Case[] = [
    {
      service: 'sns',
      operation: 'Publish',
      params: { Message: 'm', MessageAttributes: { store: { DataType: 'String', StringValue: 'a & b = "c"' }, price: { DataType: 'Number', StringValue: '9.99' }, raw: { DataType: 'Binary', BinaryValue: 'hi' } } },
      client: { Message: 'm', MessageAttributes: { store: { DataType: 'String', StringValue: 'a & b = "c"' }, price: { DataType: 'Number', StringValue: '9.99' }, raw: { DataType: 'Binary', BinaryValue: 'aGk=' } } },
    },
    {
      service: 'ses',
      operation: 'SendEmail',
      params: { Source: 's@example.com', Destination: { ToAddresses: ['a@example.com', 'b@example.com'], CcAddresses: [] }, Message: { Subject: { Data: 'Zoë $x #set' }, Body: { Html: { Data: '<b>hi</b>', Charset: 'UTF-8' } } } },
    },
    // Flattened lists renamed by their items' locationName, at the top and nested; an empty one.
    { service: 'sdb', operation: 'PutAttributes', params: { DomainName: 'd', ItemName: 'i', Attributes: [{ Name: 'n', Value: 'v', Replace: true }, { Name: 'm', Value: 'w' }], Expected: { Name: 'n', Exists: false } } },
    { service: 'sdb', operation: 'BatchPutAttributes', params: { DomainName: 'd', Items: [{ Name: 'i1', Attributes: [{ Name: 'a', Value: '1' }, { Name: 'b', Value: '2', Replace: true }] }, { Name: 'i2', Attributes: [] }] } },
    // Flattened maps, at the top and inside a flattened list.
    { service: 'sqs', operation: 'SendMessage', protocol: 'query', params: { QueueUrl: 'q', MessageBody: 'b', MessageAttributes: { k: { DataType: 'String', StringValue: 'v' }, n: { DataType: 'Number', StringValue: '1' } } } },
    {
      service: 'sqs',
      operation: 'SendMessageBatch',
      protocol: 'query',
      params: { QueueUrl: 'q', Entries: [{ Id: '1', MessageBody: 'x', DelaySeconds: 5, MessageAttributes: { a: { DataType: 'String', StringValue: 'y' } } }, { Id: '2', MessageBody: 'z' }] },
    },
    // EC2: every list `Name.N`, names capitalized, numbers and booleans as text, nested lists of structures.
    {
      service: 'ec2',
      operation: 'RunInstances',
      params: {
        ImageId: 'ami-1',
        MinCount: 1,
        MaxCount: 1,
        SecurityGroupIds: ['sg-1', 'sg-2'],
        BlockDeviceMappings: [{ DeviceName: '/dev/sda1', Ebs: { VolumeSize: 20, DeleteOnTermination: true, VolumeType: 'gp3' } }],
        TagSpecifications: [{ ResourceType: 'instance', Tags: [{ Key: 'team', Value: 'a b' }, { Key: 'env', Value: 'dev' }] }],
        Placement: { AvailabilityZone: 'us-east-1a' },
      },
    },
    { service: 'ec2', operation: 'DescribeInstances', params: { Filters: [{ Name: 'tag:Name', Values: ['a', 'b'] }, { Name: 'instance-type', Values: [] }] } },
    // Floats, a timestamp in ISO 8601, an empty list of dimensions.
    {
      service: 'cloudwatch',
      operation: 'PutMetricData',
      protocol: 'query',
      params: { Namespace: 'App', MetricData: [{ MetricName: 'Hits', Timestamp: '2026-12-07T01:02:03Z', Value: 1.5, Unit: 'Count', Dimensions: [], Values: [1, 2.5], Counts: [3, 1] }] },
    },
    {
      service: 'cloudformation',
      operation: 'CreateStack',
      params: { StackName: 's', TemplateURL: 'https://x/t.json', Parameters: [{ ParameterKey: 'Env', ParameterValue: 'dev' }], Capabilities: ['CAPABILITY_IAM'], Tags: [{ Key: 'k', Value: 'v' }] },
    },
  ];
  const { serialized, stderr } = serializeWithBotocore(cases);

  test('botocore serialized every case', () => {
    expect(stderr).toBe('');
    expect(serialized).toHaveLength(cases.length);
  });

  test.each(cases.map((c, i) => [`${c.service} ${c.operation}`, i] as const))('%s', (_label, i) => {
    const c = cases[i]!;
    const s = serialized[i]!;
    if (s.body.kind !== 'form') throw new Error('not a form body');
    const newest = readdirSync(join(BOTOCORE_DATA, c.service)).sort().at(-1)!;
    const loaded = loadModel(join(BOTOCORE_DATA, c.service, newest, 'service-2.json.gz')).model!;
    const wire: WireRequest = { protocol: s.protocol, method: 'POST', path: '/', query: [], headers: [], body: s.body };
    const compound = membersSent(loaded, c.operation, wire).members.filter((m) => ['structure', 'list', 'map'].includes(m.type));
    // Every structure, list and map the case sends has a form layout.
    expect(compound.map((m) => m.name).sort()).toEqual(Object.keys(c.params).filter((k) => typeof c.params[k] === 'object').sort());
    const shapes = compound.map((m) => ({ member: m.name, wireName: m.wireName, type: m.type, form: m.form! }));
    const { fields, notes } = render(shapes, c.client ?? c.params);
    const own = (key: string): boolean => compound.some((m) => key === m.wireName || key.startsWith(`${m.wireName}.`));
    expect(sorted(fields)).toEqual(sorted(s.body.fields.filter(([key]) => own(key))));
    expect(notes).toEqual([]);
  });
});

/** A model of one operation whose input is `shapes.Input`. */
function tinyModel(protocol: 'query' | 'ec2', shapes: Record<string, unknown>): BotocoreModel {
  return {
    file: '<tiny>',
    serviceDir: 'tiny',
    metadata: { protocol, apiVersion: '1', endpointPrefix: 'tiny' },
    operations: { Op: { name: 'Op', http: { method: 'POST', requestUri: '/' }, input: { shape: 'Input' } } },
    shapes: shapes as BotocoreModel['shapes'],
  } as BotocoreModel;
}

describe('form layouts', () => {
  test('a shape that holds itself has none: no finite template writes it', () => {
    const model = tinyModel('query', {
      Input: { type: 'structure', members: { Tree: { shape: 'Node' } } },
      Node: { type: 'structure', members: { Name: { shape: 'S' }, Children: { shape: 'Nodes' } } },
      Nodes: { type: 'list', member: { shape: 'Node' } },
      S: { type: 'string' },
    });
    const input = operationInput(model, 'Op')!;
    expect(formShapeOf(model, 'query', input)).toBeUndefined();
  });

  test('the same shape twice, side by side, is no recursion', () => {
    const model = tinyModel('ec2', {
      Input: { type: 'structure', members: { A: { shape: 'Pair', locationName: 'first' }, B: { shape: 'Pair', queryName: 'Second' } } },
      Pair: { type: 'structure', members: { K: { shape: 'S' } } },
      S: { type: 'string' },
    });
    const pair: FormShape = { type: 'structure', members: [{ name: 'K', field: 'K', shape: { type: 'string' } }] };
    // EC2Serializer: queryName as it is, else the locationName capitalized.
    expect(formShapeOf(model, 'ec2', operationInput(model, 'Op')!)).toEqual({
      type: 'structure',
      members: [
        { name: 'A', field: 'First', shape: pair },
        { name: 'B', field: 'Second', shape: pair },
      ],
    });
  });

  test('a shape of more fields than a template should hold has none', () => {
    const members = Object.fromEntries(Array.from({ length: 500 }, (_, i) => [`M${i}`, { shape: 'S' }]));
    const model = tinyModel('query', { Input: { type: 'structure', members }, S: { type: 'string' } });
    expect(formShapeOf(model, 'query', operationInput(model, 'Op')!)).toBeUndefined();
  });
});

describe('what the client sends', () => {
  const attributes: FormShape = {
    type: 'map',
    entries: 'entry',
    key: 'Name',
    value: 'Value',
    item: { type: 'structure', members: [{ name: 'DataType', field: 'DataType', shape: { type: 'string' } }, { name: 'StringValue', field: 'StringValue', shape: { type: 'string' } }] },
  };
  const tags: FormShape = { type: 'list', items: 'member', renamed: null, sendsEmpty: true, item: { type: 'string' } };
  const shapes = [
    { member: 'Attrs', wireName: 'Attrs', type: 'map', form: attributes },
    { member: 'Tags', wireName: 'Tags', type: 'list', form: tags },
  ];

  test('a member the client leaves out, or sends as null, writes no field; an empty list writes `Name=`', () => {
    expect(render(shapes, { Tags: [] }).fields).toEqual([['Tags', '']]);
    expect(render(shapes, {}).fields).toEqual([]);
    expect(render(shapes, { Attrs: null, Tags: null }).fields).toEqual([]);
  });

  test('a list that is the whole body: an empty body (which reads as {}) is no empty list', () => {
    const mapping: MemberMapping = { member: 'Tags', location: 'body', wireName: 'Tags', type: 'list', required: false, source: { kind: 'body' }, reason: '' };
    const template = formTemplate('Op', null, [{ mapping, formShape: tags }], () => undefined).join('');
    const fields = (body: string): string[][] => [...new URLSearchParams(renderTemplate(template, { body, path: {}, querystring: {}, header: {} }).output)].filter(([k]) => k !== 'Action');
    expect(fields('')).toEqual([]);
    expect(fields('{}')).toEqual([]);
    expect(fields('[]')).toEqual([['Tags', '']]);
    expect(fields('["a"]')).toEqual([['Tags.member.1', 'a']]);
  });

  test('a value of the wrong kind writes no field of its own', () => {
    expect(render(shapes, { Attrs: 'text', Tags: 'text' }).fields).toEqual([]);
    expect(render(shapes, { Attrs: { a: 'text' } }).fields).toEqual([['Attrs.entry.1.Name', 'a']]);
  });

  test('any key and value reach the service as they were sent, and nothing else does', () => {
    const text = fc.string({ unit: 'grapheme', maxLength: 20 });
    fc.assert(
      fc.property(fc.dictionary(text, fc.record({ DataType: text, StringValue: text }), { maxKeys: 4 }), fc.array(text, { maxLength: 4 }), (attrs, list) => {
        const { fields } = render(shapes, { Attrs: attrs, Tags: list });
        const expected: Array<[string, string]> = Object.entries(attrs).flatMap(([k, v], i): Array<[string, string]> => [
          [`Attrs.entry.${i + 1}.Name`, k],
          [`Attrs.entry.${i + 1}.Value.DataType`, v.DataType],
          [`Attrs.entry.${i + 1}.Value.StringValue`, v.StringValue],
        ]);
        expected.push(...(list.length === 0 ? [['Tags', ''] as [string, string]] : list.map((t, i): [string, string] => [`Tags.member.${i + 1}`, t])));
        expect(fields).toEqual(expected);
      }),
      { numRuns: 200 },
    );
  });
});
