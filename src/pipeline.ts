/**
 * Runs the stages over streamed sources: text -> records -> captured requests -> inferred
 * operations. Records are consumed as they complete, so no source is held whole.
 */
import { diagnostic, type Diagnostic } from './diagnostics.js';
import { Capturer } from './capture/capture.js';
import type { CapturedRequest } from './capture/types.js';
import { inferOperation, type InferOptions } from './infer/infer.js';
import type { InferredOperation } from './infer/types.js';
import { RecordReader } from './parse/records.js';
import { redactValues, type Secret } from './parse/redact.js';
import type { LogRecord } from './parse/types.js';
import { linePrefix } from './parse/prefix.js';
import { LOOKED_AT, WrapDetector, type Wrapping } from './parse/wrap.js';

/**
 * Thrown by a source's chunks when it cannot be read (a missing file, a directory): the source is
 * reported with the reason, what it gave before is kept, and the other sources are read.
 */
export class SourceUnreadable extends Error {
  constructor(readonly reason: string) {
    super(reason);
  }
}

/** One input: a name for diagnostics and its content as it arrives, as UTF-8 bytes or as text. */
export interface Source {
  name: string;
  chunks: AsyncIterable<Uint8Array | string> | Iterable<Uint8Array | string>;
}

/**
 * Each stage's items are kept in the result (`keep*`), or handed out as they come (`on*`), or
 * both. Handed out only, they are let go at once, so memory does not grow with the log: the CLI
 * prints `--format records|requests|json` item by item, and digests the operations it integrates.
 */
export interface PipelineOptions extends InferOptions {
  /** Keep the parse stage's records in `records`; off by default. */
  keepRecords?: boolean;
  /** Called with each record as it is read, in log order. */
  onRecord?: (record: LogRecord) => void;
  /** Keep every captured request in `requests`; on by default. `calls` counts them either way. */
  keepRequests?: boolean;
  /** Called with each captured request as its call is complete, in the order of `requests`. */
  onRequest?: (request: CapturedRequest) => void;
  /** Keep every inferred operation in `operations`; on by default. `inferred` counts them either way. */
  keepOperations?: boolean;
  /** Called with each operation as it is inferred, in the order of `operations`, and the request it was inferred from. */
  onOperation?: (operation: InferredOperation, request: CapturedRequest) => void;
  /** Called as each chunk is consumed (progress display); `bytes` counts UTF-8 bytes. */
  onProgress?: (progress: { source: string; bytes: number; calls: number }) => void;
}

export interface PipelineResult {
  records: LogRecord[];
  requests: CapturedRequest[];
  operations: InferredOperation[];
  diagnostics: Diagnostic[];
  /** How many calls were captured (`requests.length` when requests are kept). */
  calls: number;
  /** How many operations were inferred (`operations.length` when operations are kept). */
  inferred: number;
}

/** Whether bytes hold only ASCII whitespace. */
function isBlank(bytes: Uint8Array): boolean {
  for (const b of bytes) if (b !== 0x20 && (b < 0x09 || b > 0x0d)) return false;
  return true;
}

/** Characters that never appear in a text log: NUL and most C0 controls. */
const BINARY = /[\u0000-\u0008\u000e-\u001a]/;
/**
 * The UTF-16 encoding a source's first bytes show: a byte order mark, or (without one) the zero
 * byte that every ASCII character of UTF-16 has, in every other byte.
 */
function utf16Encoding(start: Uint8Array): 'utf-16le' | 'utf-16be' | undefined {
  if (start[0] === 0xff && start[1] === 0xfe) return 'utf-16le';
  if (start[0] === 0xfe && start[1] === 0xff) return 'utf-16be';
  const pairs = Math.min(256, Math.floor(start.length / 2));
  if (pairs < 2) return undefined;
  const zeroAt = (parity: number): boolean => {
    for (let i = 0; i < pairs; i++) if (start[2 * i + parity] !== 0 || start[2 * i + 1 - parity] === 0) return false;
    return true;
  };
  return zeroAt(1) ? 'utf-16le' : zeroAt(0) ? 'utf-16be' : undefined;
}

/** A chunk's length in bytes (UTF-8 for text). */
function byteLength(chunk: Uint8Array | string): number {
  return typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.length;
}

/** How many bytes at the start of a source are checked for them: a text log never holds them, a binary file does at once. */
const BINARY_HEAD = 4096;
/** How many bytes at the start of a source are held before any is read: enough for both checks (a UTF-16 source's are twice its units). */
const HELD = Math.max(BINARY_HEAD, 2 * LOOKED_AT);

/**
 * Runs parse, capture and infer over every source, in order. Each call is inferred as soon as no
 * later record can change it, while the source is still being read.
 */
export async function runPipeline(sources: Source[], options: PipelineOptions): Promise<PipelineResult> {
  const result: PipelineResult = { records: [], requests: [], operations: [], diagnostics: [], calls: 0, inferred: 0 };
  // Model lookups are cached, so each call of a service repeats the same position-less warning: say it once.
  const reported = new Set<string>();
  const firstTime = (d: Diagnostic): boolean => {
    if (d.pos) return true;
    const key = `${d.code} ${d.source} ${d.message}`;
    if (reported.has(key)) return false;
    reported.add(key);
    return true;
  };
  for (const source of sources) {
    const capturer = new Capturer(result.calls);
    // Made once the start of the source shows whether it is hard-wrapped (see `release`).
    let reader: RecordReader | undefined;
    let bytes = 0;
    let sawText = false;
    let binary = false;
    let calls = 0;
    // Reported after the source's parse diagnostics, in call order, as when inference ran last.
    const inferDiagnostics: Diagnostic[] = [];
    // A record is handed out once every call it may belong to is inferred, without the values
    // those calls' models mark sensitive (an SSM SecureString in a params dict, in the CLI's
    // arguments). Held are the records from the first call not yet inferred on, about one call's;
    // and the CLI's arguments until the first call they were given for is inferred.
    const wantsRecords = options.keepRecords === true || options.onRecord !== undefined;
    const heldRecords: LogRecord[] = [];
    let recordSecrets: Secret[] = [];
    let argumentsAt: number | undefined;
    const releaseRecords = (until = Math.min(capturer.heldFrom ?? Infinity, argumentsAt ?? Infinity)): void => {
      let n = 0;
      while (n < heldRecords.length && heldRecords[n]!.pos.offset < until) n++;
      if (n === 0) return;
      const released = redactValues(heldRecords.splice(0, n), recordSecrets);
      if (heldRecords.length === 0) recordSecrets = [];
      for (const record of released) {
        if (options.keepRecords) result.records.push(record);
        options.onRecord?.(record);
      }
    };
    const take = (parsed: { records: LogRecord[]; diagnostics: Diagnostic[] }): void => {
      result.diagnostics.push(...parsed.diagnostics);
      for (const record of parsed.records) {
        if (wantsRecords) {
          heldRecords.push(record);
          if (record.kind === 'cli-arguments') argumentsAt = record.pos.offset;
        }
        capturer.push(record);
      }
    };
    const infer = (finished: CapturedRequest[]): void => {
      for (const captured of finished) {
        calls++;
        const inferred = inferOperation(captured, options);
        if (wantsRecords) {
          recordSecrets.push(...inferred.secrets);
          if (argumentsAt !== undefined && captured.pos.offset > argumentsAt) argumentsAt = undefined;
        }
        const call = redactValues(captured, inferred.secrets);
        if (options.keepRequests !== false) result.requests.push(call);
        options.onRequest?.(call);
        inferDiagnostics.push(...inferred.diagnostics.filter(firstTime));
        if (inferred.operation) {
          result.inferred++;
          if (options.keepOperations !== false) result.operations.push(inferred.operation);
          options.onOperation?.(inferred.operation, call);
        }
      }
    };
    let wrapped: Wrapping | undefined;
    const feed = (chunk: Uint8Array | string): void => {
      if (!sawText) sawText = typeof chunk === 'string' ? chunk.trim() !== '' : !isBlank(chunk);
      bytes += byteLength(chunk);
      take(reader!.push(chunk));
      infer(capturer.takeFinished());
      releaseRecords();
      options.onProgress?.({ source: source.name, bytes, calls: calls + capturer.pending });
    };
    // The start of a source is held until HELD bytes of it are checked, however it arrives in
    // chunks: so that a binary source yields its diagnostic and nothing else, and a hard-wrapped one
    // is read as such from its first record. (Copies: a reader may reuse its buffer.)
    let held: Array<Uint8Array | string> | undefined = [];
    let heldBytes = 0;
    // A UTF-16 source (PowerShell's `>` writes one) is read as the text it decodes to.
    let utf16: TextDecoder | undefined;
    const take16 = (chunk: Uint8Array | string): Uint8Array | string => (utf16 && typeof chunk !== 'string' ? utf16.decode(chunk, { stream: true }) : chunk);
    const release = (): void => {
      const start = Buffer.concat(held!.map((c) => (typeof c === 'string' ? Buffer.from(c) : c))).subarray(0, BINARY_HEAD);
      const encoding = utf16Encoding(start);
      if (encoding) utf16 = new TextDecoder(encoding);
      // Latin-1, so the offset is a byte offset.
      const at = encoding ? -1 : start.toString('latin1').search(BINARY);
      if (at !== -1) {
        binary = true;
        result.diagnostics.push(diagnostic('BINARY_INPUT', source.name, undefined, { reason: `control byte 0x${start[at]!.toString(16).padStart(2, '0')} at offset ${at}` }));
      } else {
        const decoded = held!.map(take16);
        const wrapping = new WrapDetector();
        // Bytes as Latin-1, so that a line's length is its bytes: the columns of ASCII text.
        for (const c of decoded) wrapping.push(typeof c === 'string' ? c : Buffer.from(c.buffer, c.byteOffset, c.length).toString('latin1'));
        wrapped = wrapping.result();
        const sample = decoded.map((c) => (typeof c === 'string' ? c : Buffer.from(c.buffer, c.byteOffset, c.length).toString('utf8'))).join('').slice(0, LOOKED_AT);
        reader = new RecordReader(source.name, { wrapWidth: wrapped?.width, linePrefix: linePrefix(sample) });
        for (const c of decoded) feed(c);
      }
      held = undefined;
    };
    let unreadable = false;
    try {
      for await (const chunk of source.chunks) {
        if (held === undefined) {
          feed(take16(chunk));
          continue;
        }
        held.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk));
        heldBytes += byteLength(chunk);
        if (heldBytes >= HELD) release();
        if (binary) break;
      }
    } catch (error) {
      if (!(error instanceof SourceUnreadable)) throw error;
      unreadable = true;
      result.diagnostics.push(diagnostic('FILE_UNREADABLE', source.name, undefined, { file: source.name, reason: error.reason }));
    }
    if (held !== undefined) release();
    if (binary) continue;
    if (utf16) feed(utf16.decode());
    take(reader!.end());
    if (wrapped) {
      result.diagnostics.push(diagnostic('LOG_HARD_WRAPPED', source.name, { offset: wrapped.offset, line: wrapped.line + 1, column: 1 }, { width: String(wrapped.width) }));
    }
    if (!sawText) {
      if (!unreadable) result.diagnostics.push(diagnostic('EMPTY_INPUT', source.name, { offset: 0, line: 1, column: 1 }));
      continue;
    }
    infer(capturer.takeFinished());
    infer(capturer.finish());
    releaseRecords(Infinity);
    if (calls === 0 && !result.diagnostics.some((d) => d.source === source.name && d.severity === 'error')) {
      result.diagnostics.push(diagnostic('NO_AWS_CALL', source.name, { offset: 0, line: 1, column: 1 }));
    }
    result.diagnostics.push(...inferDiagnostics);
    result.calls += calls;
  }
  return result;
}
