/**
 * Finding and loading botocore service models. All file-system and process I/O of model lookup
 * lives here, cached per process (operation slices, directory listings, the metadata index) and
 * on disk (slim models, operation slices, the metadata index and python's botocore location), so
 * a normal run neither spawns python nor reads a whole model.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { diagnostic, type Diagnostic } from '../diagnostics.js';
import { alsoAccepts, operationByRoute } from './model-members.js';
import { isRestProtocol } from './protocols.js';
import type { BotocoreModel, ModelHint, ModelMetadata, Protocol, ShapeRef } from './model-types.js';

/** botocore's loader tries `.json` before `.json.gz` (`_JSON_OPEN_METHODS` in botocore/loaders.py). */
const MODEL_FILE_NAMES = ['service-2.json', 'service-2.json.gz'];

/** awscli renames a few services' commands (awscli/customizations: s3 → s3api, config → configservice, codedeploy → deploy). */
const CLI_RENAMES: Record<string, string> = { s3api: 's3', configservice: 'config', deploy: 'codedeploy' };

// ---------------------------------------------------------------------------------------------
// Loading one model.

/**
 * Loads a whole `service-2.json` or `service-2.json.gz` (inference reads slices: see
 * loadOperation). Not kept for the process, for the reason loadOperation gives. A file that
 * cannot be read or is not a service model yields MODEL_UNREADABLE (a warning), named after `source`.
 */
export function loadModel(file: string, source = '<model>'): { model?: BotocoreModel; diagnostics: Diagnostic[] } {
  return reported(readModel(file), file, source);
}

function reported(loaded: BotocoreModel | { reason: string }, file: string, source: string): { model?: BotocoreModel; diagnostics: Diagnostic[] } {
  if ('reason' in loaded) return { diagnostics: [diagnostic('MODEL_UNREADABLE', source, undefined, { file, reason: loaded.reason })] };
  return { model: loaded, diagnostics: [] };
}

/**
 * A model as read, or from its slim copy in the disk cache: the same model without its
 * documentation, which is two thirds of a model file (EC2: 3.9 MB of JSON, 1.1 MB without) and
 * which nothing here reads. Parsing the slim copy instead of gunzipping and parsing the file
 * takes a third of the time and of the transient memory.
 */
function readModel(file: string): BotocoreModel | { reason: string } {
  return cachedOnDisk('model', file, file, MODEL_FORMAT, () => {
    let data: unknown;
    try {
      const bytes = fs.readFileSync(file);
      data = JSON.parse((file.endsWith('.gz') ? zlib.gunzipSync(bytes) : bytes).toString('utf8'));
    } catch (e) {
      return { reason: e instanceof Error ? e.message : String(e) };
    }
    if (!isObject(data) || !isMetadata(data['metadata']) || !isObject(data['operations']) || !isObject(data['shapes'])) {
      return { reason: 'not a botocore service model (expected metadata, operations and shapes)' };
    }
    const model: BotocoreModel = {
      file,
      serviceDir: serviceDirOf(file),
      metadata: data['metadata'],
      operations: data['operations'] as BotocoreModel['operations'],
      shapes: data['shapes'] as BotocoreModel['shapes'],
    };
    withoutDocumentation(model);
    return model;
  });
}

/** Bumped whenever the slim copy's content changes, so a copy written by another version is not used. */
const MODEL_FORMAT = 1;
/** A slice is cut from the slim copy, so its format changes with that one's; the last digits are bumped whenever a slice's own content changes. */
const SLICE_FORMAT = MODEL_FORMAT * 1000 + 5;

/** A model (slim, or a slice of one) in the disk cache, with the model file it was made from, its mtime and size when it was. */
interface DiskModel {
  format: number;
  file: string;
  mtimeMs: number;
  size: number;
  metadata: ModelMetadata;
  operations: BotocoreModel['operations'];
  shapes: BotocoreModel['shapes'];
}

/**
 * The model the disk cache keeps under `kind` and `key` while `file` has the mtime and size it had
 * when the copy was made (and the copy is of `format`); else what `make` gives, then kept.
 */
function cachedOnDisk(kind: string, key: string, file: string, format: number, make: () => BotocoreModel | { reason: string }): BotocoreModel | { reason: string } {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch (e) {
    return { reason: e instanceof Error ? e.message : String(e) };
  }
  const cacheAt = cacheFile(kind, key);
  const cached = readCache(cacheAt) as DiskModel | undefined;
  if (cached?.format === format && cached.file === file && cached.mtimeMs === stat.mtimeMs && cached.size === stat.size) {
    return { file, serviceDir: serviceDirOf(file), metadata: cached.metadata, operations: cached.operations, shapes: cached.shapes };
  }
  const made = make();
  if (!('reason' in made)) {
    const { metadata, operations, shapes } = made;
    writeCache(cacheAt, { format, file, mtimeMs: stat.mtimeMs, size: stat.size, metadata, operations, shapes } satisfies DiskModel);
  }
  return made;
}

const serviceDirOf = (file: string): string => path.basename(path.dirname(path.dirname(file)));

// ---------------------------------------------------------------------------------------------
// Loading one operation of a model.

const slices = new Map<string, BotocoreModel | { reason: string }>();

/**
 * The model cut down to `operation` and the shapes its input reaches, which is all inference
 * reads of it: `operations` holds the operation, or nothing when the model lacks it. Once per
 * process and kept on disk, so a run reads a few KiB per operation it meets instead of whole
 * models (EC2's is 1.1 MB even without its documentation). Errors as for `loadModel`.
 */
export function loadOperation(file: string, operation: string, source = '<model>'): { model?: BotocoreModel; diagnostics: Diagnostic[] } {
  const key = `${file}\u0000${operation}`;
  let loaded = slices.get(key);
  if (loaded === undefined) {
    loaded = cachedOnDisk('operation', key, file, SLICE_FORMAT, () => {
      // Not kept for the process: a first run on a machine meets many models, and holding each
      // whole one it slices (EC2's is tens of MB in memory) would set its peak memory.
      const whole = readModel(file);
      return 'reason' in whole ? whole : sliceOf(whole, operation);
    });
    slices.set(key, loaded);
  }
  return reported(loaded, file, source);
}

/**
 * `operation` and every shape its input and output reach through members, list members and map
 * keys and values: what inference reads of the input, and of the output where each member
 * travels (the response headers to pass on), whether its payload is a stream of bytes (S3
 * GetObject's Body), and what it marks sensitive (an SSM SecureString's decrypted value, a KMS
 * plaintext), which is redacted from the response body. A model whose operation reaches a shape
 * it does not define is broken (a hand-edited or cut file): it is unreadable, as a file that is
 * not JSON is, rather than a model that fails when a member is looked up.
 */
function sliceOf(model: BotocoreModel, operation: string): BotocoreModel | { reason: string } {
  const definition = Object.hasOwn(model.operations, operation) ? model.operations[operation] : undefined;
  const shapes: BotocoreModel['shapes'] = {};
  const pending = [definition?.input?.shape, definition?.output?.shape].filter((name) => name !== undefined);
  for (let name = pending.pop(); name !== undefined; name = pending.pop()) {
    if (Object.hasOwn(shapes, name)) continue;
    const shape = Object.hasOwn(model.shapes, name) ? model.shapes[name] : undefined;
    if (shape === undefined) return { reason: `operation ${operation} reaches shape ${name}, which the model does not define` };
    shapes[name] = shape;
    for (const ref of [...Object.values(shape.members ?? {}), shape.member, shape.key, shape.value]) if (ref !== undefined) pending.push(ref.shape);
  }
  return { file: model.file, serviceDir: model.serviceDir, metadata: model.metadata, operations: definition ? { [operation]: definition } : {}, shapes };
}

/**
 * Deletes the documentation of operations, shapes and shape references, in place. Only at those
 * places: a `members` map may have a member named `documentation`.
 */
function withoutDocumentation(model: BotocoreModel): void {
  const strip = (ref: ShapeRef | undefined): void => {
    if (ref !== undefined) delete ref.documentation;
  };
  for (const op of Object.values(model.operations)) {
    delete op.documentation;
    delete (op as { documentationUrl?: string }).documentationUrl;
    strip(op.input);
    strip(op.output);
    op.errors?.forEach(strip);
  }
  for (const shape of Object.values(model.shapes)) {
    delete shape.documentation;
    Object.values(shape.members ?? {}).forEach(strip);
    strip(shape.member);
    strip(shape.key);
    strip(shape.value);
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isMetadata(value: unknown): value is ModelMetadata {
  return (
    isObject(value) &&
    typeof value['apiVersion'] === 'string' &&
    typeof value['endpointPrefix'] === 'string' &&
    typeof value['protocol'] === 'string'
  );
}

// ---------------------------------------------------------------------------------------------
// Directory listings (a data dir holds <service>/<api-version>/service-2.json[.gz]).

const listings = new Map<string, string[]>();

function listDir(dir: string): string[] {
  let names = listings.get(dir);
  if (names === undefined) {
    try {
      names = fs.readdirSync(dir);
    } catch {
      names = [];
    }
    listings.set(dir, names);
  }
  return names;
}

function modelFileIn(versionDir: string): string | undefined {
  const names = listDir(versionDir);
  const name = MODEL_FILE_NAMES.find((n) => names.includes(n));
  return name === undefined ? undefined : path.join(versionDir, name);
}

/** A service directory's model files, the preferred versions first, then newest first (botocore `determine_latest_version`). */
function versionFiles(serviceDir: string, preferred: string[]): string[] {
  const versions = listDir(serviceDir)
    .filter((v) => VERSION_DIR.test(v))
    .sort()
    .reverse();
  const ordered = [...preferred.filter((v) => versions.includes(v)), ...versions];
  const files: string[] = [];
  for (const v of new Set(ordered)) {
    const file = modelFileIn(path.join(serviceDir, v));
    if (file !== undefined) files.push(file);
  }
  return files;
}

/** `<service>/<version>` from a model path of any machine (either slash), when it names a service-2 file. */
function modelFileTail(file: string): { dir: string; version: string } | undefined {
  const parts = file.split(/[\\/]/);
  const [dir, version, base] = parts.slice(-3);
  if (dir === undefined || version === undefined || base === undefined || !MODEL_FILE_NAMES.includes(base)) return undefined;
  return { dir, version };
}

// ---------------------------------------------------------------------------------------------
// The metadata index of a data dir: every model's identifying metadata, read once.

interface IndexEntry {
  file: string;
  apiVersion: string;
  endpointPrefix: string;
  signingName?: string;
  targetPrefix?: string;
  protocols: Protocol[];
}

/** Bumped whenever IndexEntry changes, so a cache written by another version is rebuilt, not misread. */
const INDEX_FORMAT = 1;

interface DiskIndex {
  format: typeof INDEX_FORMAT;
  dataDir: string;
  mtimeMs: number;
  entries: IndexEntry[];
}

/** Entries by each name a hint may carry: signing name (else endpoint prefix), endpoint prefix, target prefix. */
type Index = Map<string, IndexEntry[]>;

const indexes = new Map<string, Index>();

/** `$XDG_CACHE_HOME/infer-mapping`, else `~/.cache/infer-mapping`; a file per kind and key. */
function cacheFile(kind: string, key: string, env: NodeJS.ProcessEnv = process.env): string {
  const root = env['XDG_CACHE_HOME'] || path.join(env['HOME'] || os.homedir(), '.cache');
  return path.join(root, 'infer-mapping', `${kind}-${createHash('sha256').update(key).digest('hex').slice(0, 16)}.json`);
}

function readCache(file: string): unknown {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as unknown;
  } catch {
    return undefined;
  }
}

/** Writes via a temporary file and a rename, so a concurrent run reads the old or the new cache, never half of one. */
function writeCache(file: string, value: unknown): void {
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(tmp, JSON.stringify(value));
    fs.renameSync(tmp, file);
  } catch {
    // A read-only or missing home only costs the next run a rescan.
    fs.rmSync(tmp, { force: true });
  }
}

/** The data dir's index: from memory, else from the disk cache if the dir's mtime is unchanged, else by a scan. */
function indexOf(dataDir: string): Index {
  let index = indexes.get(dataDir);
  if (index !== undefined) return index;
  let mtimeMs = -1;
  try {
    mtimeMs = fs.statSync(dataDir).mtimeMs;
  } catch {
    // An unreadable data dir indexes as empty.
  }
  const file = cacheFile('index', dataDir);
  const cached = readCache(file) as DiskIndex | undefined;
  let entries: IndexEntry[];
  if (cached?.format === INDEX_FORMAT && cached.dataDir === dataDir && cached.mtimeMs === mtimeMs && Array.isArray(cached.entries)) {
    entries = cached.entries;
  } else {
    entries = scanDataDir(dataDir);
    if (mtimeMs !== -1) writeCache(file, { format: INDEX_FORMAT, dataDir, mtimeMs, entries } satisfies DiskIndex);
  }
  index = new Map();
  for (const entry of entries) {
    const keys = new Set([entry.signingName ?? entry.endpointPrefix, entry.endpointPrefix, entry.targetPrefix]);
    for (const key of keys) {
      if (key === undefined) continue;
      const list = index.get(key);
      if (list === undefined) index.set(key, [entry]);
      else list.push(entry);
    }
  }
  indexes.set(dataDir, index);
  return index;
}

function scanDataDir(dataDir: string): IndexEntry[] {
  const entries: IndexEntry[] = [];
  for (const service of listDir(dataDir)) {
    for (const file of versionFiles(path.join(dataDir, service), [])) {
      const metadata = readMetadata(file);
      if (metadata === undefined) continue;
      entries.push({
        file,
        apiVersion: metadata.apiVersion,
        endpointPrefix: metadata.endpointPrefix,
        signingName: metadata.signingName,
        targetPrefix: metadata.targetPrefix,
        protocols: metadata.protocols ?? [metadata.protocol],
      });
    }
  }
  return entries;
}

/**
 * A model's metadata without parsing the whole model: botocore's models open with
 * `{"version":..., "metadata":{...}`, so the first few KiB (inflated only that far) hold it.
 * Falls back to a full load when the metadata is not near the start.
 */
function readMetadata(file: string): ModelMetadata | undefined {
  let head = '';
  try {
    const fd = fs.openSync(file, 'r');
    try {
      const buf = Buffer.alloc(8192);
      const n = fs.readSync(fd, buf, 0, buf.length, 0);
      const bytes = buf.subarray(0, n);
      head = (file.endsWith('.gz') ? zlib.gunzipSync(bytes, { finishFlush: zlib.constants.Z_SYNC_FLUSH }) : bytes).toString('utf8');
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    // An unreadable head falls through to the full load, which reports why.
  }
  const json = objectAfter(head, '"metadata"');
  if (json !== undefined) {
    try {
      const metadata: unknown = JSON.parse(json);
      if (isMetadata(metadata)) return metadata;
    } catch {
      // Not the metadata after all: fall back.
    }
  }
  const whole = readModel(file);
  return 'reason' in whole ? undefined : whole.metadata;
}

/** The balanced `{...}` that follows `key` in `text`, skipping braces inside strings; undefined if cut off. */
function objectAfter(text: string, key: string): string | undefined {
  const at = text.indexOf(key);
  const start = at === -1 ? -1 : text.indexOf('{', at + key.length);
  if (start === -1) return undefined;
  let depth = 0;
  let inString = false;
  for (let i = start; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '{') depth++;
    else if (c === '}' && --depth === 0) return text.slice(start, i + 1);
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Choosing the model for a call.

/** Whether a host's labels (ModelHint.endpointPrefix) end with a model's endpoint prefix, label by label. */
function hostEndsWith(labels: string | undefined, endpointPrefix: string): boolean {
  return labels !== undefined && (labels === endpointPrefix || labels.endsWith(`.${endpointPrefix}`));
}

/** The endpoint prefixes a host's labels may end with, longest first: `data-ats.iot`, `iot`. */
function labelSuffixes(labels: string): string[] {
  const parts = labels.split('.');
  return parts.map((_, i) => parts.slice(i).join('.'));
}

/** The hint names the service by signing name, endpoint prefix or JSON target prefix. */
function metadataMatches(metadata: ModelMetadata, hint: ServiceHint): boolean {
  return (
    (metadata.signingName ?? metadata.endpointPrefix) === hint.service ||
    metadata.endpointPrefix === hint.service ||
    hostEndsWith(hint.endpointPrefix, metadata.endpointPrefix) ||
    (hint.targetPrefix !== undefined && metadata.targetPrefix === hint.targetPrefix)
  );
}

/** The API versions the hint prefers: the version of the model file the log loaded, then the query `Version`. */
function preferredVersions(hint: ServiceHint): string[] {
  const tail = hint.modelFile === undefined ? undefined : modelFileTail(hint.modelFile);
  return [tail?.version, hint.apiVersion].filter((v): v is string => v !== undefined);
}

/**
 * What a --model-dir names: a model file (whatever its name), an API version's directory (holding
 * service-2.json), a service's (holding version directories), or a botocore `data` directory.
 */
function modelDirKind(dir: string): 'file' | 'version' | 'service' | 'data' {
  let file = false;
  try {
    file = fs.statSync(dir).isFile();
  } catch {
    // Not there: a data directory with nothing in it.
  }
  if (file) return 'file';
  const names = listDir(dir);
  if (MODEL_FILE_NAMES.some((n) => names.includes(n))) return 'version';
  return names.some((n) => VERSION_DIR.test(n)) ? 'service' : 'data';
}

const VERSION_DIR = /^\d{4}-\d{2}-\d{2}$/;

/** Why a --model-dir holds no model at all (a data directory without `SERVICE/VERSION/service-2.json`), or undefined. */
export function modelDirProblem(dir: string): string | undefined {
  if (modelDirKind(dir) !== 'data') return undefined;
  const holds = listDir(dir).some((service) => listDir(path.join(dir, service)).some((version) => VERSION_DIR.test(version) && modelFileIn(path.join(dir, service, version)) !== undefined));
  return holds ? undefined : 'holds no botocore service model (expected a service-2.json[.gz] file, or a directory of SERVICE/VERSION/service-2.json)';
}

/** Cheap candidates, in order: model files the user named, the log's own model file, then directories named by the hint. */
function* directCandidates(hint: ServiceHint, modelDirs: string[]): Generator<string> {
  const dataDirs: string[] = [];
  const preferred = preferredVersions(hint);
  for (const dir of modelDirs) {
    switch (modelDirKind(dir)) {
      case 'file':
        yield dir;
        break;
      case 'version':
        yield modelFileIn(dir)!;
        break;
      case 'service':
        yield* versionFiles(dir, preferred);
        break;
      case 'data':
        dataDirs.push(dir);
    }
  }
  // The log's last `Loading JSON file` may be a paginator or endpoint file: only a service-2 file is a model.
  const tail = hint.modelFile === undefined ? undefined : modelFileTail(hint.modelFile);
  if (tail !== undefined && hint.modelFile !== undefined && fs.existsSync(hint.modelFile)) yield hint.modelFile;
  const cli = hint.cliService === undefined ? undefined : (CLI_RENAMES[hint.cliService] ?? hint.cliService);
  const names = new Set([tail?.dir, cli, hint.service, hint.endpointPrefix?.split('.').at(-1)].filter((n): n is string => n !== undefined));
  for (const dataDir of dataDirs) {
    const services = listDir(dataDir);
    for (const name of names) if (services.includes(name)) yield* versionFiles(path.join(dataDir, name), preferred);
  }
}

/** Every indexed model whose metadata matches: preferred versions first, then those accepting the hinted protocol, then newest. */
function* indexCandidates(hint: ServiceHint, modelDirs: string[]): Generator<string> {
  const preferred = new Set(preferredVersions(hint));
  // The host tells the most: of the models it may be, the one with the longest endpoint prefix it ends with.
  const host = (e: IndexEntry): number => (hostEndsWith(hint.endpointPrefix, e.endpointPrefix) ? -e.endpointPrefix.length : 0);
  const rank = (e: IndexEntry): number =>
    (preferred.has(e.apiVersion) ? 0 : 2) + (hint.protocol === undefined || e.protocols.includes(hint.protocol) ? 0 : 1);
  for (const dir of modelDirs) {
    if (modelDirKind(dir) !== 'data') continue;
    const index = indexOf(dir);
    const found = new Set<IndexEntry>();
    for (const key of [hint.service, ...labelSuffixes(hint.endpointPrefix ?? ''), hint.targetPrefix]) {
      if (key !== undefined) for (const e of index.get(key) ?? []) found.add(e);
    }
    const sorted = [...found].sort((a, b) => host(a) - host(b) || rank(a) - rank(b) || b.apiVersion.localeCompare(a.apiVersion));
    for (const e of sorted) yield e.file;
  }
}

/**
 * Finds the model of the service a call went to, one that has `hint.operation`. Tries the
 * directories the hint names first and scans every model's metadata (indexed once, cached on disk)
 * only when none fits. Among models with the operation, one accepting `hint.protocol` wins.
 * Reports MODEL_NOT_FOUND (info) when no model matches, OPERATION_NOT_IN_MODEL when the service's
 * model lacks the operation, MODEL_UNREADABLE for candidates that cannot be read; never throws.
 * `modelDirs` holds botocore `data` dirs and single `service-2.json[.gz]` files, searched in order.
 */
export function findModel(hint: ModelHint, modelDirs: string[]): { model?: BotocoreModel; diagnostics: Diagnostic[] } {
  // The calls of a log repeat a few lookups thousands of times; each answer is kept for the process.
  const key = JSON.stringify([hint, modelDirs]);
  let found = lookups.get(key);
  if (found === undefined) {
    found = searchModel(hint, modelDirs);
    lookups.set(key, found);
  }
  // Object.assign, not a literal starting with a spread (see withBase in parse/records.ts).
  return Object.assign({}, found, { diagnostics: [...found.diagnostics] });
}

const lookups = new Map<string, { model?: BotocoreModel; diagnostics: Diagnostic[] }>();

function searchModel(hint: ModelHint, modelDirs: string[]): { model?: BotocoreModel; diagnostics: Diagnostic[] } {
  const source = hint.source ?? '<model>';
  const diagnostics: Diagnostic[] = [];
  const tried = new Set<string>();
  // The first model with the operation, and the first that also accepts the call's protocol;
  // one that also answers at the call's host is taken at once (S3 Control's calls sign as s3, and
  // s3 has operations of the same names).
  let withOperation: BotocoreModel | undefined;
  let accepting: BotocoreModel | undefined;
  let serviceOnly: BotocoreModel | undefined;
  for (const candidates of [directCandidates(hint, modelDirs), indexCandidates(hint, modelDirs)]) {
    for (const file of candidates) {
      if (tried.has(file)) continue;
      tried.add(file);
      const loaded = loadOperation(file, hint.operation, source);
      diagnostics.push(...loaded.diagnostics);
      const model = loaded.model;
      if (model === undefined || !metadataMatches(model.metadata, hint)) continue;
      if (!Object.hasOwn(model.operations, hint.operation)) {
        serviceOnly ??= model;
        continue;
      }
      const accepts = hint.protocol === undefined || alsoAccepts(model).includes(hint.protocol);
      if (accepts && (hint.endpointPrefix === undefined || hostEndsWith(hint.endpointPrefix, model.metadata.endpointPrefix))) return { model, diagnostics };
      if (accepts) accepting ??= model;
      withOperation ??= model;
    }
  }
  const chosen = accepting ?? withOperation;
  if (chosen !== undefined) return { model: chosen, diagnostics };
  if (serviceOnly !== undefined) {
    diagnostics.push(diagnostic('OPERATION_NOT_IN_MODEL', source, undefined, { file: serviceOnly.file, operation: hint.operation }));
  } else {
    diagnostics.push(diagnostic('MODEL_NOT_FOUND', source, undefined, { service: hint.service }));
  }
  return { diagnostics };
}

/** What names the service, before the operation is known. */
type ServiceHint = Omit<ModelHint, 'operation'>;

/** Bumped whenever a routes copy's content changes. */
const ROUTES_FORMAT = MODEL_FORMAT * 1000 + 1;
const routeTables = new Map<string, BotocoreModel | { reason: string }>();

/**
 * A model's operations with their routes, and their input shapes without the shapes those reach:
 * what naming a REST call by its route reads. Kept as slices are.
 */
function routesOf(file: string): BotocoreModel | { reason: string } {
  let loaded = routeTables.get(file);
  if (loaded === undefined) {
    loaded = cachedOnDisk('routes', file, file, ROUTES_FORMAT, () => {
      const whole = readModel(file);
      if ('reason' in whole) return whole;
      const operations: BotocoreModel['operations'] = {};
      const shapes: BotocoreModel['shapes'] = {};
      for (const [name, op] of Object.entries(whole.operations)) {
        operations[name] = { name, http: op.http, ...(op.input ? { input: op.input } : {}) } as BotocoreModel['operations'][string];
        const input = op.input ? whole.shapes[op.input.shape] : undefined;
        if (input) shapes[op.input!.shape] = input;
      }
      return { ...whole, operations, shapes };
    });
    routeTables.set(file, loaded);
  }
  return loaded;
}

/**
 * The operation a REST call is, by its route in the model of the service the hint names (see
 * operationByRoute): for a call the log does not name, such as a raw HTTP request. Undefined
 * when no model of the service speaks a REST protocol, or none of its routes fits.
 */
export function operationOfRoute(hint: ServiceHint, request: Parameters<typeof operationByRoute>[1], modelDirs: string[]): string | undefined {
  const key = JSON.stringify([hint, request.method, request.path, request.host, request.query.map(([k]) => k), request.headers.map(([h]) => h.toLowerCase()), modelDirs]);
  if (routed.has(key)) return routed.get(key);
  const models: BotocoreModel[] = [];
  for (const file of new Set([...directCandidates(hint, modelDirs), ...indexCandidates(hint, modelDirs)])) {
    const model = routesOf(file);
    if (!('reason' in model) && metadataMatches(model.metadata, hint) && isRestProtocol(model.metadata.protocol)) models.push(model);
  }
  // Services that sign alike are told apart by their host: S3 Control's calls sign as s3, at
  // s3-control; the longest endpoint prefix the host ends with is the most specific.
  const byHost = (model: BotocoreModel): number => (hostEndsWith(hint.endpointPrefix, model.metadata.endpointPrefix) ? -model.metadata.endpointPrefix.length : 0);
  let found: string | undefined;
  for (const model of models.sort((a, b) => byHost(a) - byHost(b))) {
    found = operationByRoute(model, request);
    if (found !== undefined) break;
  }
  routed.set(key, found);
  return found;
}

const routed = new Map<string, string | undefined>();

// ---------------------------------------------------------------------------------------------
// Where models live on this machine.

/** Where AWS CLI v2 installers put their bundled botocore data (system, `--install-dir ~/.local/aws-cli`, Windows MSI). */
function awsCliV2DataDirs(env: NodeJS.ProcessEnv): string[] {
  const home = env['HOME'] || os.homedir();
  return [
    '/usr/local/aws-cli/v2/current/dist/awscli/botocore/data',
    path.join(home, '.local/aws-cli/v2/current/dist/awscli/botocore/data'),
    'C:\\Program Files\\Amazon\\AWSCLIV2\\awscli\\botocore\\data',
  ];
}

/** Locates botocore without importing it (importing costs ~100 ms; `find_spec` only walks sys.path). */
const FIND_BOTOCORE = "import importlib.util as u;s=u.find_spec('botocore');print(s.submodule_search_locations[0])";

/** The environment that decides which python3 and botocore a spawn would find; the disk cache is keyed by it. */
function pythonKey(env: NodeJS.ProcessEnv): string {
  return JSON.stringify([env['PATH'] ?? '', env['PYENV_VERSION'] ?? '', env['VIRTUAL_ENV'] ?? '', env['PYTHONPATH'] ?? '']);
}

function pythonBotocoreDataDir(env: NodeJS.ProcessEnv): string | undefined {
  const key = pythonKey(env);
  const file = cacheFile('python-botocore', key, env);
  const cached = readCache(file) as { key?: string; dir?: string } | undefined;
  if (cached?.key === key && typeof cached.dir === 'string' && fs.existsSync(cached.dir)) return cached.dir;
  const run = spawnSync('python3', ['-c', FIND_BOTOCORE], { env, encoding: 'utf8', timeout: 10_000 });
  const location = run.status === 0 ? run.stdout.trim() : '';
  if (location === '') return undefined;
  const dir = path.join(location, 'data');
  if (!fs.existsSync(dir)) return undefined;
  // Only a found dir is cached: a missing python3 or botocore is cheap to re-check and may be installed later.
  writeCache(file, { key, dir });
  return dir;
}

/**
 * The botocore data dirs on this machine, in search order: `INFER_MAPPING_MODEL_DIR` (a path
 * list), python3's botocore (located once, then cached on disk), AWS CLI v2's bundled botocore.
 * Returns only dirs that exist; a missing python3 or botocore is not an error.
 */
export function defaultModelDirs(env: NodeJS.ProcessEnv = process.env): string[] {
  const fromEnv = (env['INFER_MAPPING_MODEL_DIR'] ?? '').split(path.delimiter).filter((d) => d !== '');
  const dirs = [...fromEnv, pythonBotocoreDataDir(env), ...awsCliV2DataDirs(env).filter((d) => fs.existsSync(d))];
  return [...new Set(dirs.filter((d): d is string => d !== undefined).map((d) => path.resolve(d)))].filter((d) => fs.existsSync(d));
}
