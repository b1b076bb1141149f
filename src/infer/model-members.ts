/**
 * Which top-level input members a captured request sent, read back with the service model.
 *
 * Each protocol reader reverses one serializer of botocore/serialize.py (botocore 1.43); the
 * comment beside each rule names the serializer behaviour it undoes. Everything here is pure.
 */
import { XMLParser } from 'fast-xml-parser';
import { REDACTED, REDACTED_BLOB, type Secret } from '../parse/redact.js';
import { payloadOf } from './payload.js';
import { percentDecoded, validUtf8Text } from '../utf8.js';
import { fromCbor, isFormProtocol, isJsonValue } from './protocols.js';
import type {
  BotocoreModel,
  FormShape,
  ModelOperation,
  ModelShape,
  Protocol,
  SentLocation,
  SentMember,
  SerializationTraits,
  ShapeRef,
  SoleMember,
  WireRequest,
} from './model-types.js';

/**
 * A shape reference resolved: the shape, and its serialization traits with the reference's
 * overriding the shape's. Shared between the calls that resolve the same reference: read-only.
 */
export interface ResolvedShape {
  readonly shapeName: string;
  readonly shape: ModelShape;
  readonly traits: Readonly<SerializationTraits>;
}

/** botocore/model.py `SERIALIZED_ATTRS`: the traits a member reference may override on its shape. */
const SERIALIZED_ATTRS = [
  'locationName',
  'queryName',
  'flattened',
  'location',
  'payload',
  'streaming',
  'timestampFormat',
  'xmlNamespace',
  'resultWrapper',
  'xmlAttribute',
  'eventstream',
  'event',
  'eventheader',
  'eventpayload',
  'jsonvalue',
  'hostLabel',
] as const satisfies ReadonlyArray<keyof SerializationTraits>;

/**
 * Resolves a reference as botocore's `ShapeResolver.resolve_shape_ref` does: the shape's model
 * updated with the reference's traits. Throws when the model names a shape it lacks (a corrupt model).
 */
export function resolveRef(model: BotocoreModel, ref: ShapeRef): ResolvedShape {
  // A reference belongs to one model, loaded once per process: every call of an operation resolves the same ones.
  let resolved = resolvedRefs.get(ref);
  if (resolved === undefined) {
    resolved = resolveRefOnce(model, ref);
    resolvedRefs.set(ref, resolved);
  }
  return resolved;
}

const resolvedRefs = new WeakMap<ShapeRef, ResolvedShape>();

function resolveRefOnce(model: BotocoreModel, ref: ShapeRef): ResolvedShape {
  const shape = model.shapes[ref.shape];
  if (shape === undefined) throw new Error(`${model.file}: shape ${ref.shape} is referenced but not defined`);
  const traits: Record<string, unknown> = {};
  for (const attr of SERIALIZED_ATTRS) {
    const value = ref[attr] ?? shape[attr];
    if (value !== undefined) traits[attr] = value;
  }
  return { shapeName: ref.shape, shape, traits: traits as SerializationTraits };
}

/** The protocols a model says its service accepts: `protocols`, else the legacy `protocol` (botocore `resolved_protocol`). */
export function alsoAccepts(model: BotocoreModel): Protocol[] {
  return model.metadata.protocols ?? [model.metadata.protocol];
}

/** An operation's input shape, resolved; undefined when the operation takes no input. Throws for an unknown operation. */
export function operationInput(model: BotocoreModel, operation: string): ResolvedShape | undefined {
  const op = operationOf(model, operation);
  return op.input === undefined ? undefined : resolveRef(model, op.input);
}

/**
 * The output members a rest service returns in named response headers, in the output shape's
 * order: each member's name and header. Read from the member references alone (a slice holds the
 * output shape without its members' shapes). Prefix-mapped headers (`location: headers`, S3's
 * `x-amz-meta-*`) are not among them: a method response can only declare named headers.
 */
export function outputHeaders(model: BotocoreModel, operation: string): Array<{ name: string; header: string }> {
  const output = operationOf(model, operation).output;
  const members = output === undefined ? undefined : model.shapes[output.shape]?.members;
  return Object.entries(members ?? {})
    .filter(([, ref]) => ref.location === 'header')
    .map(([name, ref]) => ({ name, header: ref.locationName ?? name }));
}

/** Whether the operation answers a stream of bytes: its output's payload is streaming (S3 GetObject's Body, Polly's AudioStream). */
export function outputIsStream(model: BotocoreModel, operation: string): boolean {
  const output = operationOf(model, operation).output;
  const shape = output === undefined ? undefined : model.shapes[output.shape];
  const payload = shape?.payload === undefined ? undefined : shape.members?.[shape.payload];
  return payload?.streaming === true || (payload !== undefined && model.shapes[payload.shape]?.streaming === true);
}

/**
 * The values a response body holds that the model marks sensitive (an SSM SecureString's
 * decrypted value, a KMS plaintext), to redact from the call's evidence as the request's are. Read
 * from a JSON body (json, rest-json: the output shape, or its payload member's); other bodies
 * give none.
 */
export function responseSecrets(model: BotocoreModel, operation: string, body: string): Secret[] {
  const output = operationOf(model, operation).output;
  if (output === undefined || !/^\s*[[{]/.test(body)) return [];
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    return [];
  }
  const shape = model.shapes[output.shape];
  const ref = shape?.payload !== undefined ? shape.members?.[shape.payload] : output;
  const secrets: Secret[] = [];
  if (ref !== undefined) withoutSensitive(model, ref, value, secrets);
  return secrets;
}

/**
 * Members botocore base64-encodes before it serializes them (handlers.py
 * `base64_encode_user_data`): the model says string, but what goes on the wire is a blob's base64,
 * and they are read as blobs (a client sends the text, which a template encodes).
 */
const ENCODED_BY_SDK: Record<string, string[]> = {
  'ec2 RunInstances': ['UserData'],
  'autoscaling CreateLaunchConfiguration': ['UserData'],
};

function encodedBySdk(model: BotocoreModel, operation: string, member: string): boolean {
  return ENCODED_BY_SDK[`${model.metadata.endpointPrefix} ${operation}`]?.includes(member) === true;
}

function operationOf(model: BotocoreModel, operation: string): ModelOperation {
  const op = model.operations[operation];
  if (op === undefined) throw new RangeError(`${model.file} has no operation ${operation}`);
  return op;
}

/**
 * The top-level input members `wire` carried, with their values rebuilt per the model, in the
 * input shape's member order. `unknown` lists wire names that match no member (form prefixes,
 * JSON keys, XML elements, query keys); headers are never listed there, because botocore's
 * handlers add many (User-Agent, X-Amz-Date, checksums) that no input member produced.
 * Throws when the model lacks `operation` (`findModel` only returns models that have it).
 */
export function membersSent(
  model: BotocoreModel,
  operation: string,
  wire: WireRequest,
): { members: SentMember[]; unknown: string[]; requestUri?: string; secrets: Secret[] } {
  const op = operationOf(model, operation);
  const input = op.input === undefined ? undefined : resolveRef(model, op.input);
  const found = new Map<string, Found>();
  const unknown: string[] = [];
  const ctx: Ctx = { model, input, found, unknown };
  switch (wire.protocol) {
    case 'query':
    case 'ec2':
      readQuery(ctx, wire);
      break;
    case 'json':
    case 'smithy-rpc-v2-cbor':
      readRpcBody(ctx, wire);
      break;
    case 'rest-json':
    case 'rest-xml':
      readRest(ctx, op, wire);
      break;
  }
  const members: SentMember[] = [];
  const secrets: Secret[] = [];
  if (input !== undefined) {
    const required = new Set(input.shape.required ?? []);
    const payload = payloadOf([...found.keys()]);
    for (const [name, ref] of Object.entries(input.shape.members ?? {})) {
      const hit = found.get(name);
      if (hit === undefined) continue;
      const resolved = resolveRef(model, ref);
      const type = encodedBySdk(model, operation, name) ? 'blob' : resolved.shape.type;
      const value = name === payload ? hit.value : withoutSensitive(model, ref, hit.value, secrets, false, hit.sent, type === 'blob');
      const form = isFormProtocol(wire.protocol) && COMPOUND.has(type) ? formShapeOf(model, wire.protocol, resolved) : undefined;
      const sole = type === 'structure' ? soleMemberOf(model, wire.protocol, resolved) : undefined;
      members.push({
        name,
        location: hit.location,
        wireName: hit.wireName,
        required: required.has(name),
        type,
        value,
        ...(hit.payload ? { payload: hit.payload } : {}),
        ...(ref.idempotencyToken ? { idempotencyToken: true as const } : {}),
        ...(form ? { form } : {}),
        ...(sole ? { sole } : {}),
      });
    }
  }
  return { members, unknown, requestUri: op.http.requestUri, secrets };
}

/** A structure's member when it has one only, a scalar, named as `protocol` writes it. */
function soleMemberOf(model: BotocoreModel, protocol: Protocol, structure: ResolvedShape): SoleMember | undefined {
  const members = Object.entries(structure.shape.members ?? {});
  if (members.length !== 1) return undefined;
  const [name, ref] = members[0]!;
  const member = resolveRef(model, ref);
  if (COMPOUND.has(member.shape.type)) return undefined;
  // Form fields as the query serializers name them; JSON keys and XML elements by the locationName (`_get_serialized_name`).
  const wireName = isFormProtocol(protocol) ? formName(protocol, member, name) : documentKey(name, member);
  return { name, wireName, type: member.shape.type as SoleMember['type'] };
}

/**
 * The value with what the model marks `sensitive` (an SSM SecureString's value, Cognito's auth
 * parameters, a KMS plaintext: secrets whose names say nothing) redacted, each secret added to
 * `secrets` with what stands for it, for the rest of the call's evidence to lose it too. A
 * structure, list or map keeps its shape (map keys name no secret); a blob's base64 text becomes
 * that of REDACTED's bytes, so it still decodes.
 */
function withoutSensitive(model: BotocoreModel, ref: ShapeRef, value: unknown, secrets: Secret[], sensitive = false, sent?: string, blob = false): unknown {
  const { shape } = resolveRef(model, ref);
  const hidden = sensitive || shape.sensitive === true;
  // A sensitive `jsonvalue` string (Lex's session attributes) holds JSON, a secret whole, and was
  // sent as that JSON in base64: both go.
  if (hidden && isJsonValue(shape.type, value)) {
    secrets.push({ value: JSON.stringify(value), replacement: REDACTED });
    if (sent !== undefined) secrets.push({ value: sent, replacement: REDACTED });
    return REDACTED;
  }
  if (shape.type === 'list' && shape.member && Array.isArray(value)) return value.map((v) => withoutSensitive(model, shape.member!, v, secrets, hidden));
  if (isRecord(value)) {
    if (shape.type === 'structure' && shape.members) {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, Object.hasOwn(shape.members!, k) ? withoutSensitive(model, shape.members![k]!, v, secrets, hidden) : v]));
    }
    if (shape.type === 'map' && shape.value) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withoutSensitive(model, shape.value!, v, secrets, hidden)]));
  }
  if (!hidden || (typeof value !== 'string' && typeof value !== 'number')) return value;
  const replacement = shape.type === 'blob' || blob ? REDACTED_BLOB : REDACTED;
  secrets.push({ value: String(value), replacement, ...(typeof value === 'number' ? { number: true as const } : {}) });
  // A blob's text too, as the CLI's arguments show it (`--user-data 'echo hi'`, `--plaintext`).
  const text = replacement === REDACTED_BLOB && typeof value === 'string' ? base64Text(value) : undefined;
  if (text !== undefined) secrets.push({ value: text, replacement: REDACTED });
  return replacement;
}

interface Found {
  location: SentLocation;
  wireName: string;
  value: unknown;
  /** The member is the whole body (the input's `payload` trait). */
  payload?: true;
  /** A header's text as sent, where the value is decoded from it (a `jsonvalue` header's base64). */
  sent?: string;
}

interface Ctx {
  model: BotocoreModel;
  input: ResolvedShape | undefined;
  found: Map<string, Found>;
  unknown: string[];
}

function inputMembers(ctx: Ctx): Array<[string, ResolvedShape]> {
  return Object.entries(ctx.input?.shape.members ?? {}).map(([name, ref]) => [name, resolveRef(ctx.model, ref)]);
}

// ---------------------------------------------------------------------------------------------
// Scalars, typed by the shape.

/** Reads a scalar's text form (query field, header, URI label, query key, XML text) as its shape's type. */
function scalarFromText(type: ModelShape['type'], text: string): unknown {
  switch (type) {
    case 'integer':
    case 'long':
      return /^-?\d+$/.test(text) ? Number(text) : text;
    case 'float':
    case 'double': {
      // Serializer `_handle_float` writes non-finite numbers as "NaN"/"Infinity", which JSON cannot hold: keep the text.
      const n = Number(text);
      return text.trim() !== '' && Number.isFinite(n) ? n : text;
    }
    case 'boolean':
      // QuerySerializer `_serialize_type_boolean` and rest `_get_uri_and_query_string_value` write lower-case true/false.
      return text === 'true' ? true : text === 'false' ? false : text;
    default:
      // Strings, timestamps (format per `timestampFormat`) and base64 blobs stay as sent.
      return text;
  }
}

// ---------------------------------------------------------------------------------------------
// query and ec2: dotted form fields.

/** Form fields as a tree of their dotted segments: `A.entry.1.Name` → A → entry → 1 → Name. */
interface FieldNode {
  text?: string;
  children: Map<string, FieldNode>;
}

function fieldTree(fields: Array<[string, string]>): FieldNode {
  const root: FieldNode = { children: new Map() };
  for (const [key, text] of fields) {
    let node = root;
    for (const segment of key.split('.')) {
      let child = node.children.get(segment);
      if (child === undefined) {
        child = { children: new Map() };
        node.children.set(segment, child);
      }
      node = child;
    }
    node.text = text;
  }
  return root;
}

/** Children named 1, 2, ... in index order (the serializers number list items and map entries from 1). */
function numbered(node: FieldNode): FieldNode[] {
  return [...node.children.entries()]
    .filter(([segment]) => /^\d+$/.test(segment))
    .sort((a, b) => Number(a[0]) - Number(b[0]))
    .map(([, child]) => child);
}

function capitalize(name: string): string {
  return name.charAt(0).toUpperCase() + name.slice(1);
}

/**
 * The name a member serializes under in a form field (`_get_serialized_name`). For EC2:
 * `queryName`, else the capitalized `locationName`, else the member name (EC2Serializer).
 */
function formName(protocol: 'query' | 'ec2', member: ResolvedShape, fallback: string): string {
  const { queryName, locationName } = member.traits;
  if (protocol === 'ec2') return queryName ?? (locationName === undefined ? fallback : capitalize(locationName));
  return locationName ?? fallback;
}

/** The dotted segment a structure member sits under; a query flattened list can rename it. */
function formMemberKey(model: BotocoreModel, protocol: 'query' | 'ec2', name: string, member: ResolvedShape): string {
  if (protocol === 'query' && member.shape.type === 'list' && member.traits.flattened && member.shape.member) {
    // QuerySerializer `_serialize_type_list`: a flattened list whose member has a locationName replaces the last prefix segment with it.
    const itemName = resolveRef(model, member.shape.member).traits.locationName;
    if (itemName !== undefined) return itemName;
  }
  return formName(protocol, member, name);
}

function fromForm(ctx: Ctx, protocol: 'query' | 'ec2', member: ResolvedShape, node: FieldNode): unknown {
  const { shape } = member;
  switch (shape.type) {
    case 'structure': {
      const out: Record<string, unknown> = {};
      const claimed = new Set<string>();
      for (const [name, ref] of Object.entries(shape.members ?? {})) {
        const child = resolveRef(ctx.model, ref);
        const key = formMemberKey(ctx.model, protocol, name, child);
        const sub = node.children.get(key);
        if (sub === undefined) continue;
        claimed.add(key);
        out[name] = fromForm(ctx, protocol, child, sub);
      }
      // Keys no member claims are kept under their wire name, so nothing sent is lost.
      for (const [key, sub] of node.children) if (!claimed.has(key)) putKey(out, key, rawForm(sub));
      return out;
    }
    case 'list': {
      if (shape.member === undefined) return rawForm(node);
      const item = resolveRef(ctx.model, shape.member);
      // QuerySerializer `_serialize_type_list`: an empty list is sent as `Prefix=` with no items.
      if (node.children.size === 0) return [];
      // EC2Serializer `_serialize_type_list` always writes `Name.N`; QuerySerializer does so only for flattened lists,
      // otherwise `Name.<member locationName or "member">.N`.
      const itemsNode =
        protocol === 'ec2' || member.traits.flattened ? node : node.children.get(item.traits.locationName ?? 'member');
      return itemsNode === undefined ? [] : numbered(itemsNode).map((n) => fromForm(ctx, protocol, item, n));
    }
    case 'map': {
      if (shape.key === undefined || shape.value === undefined) return rawForm(node);
      const keyShape = resolveRef(ctx.model, shape.key);
      const valueShape = resolveRef(ctx.model, shape.value);
      // QuerySerializer `_serialize_type_map`: `Prefix.entry.N.key` / `.value`, without `.entry` when flattened,
      // and the key/value suffixes renamed by their locationName.
      const entries = member.traits.flattened ? node : node.children.get('entry');
      const keyName = formName(protocol, keyShape, 'key');
      const valueName = formName(protocol, valueShape, 'value');
      const out: Record<string, unknown> = {};
      for (const entry of entries === undefined ? [] : numbered(entries)) {
        const k = entry.children.get(keyName)?.text;
        const v = entry.children.get(valueName);
        if (k !== undefined && v !== undefined) putKey(out, k, fromForm(ctx, protocol, valueShape, v));
      }
      return out;
    }
    default:
      return scalarFromText(shape.type, node.text ?? '');
  }
}

/**
 * The most fields a member's form layout may describe (counting each structure member, list item
 * and map entry of its shape once): a template writes each one, and API Gateway caps a template's
 * size. Far above the query services' real shapes (SNS's MessageAttributes: 6; EC2 RunInstances'
 * BlockDeviceMappings: 14).
 */
const FORM_SHAPE_LIMIT = 400;

const COMPOUND = new Set(['structure', 'list', 'map']);

/**
 * How `protocol` writes a structure, list or map member as form fields, or undefined when no
 * finite template can write it: a shape that holds itself, or one past FORM_SHAPE_LIMIT fields.
 */
export function formShapeOf(model: BotocoreModel, protocol: 'query' | 'ec2', member: ResolvedShape): FormShape | undefined {
  let budget = FORM_SHAPE_LIMIT;
  const walk = (resolved: ResolvedShape, path: ReadonlySet<string>): FormShape | undefined => {
    const { shape, shapeName, traits } = resolved;
    if (path.has(shapeName) || --budget < 0) return undefined;
    const inner = new Set(path).add(shapeName);
    switch (shape.type) {
      case 'structure': {
        const members: Array<{ name: string; field: string; shape: FormShape }> = [];
        for (const [name, ref] of Object.entries(shape.members ?? {})) {
          const child = resolveRef(model, ref);
          const form = walk(child, inner);
          if (form === undefined) return undefined;
          members.push({ name, field: formName(protocol, child, name), shape: form });
        }
        return { type: 'structure', members };
      }
      case 'list': {
        if (shape.member === undefined) return undefined;
        const item = resolveRef(model, shape.member);
        const form = walk(item, inner);
        // QuerySerializer `_serialize_type_list`: `Prefix.<member locationName or "member">.N`, or
        // `Prefix.N` when flattened (its last segment renamed by the member's locationName), and
        // `Prefix=` for an empty list; EC2Serializer: always `Prefix.N`, nothing when empty.
        const flat = protocol === 'ec2' || traits.flattened === true;
        const items = flat ? null : (item.traits.locationName ?? 'member');
        const renamed = protocol === 'query' && flat ? (item.traits.locationName ?? null) : null;
        return form && { type: 'list', items, renamed, sendsEmpty: protocol === 'query', item: form };
      }
      case 'map': {
        if (shape.key === undefined || shape.value === undefined) return undefined;
        const value = resolveRef(model, shape.value);
        const form = walk(value, inner);
        // QuerySerializer `_serialize_type_map`, as fromForm reads it.
        const key = formName(protocol, resolveRef(model, shape.key), 'key');
        return form && { type: 'map', entries: traits.flattened ? null : 'entry', key, value: formName(protocol, value, 'value'), item: form };
      }
      default:
        return { type: shape.type };
    }
  };
  return walk(member, new Set());
}

/** A subtree no member describes, as nested objects of its segments. */
function rawForm(node: FieldNode): unknown {
  if (node.children.size === 0) return node.text ?? '';
  const out: Record<string, unknown> = {};
  for (const [key, child] of node.children) putKey(out, key, rawForm(child));
  return out;
}

function readQuery(ctx: Ctx, wire: WireRequest): void {
  const protocol = wire.protocol === 'ec2' ? 'ec2' : 'query';
  // The query serializers put everything in the body; a GET (or a presigned URL) carries the same fields in the URL.
  const fields = wire.body.kind === 'form' ? [...wire.query, ...wire.body.fields] : wire.query;
  const tree = fieldTree(fields);
  // QuerySerializer.serialize_to_request adds Action and Version itself: they are not input members.
  tree.children.delete('Action');
  tree.children.delete('Version');
  const byKey = new Map<string, [string, ResolvedShape]>();
  for (const [name, member] of inputMembers(ctx)) byKey.set(formMemberKey(ctx.model, protocol, name, member), [name, member]);
  for (const [key, node] of tree.children) {
    const hit = byKey.get(key);
    if (hit === undefined) {
      ctx.unknown.push(key);
      continue;
    }
    ctx.found.set(hit[0], { location: 'body', wireName: key, value: fromForm(ctx, protocol, hit[1], node) });
  }
}

// ---------------------------------------------------------------------------------------------
// json, rest-json bodies and smithy-rpc-v2-cbor: decoded documents.

/**
 * Sets a key the input names (a map key, a field no member claims) as an own property: an
 * assignment to `__proto__`, a DynamoDB attribute name like any other, would set the prototype.
 */
function putKey(out: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** JSONSerializer and CBORSerializer `_serialize_type_structure`: a member's key is its locationName, else its name. */
function documentKey(name: string, member: ResolvedShape): string {
  return member.traits.locationName ?? name;
}

/** Rebuilds a decoded document with member names in place of wire keys; keys no member claims stay as sent. */
function fromDocument(ctx: Ctx, member: ResolvedShape, value: unknown): unknown {
  const { shape } = member;
  if (shape.type === 'structure' && !shape.document && isRecord(value)) {
    const byKey = new Map<string, [string, ResolvedShape]>();
    for (const [name, ref] of Object.entries(shape.members ?? {})) {
      const child = resolveRef(ctx.model, ref);
      byKey.set(documentKey(name, child), [name, child]);
    }
    const out: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(value)) {
      const hit = byKey.get(key);
      if (hit === undefined) putKey(out, key, v);
      else out[hit[0]] = fromDocument(ctx, hit[1], v);
    }
    return out;
  }
  if (shape.type === 'list' && shape.member !== undefined && Array.isArray(value)) {
    const item = resolveRef(ctx.model, shape.member);
    return value.map((v) => fromDocument(ctx, item, v));
  }
  if (shape.type === 'map' && shape.value !== undefined && isRecord(value)) {
    const valueShape = resolveRef(ctx.model, shape.value);
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) putKey(out, k, fromDocument(ctx, valueShape, v));
    return out;
  }
  return value;
}

/** The body as a decoded document (JSON, or CBOR made plain), also when the capture kept JSON as text. */
function documentBody(wire: WireRequest): unknown {
  const { body } = wire;
  if (body.kind === 'json') return body.value;
  if (body.kind === 'cbor') return fromCbor(body.value);
  if (body.kind === 'binary' && body.text !== undefined) {
    try {
      return JSON.parse(body.text) as unknown;
    } catch {
      return undefined;
    }
  }
  return undefined;
}

/** Reads JSON keys (or CBOR map keys) of `doc` as members of `members`, recording each under `location`. */
function readDocumentMembers(ctx: Ctx, members: Array<[string, ResolvedShape]>, doc: unknown): void {
  if (!isRecord(doc)) return;
  const byKey = new Map<string, [string, ResolvedShape]>();
  for (const [name, member] of members) byKey.set(documentKey(name, member), [name, member]);
  for (const [key, v] of Object.entries(doc)) {
    const hit = byKey.get(key);
    if (hit === undefined) ctx.unknown.push(key);
    else ctx.found.set(hit[0], { location: 'body', wireName: key, value: fromDocument(ctx, hit[1], v) });
  }
}

function readRpcBody(ctx: Ctx, wire: WireRequest): void {
  // JSONSerializer and RpcV2CBORSerializer serialize the whole input as the body; nothing goes in the URL or headers.
  readDocumentMembers(ctx, inputMembers(ctx), documentBody(wire));
}

// ---------------------------------------------------------------------------------------------
// rest-json and rest-xml: URI labels, query keys, headers, and a body or payload.

interface UriTemplate {
  pattern: RegExp;
  labels: string[];
  /** Keys the template itself puts in the query string (`?tagging`, `?x-id=GetObject`). */
  literalQuery: Set<string>;
}

const templates = new Map<string, UriTemplate>();

/** Compiles a requestUri (memoized: a run reads the same few operations over and over). */
function compileTemplate(requestUri: string): UriTemplate {
  let compiled = templates.get(requestUri);
  if (compiled !== undefined) return compiled;
  const q = requestUri.indexOf('?');
  const path = q === -1 ? requestUri : requestUri.slice(0, q);
  const literalQuery = new Set(
    q === -1 ? [] : requestUri.slice(q + 1).split('&').filter(Boolean).map((p) => decodeURIComponent(p.split('=')[0] ?? '')),
  );
  const labels: string[] = [];
  let source = '';
  let last = 0;
  for (const m of path.matchAll(/\{([^}]+)\}/g)) {
    source += escapeRegExp(path.slice(last, m.index));
    const label = m[1] ?? '';
    // BaseRestSerializer `_render_uri_template`: a `{Label+}` is greedy and keeps its slashes (safe='/~'); others encode them.
    if (label.endsWith('+')) {
      labels.push(label.slice(0, -1));
      source += '(.+)';
    } else {
      labels.push(label);
      source += '([^/]+)';
    }
    last = m.index + m[0].length;
  }
  source += escapeRegExp(path.slice(last));
  // A custom endpoint URL may carry a base path (API Gateway management API's `/<stage>`): allow any prefix.
  compiled = { pattern: new RegExp(`^(?:.*?)${source}$`), labels, literalQuery };
  templates.set(requestUri, compiled);
  return compiled;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * URI label values from the path. botocore's S3 endpoint rules move the bucket to the host
 * (`<bucket>.s3.<region>.amazonaws.com`, virtual-hosted style), so a template opening with
 * `/{Bucket}` also matches the path without it, the bucket then read from the host.
 */
/** The bucket of an S3 virtual-hosted address (`my-bucket.s3.us-east-1.amazonaws.com`), which the requestUri's `/{Bucket}` stands for. */
function virtualBucketOf(host: string | undefined): string | undefined {
  return host === undefined ? undefined : /^(.+?)\.s3[.-]/.exec(host)?.[1];
}

/**
 * The operation a REST request is, for a call the log does not name (a raw HTTP request): the
 * operation whose route (HTTP method and requestUri) the request follows, the most specific one
 * where several do (query keys the route or a required member demands first, as S3's `?tagging`
 * tells its operations apart, then literal path characters). botocore's `x-id=` key is not
 * required: services ignore it.
 * Undefined when none matches, or two match alike.
 */
export function operationByRoute(
  model: BotocoreModel,
  request: { method: string; path: string; host?: string; query: Array<[string, string]>; headers: Array<[string, string]> },
): string | undefined {
  const keys = new Set(request.query.map(([k]) => k));
  const headers = new Set(request.headers.map(([h]) => h.toLowerCase()));
  const virtualBucket = virtualBucketOf(request.host);
  let best: string | undefined;
  let bestScore = -1;
  let tied = false;
  for (const [name, op] of Object.entries(model.operations)) {
    if (op.http?.method?.toUpperCase() !== request.method.toUpperCase() || op.http.requestUri === undefined) continue;
    let uri = op.http.requestUri;
    if (virtualBucket !== undefined && uri.startsWith('/{Bucket}')) uri = uri.slice('/{Bucket}'.length) || '/';
    const template = compileTemplate(uri);
    const required = [...template.literalQuery].filter((k) => k !== 'x-id');
    if (!required.every((k) => keys.has(k)) || !template.pattern.test(request.path)) continue;
    // ListParts is GetObject's route with a required `uploadId`, CopyObject PutObject's with a
    // required `x-amz-copy-source`: a request without an operation's required query and header
    // members is not that operation, and one with them is that one rather than the other.
    const members = requiredKeys(model, op);
    if (!members.query.every((k) => keys.has(k)) || !members.header.every((h) => headers.has(h))) continue;
    const score = (required.length + members.query.length + members.header.length) * 100_000 + uri.split('?')[0]!.replace(/\{[^}]+\}/g, '').length;
    if (score > bestScore) [best, bestScore, tied] = [name, score, false];
    else if (score === bestScore) tied = true;
  }
  return tied ? undefined : best;
}

/** The query keys and (lower-case) header names of an operation's required members. */
function requiredKeys(model: BotocoreModel, op: ModelOperation): { query: string[]; header: string[] } {
  const input = op.input ? model.shapes[op.input.shape] : undefined;
  const keys = { query: [] as string[], header: [] as string[] };
  for (const name of input?.required ?? []) {
    const ref = input?.members?.[name];
    if (ref?.location === 'querystring') keys.query.push(ref.locationName ?? name);
    else if (ref?.location === 'header') keys.header.push((ref.locationName ?? name).toLowerCase());
  }
  return keys;
}

function uriLabels(template: UriTemplate, requestUri: string, wire: WireRequest): Map<string, string> {
  const labels = new Map<string, string>();
  const virtualBucket = virtualBucketOf(wire.host);
  let t = template;
  if (virtualBucket !== undefined && t.labels[0] === 'Bucket' && requestUri.startsWith('/{Bucket}')) {
    t = compileTemplate(requestUri.slice('/{Bucket}'.length) || '/');
    labels.set('Bucket', virtualBucket);
  }
  const m = t.pattern.exec(wire.path);
  if (m === null) return new Map();
  t.labels.forEach((label, i) => labels.set(label, percentDecoded(m[i + 1] ?? '')));
  return labels;
}

/**
 * A list header as `_convert_header_value` writes it: items joined by commas, a string item that
 * holds a comma or quote wrapped in double quotes, its quotes backslash-escaped
 * (`_escape_header_list_string`). The inverse of splitHeaderList.
 */
export function joinHeaderList(items: unknown[]): string {
  return items
    .filter((item) => item !== null && item !== undefined)
    .map((item) => (typeof item === 'string' ? (/[,"]/.test(item) ? `"${item.replaceAll('"', '\\"')}"` : item) : typeof item === 'object' ? JSON.stringify(item) : String(item)))
    .join(',');
}

/**
 * Splits a header list the way `_convert_header_value` joined it: items by commas, an item with a
 * comma or quote wrapped in double quotes with inner quotes backslash-escaped (`_escape_header_list_string`).
 */
function splitHeaderList(text: string): string[] {
  const items: string[] = [];
  let i = 0;
  for (;;) {
    while (text[i] === ' ') i++;
    let end: number;
    if (text[i] === '"') {
      let item = '';
      for (i++; i < text.length && text[i] !== '"'; i++) item += text[i] === '\\' ? (text[++i] ?? '') : text[i];
      items.push(item);
      end = text.indexOf(',', i);
    } else {
      end = text.indexOf(',', i);
      items.push(text.slice(i, end === -1 ? undefined : end).trim());
    }
    if (end === -1) return items;
    i = end + 1;
  }
}

function fromHeader(ctx: Ctx, member: ResolvedShape, text: string): unknown {
  const { shape } = member;
  if (shape.type === 'list' && shape.member !== undefined) {
    const item = resolveRef(ctx.model, shape.member);
    return splitHeaderList(text).map((t) => scalarFromText(item.shape.type, t));
  }
  if (member.traits.jsonvalue) {
    // `_convert_header_value` with `is_json_value_header`: compact JSON, base64-encoded.
    try {
      return JSON.parse(Buffer.from(text, 'base64').toString('utf8')) as unknown;
    } catch {
      return text;
    }
  }
  return scalarFromText(shape.type, text);
}

function fromQueryValues(ctx: Ctx, member: ResolvedShape, values: string[]): unknown {
  const { shape } = member;
  if (shape.type === 'list' && shape.member !== undefined) {
    // `_partition_parameters`: a querystring list becomes one repeated key per item.
    const item = resolveRef(ctx.model, shape.member);
    return values.map((v) => scalarFromText(item.shape.type, v));
  }
  return scalarFromText(shape.type, values[values.length - 1] ?? '');
}

function readRest(ctx: Ctx, op: ModelOperation, wire: WireRequest): void {
  const requestUri = op.http.requestUri;
  const template = compileTemplate(requestUri);
  const labels = uriLabels(template, requestUri, wire);
  const query = new Map<string, string[]>();
  for (const [k, v] of wire.query) {
    const values = query.get(k);
    if (values === undefined) query.set(k, [v]);
    else values.push(v);
  }
  const headers = new Map<string, string>();
  for (const [k, v] of wire.headers) headers.set(k.toLowerCase(), v);

  const payloadName = ctx.input?.traits.payload;
  const bodyMembers: Array<[string, ResolvedShape]> = [];
  const claimedQuery = new Set(template.literalQuery);
  let queryMap: [string, ResolvedShape] | undefined;
  for (const [name, member] of inputMembers(ctx)) {
    // `_partition_parameters`: the key on the wire is the member's locationName, else its name.
    const key = member.traits.locationName ?? name;
    switch (member.traits.location) {
      case 'uri': {
        const text = labels.get(key);
        if (text !== undefined) ctx.found.set(name, { location: 'path', wireName: key, value: scalarFromText(member.shape.type, text) });
        break;
      }
      case 'querystring': {
        // `_partition_parameters`: a querystring map's entries are merged into the query string as they are.
        if (member.shape.type === 'map') {
          queryMap = [name, member];
          break;
        }
        const values = query.get(key);
        claimedQuery.add(key);
        if (values !== undefined) ctx.found.set(name, { location: 'querystring', wireName: key, value: fromQueryValues(ctx, member, values) });
        break;
      }
      case 'header': {
        const text = headers.get(key.toLowerCase());
        if (text !== undefined) ctx.found.set(name, { location: 'header', wireName: key, value: fromHeader(ctx, member, text), sent: text });
        break;
      }
      case 'headers': {
        // `_do_serialize_header_map`: each map entry is a header named locationName (a prefix) + key.
        const prefix = key.toLowerCase();
        if (prefix === '') break;
        const map: Record<string, string> = {};
        for (const [k, v] of wire.headers) if (k.toLowerCase().startsWith(prefix)) map[k.slice(prefix.length)] = v;
        if (Object.keys(map).length > 0) ctx.found.set(name, { location: 'header', wireName: key, value: map });
        break;
      }
      case 'statusCode':
        break;
      case undefined:
        if (name !== payloadName) bodyMembers.push([name, member]);
        break;
    }
  }
  const rest = [...query.entries()].filter(([k]) => !claimedQuery.has(k));
  if (queryMap !== undefined && rest.length > 0) {
    const [name, member] = queryMap;
    const valueShape = member.shape.value === undefined ? undefined : resolveRef(ctx.model, member.shape.value);
    const map: Record<string, unknown> = {};
    for (const [k, values] of rest) putKey(map, k, valueShape === undefined ? values.at(-1) : fromQueryValues(ctx, valueShape, values));
    ctx.found.set(name, { location: 'querystring', wireName: member.traits.locationName ?? name, value: map });
  } else {
    for (const [k] of rest) ctx.unknown.push(k);
  }

  const payload = payloadName === undefined ? undefined : ctx.input?.shape.members?.[payloadName];
  if (payloadName !== undefined && payload !== undefined) readPayload(ctx, wire, payloadName, resolveRef(ctx.model, payload));
  else if (wire.protocol === 'rest-json') readDocumentMembers(ctx, bodyMembers, documentBody(wire));
  else readXmlMembers(ctx, bodyMembers, xmlRoot(wire));
}

function readPayload(ctx: Ctx, wire: WireRequest, name: string, member: ResolvedShape): void {
  const streaming = member.shape.type === 'blob' || member.shape.type === 'string';
  const value = streaming ? streamingPayload(wire.body) : structurePayload(ctx, wire, member);
  if (value !== undefined) ctx.found.set(name, { location: 'body', wireName: member.traits.locationName ?? name, value, payload: true });
}

/**
 * `_serialize_payload` with `_has_streaming_payload`: the body is the member's raw bytes, and
 * `b''` when it is absent, so an empty body counts as not sent. The value is the body as text when
 * the log showed it, else null.
 */
function streamingPayload(body: WireRequest['body']): string | null | undefined {
  switch (body.kind) {
    case 'binary':
      return body.length === 0 && !body.text ? undefined : (body.text ?? null);
    case 'xml':
      return body.text === '' ? undefined : body.text;
    case 'json':
      return JSON.stringify(body.value);
    case 'form':
      return body.fields.length === 0 ? undefined : new URLSearchParams(body.fields).toString();
    default:
      return undefined;
  }
}

/** `_serialize_payload`: a structure payload is the whole body, serialized as that member alone. */
function structurePayload(ctx: Ctx, wire: WireRequest, member: ResolvedShape): unknown {
  if (wire.protocol === 'rest-json') {
    const doc = documentBody(wire);
    // RestJSONSerializer `_serialize_empty_body`: an absent payload is sent as `{}` (so is an empty one: they look alike).
    if (!isRecord(doc) || Object.keys(doc).length === 0) return undefined;
    return fromDocument(ctx, member, doc);
  }
  const root = xmlRoot(wire);
  return root === undefined ? undefined : fromXml(ctx, member, root);
}

// ---------------------------------------------------------------------------------------------
// rest-xml bodies.

/** An element as fast-xml-parser gives it with `isArray` for every element: text, or children and `@_` attributes. */
type XmlNode = string | { [name: string]: XmlNode[] | string };

const xmlParser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  parseTagValue: false,
  parseAttributeValue: false,
  // Leaf text is data: `<Key> a </Key>` means " a ". Whitespace between elements shows up as `#text` and is skipped.
  trimValues: false,
  ignoreDeclaration: true,
  isArray: (_name, _jpath, _isLeaf, isAttribute) => !isAttribute,
});

/** The root element of an XML body (RestXMLSerializer writes exactly one), or undefined when there is none. */
function xmlRoot(wire: WireRequest): XmlNode | undefined {
  const { body } = wire;
  const text = body.kind === 'xml' ? body.text : body.kind === 'binary' ? body.text : undefined;
  if (text === undefined || text.trim() === '') return undefined;
  let doc: Record<string, unknown>;
  try {
    doc = xmlParser.parse(text) as Record<string, unknown>;
  } catch {
    return undefined;
  }
  for (const [name, value] of Object.entries(doc)) {
    if (name.startsWith('#') || name.startsWith('?')) continue;
    return Array.isArray(value) ? (value[0] as XmlNode) : (value as XmlNode);
  }
  return undefined;
}

function xmlChildren(node: XmlNode, name: string): XmlNode[] {
  if (typeof node === 'string') return [];
  const children = node[name];
  return Array.isArray(children) ? children : [];
}

function xmlText(node: XmlNode): string {
  if (typeof node === 'string') return node;
  const text = node['#text'];
  return Array.isArray(text) ? text.join('') : (text ?? '');
}

/**
 * A member's value from its element(s). Flattened lists and maps (RestXMLSerializer
 * `_serialize_type_list`/`_map` with `flattened`) repeat the member's own element, so the caller
 * passes every element of that name; all other shapes read the first.
 */
function fromXmlElements(ctx: Ctx, member: ResolvedShape, elements: XmlNode[]): unknown {
  const { shape } = member;
  if (member.traits.flattened && shape.type === 'list' && shape.member !== undefined) {
    const item = resolveRef(ctx.model, shape.member);
    return elements.map((e) => fromXml(ctx, item, e));
  }
  if (member.traits.flattened && shape.type === 'map') return xmlEntries(ctx, member, elements);
  const first = elements[0];
  return first === undefined ? undefined : fromXml(ctx, member, first);
}

function xmlEntries(ctx: Ctx, member: ResolvedShape, entries: XmlNode[]): Record<string, unknown> {
  const { key, value } = member.shape;
  const out: Record<string, unknown> = {};
  if (key === undefined || value === undefined) return out;
  const keyShape = resolveRef(ctx.model, key);
  const valueShape = resolveRef(ctx.model, value);
  // RestXMLSerializer `_serialize_type_map`: `<key>`/`<value>` children, renamed by their locationName.
  const keyName = keyShape.traits.locationName ?? 'key';
  const valueName = valueShape.traits.locationName ?? 'value';
  for (const entry of entries) {
    const k = xmlChildren(entry, keyName)[0];
    const v = xmlChildren(entry, valueName)[0];
    if (k !== undefined && v !== undefined) putKey(out, xmlText(k), fromXml(ctx, valueShape, v));
  }
  return out;
}

function fromXml(ctx: Ctx, member: ResolvedShape, node: XmlNode): unknown {
  const { shape } = member;
  switch (shape.type) {
    case 'structure': {
      const out: Record<string, unknown> = {};
      if (typeof node === 'string') return out;
      const claimed = new Set<string>();
      for (const [name, ref] of Object.entries(shape.members ?? {})) {
        const child = resolveRef(ctx.model, ref);
        const key = child.traits.locationName ?? name;
        if (child.traits.xmlAttribute) {
          // RestXMLSerializer `_serialize_type_structure`: an xmlAttribute member is an attribute of this element.
          const attr = node[`@_${key}`];
          if (typeof attr === 'string') out[name] = scalarFromText(child.shape.type, attr);
          continue;
        }
        claimed.add(key);
        const elements = xmlChildren(node, key);
        if (elements.length > 0) out[name] = fromXmlElements(ctx, child, elements);
      }
      for (const [key, value] of Object.entries(node)) {
        if (claimed.has(key) || key.startsWith('@_') || key === '#text' || !Array.isArray(value)) continue;
        putKey(out, key, value.length === 1 ? value[0] : value);
      }
      return out;
    }
    case 'list': {
      if (shape.member === undefined) return [];
      const item = resolveRef(ctx.model, shape.member);
      // RestXMLSerializer `_serialize_type_list`: items are `<member>`, or the list member's locationName.
      return xmlChildren(node, item.traits.locationName ?? 'member').map((e) => fromXml(ctx, item, e));
    }
    case 'map':
      return xmlEntries(ctx, member, xmlChildren(node, 'entry'));
    default:
      return scalarFromText(shape.type, xmlText(node));
  }
}

/** Reads the children of the input's root element (named by the input's locationName) as members. */
function readXmlMembers(ctx: Ctx, members: Array<[string, ResolvedShape]>, root: XmlNode | undefined): void {
  if (root === undefined || typeof root === 'string') return;
  const claimed = new Set<string>();
  for (const [name, member] of members) {
    const key = member.traits.locationName ?? name;
    if (member.traits.xmlAttribute) {
      const attr = root[`@_${key}`];
      if (typeof attr === 'string') ctx.found.set(name, { location: 'body', wireName: key, value: scalarFromText(member.shape.type, attr) });
      continue;
    }
    claimed.add(key);
    const elements = xmlChildren(root, key);
    if (elements.length > 0) ctx.found.set(name, { location: 'body', wireName: key, value: fromXmlElements(ctx, member, elements) });
  }
  for (const key of Object.keys(root)) if (!claimed.has(key) && !key.startsWith('@_') && key !== '#text') ctx.unknown.push(key);
}

/** The UTF-8 text base64 encodes, when it is base64 of text; undefined otherwise. */
function base64Text(value: string): string | undefined {
  const bytes = Buffer.from(value, 'base64');
  if (bytes.length === 0 || bytes.toString('base64') !== value) return undefined;
  return validUtf8Text(bytes);
}
