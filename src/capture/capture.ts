/**
 * The capture stage: log records -> one CapturedRequest per API call.
 *
 * botocore logs `Making request` once per call, then, for every attempt, a canonical request,
 * a string to sign and `Sending http request`; so everything up to the next `Making request`
 * of the same thread belongs to that call, and retries fold into it by construction.
 */
import type { LogRecord, PyDict, PyValue } from '../parse/types.js';
import { asText, dictGet, isDict, stringPairs } from '../parse/python-repr.js';
import type { CapturedRequest, RequestParams } from './types.js';

/**
 * Groups records into calls as they arrive; `finish()` returns the calls in log order (those not
 * already handed out by `takeFinished()`).
 */
export class Capturer {
  /** Calls captured and not yet taken, in log order. */
  private readonly calls: CapturedRequest[] = [];
  /** Calls started so far, taken or not: the next call's index. */
  private started = 0;
  /** The open call of each thread (records of `aws s3 cp` workers interleave). */
  private readonly open = new Map<string, CapturedRequest>();
  private cliArguments?: string[];
  private readonly modelFiles: string[] = [];

  constructor(private readonly firstIndex = 0) {}

  push(record: LogRecord): void {
    const thread = record.thread ?? '';
    switch (record.kind) {
      case 'cli-arguments':
        this.cliArguments = record.args;
        return;
      case 'model-file':
        if (!this.modelFiles.includes(record.path)) this.modelFiles.push(record.path);
        return;
      case 'make-request':
        this.open.set(thread, this.start(record, 'log', { operation: record.operation, ...(record.params ? { params: readParams(record.params) } : {}) }));
        return;
      case 'params-dict':
        this.start(record, 'params-dict', { params: readParams(record.params) });
        return;
      case 'http-request':
        this.start(record, record.fromUrl ? 'example-url' : 'http-request', { sent: record.request });
        return;
      case 'canonical-request': {
        let call = this.open.get(thread);
        // Without its `Making request` record (a partial paste), a call is known by what it signs:
        // a canonical request that differs from the open one in more than its date is a new call.
        if (!call || (!call.params && call.canonical && signatureOf(call.canonical) !== signatureOf(record.request))) {
          call = this.start(record, 'log', {});
          this.open.set(thread, call);
        }
        call.canonical ??= record.request;
        return;
      }
      case 'string-to-sign': {
        const call = this.open.get(thread);
        if (call) call.scope ??= record.scope;
        return;
      }
      case 'sending-request': {
        const call = this.open.get(thread);
        if (!call) return;
        call.attempts = call.sent ? call.attempts + 1 : 1;
        call.sent = record.request;
        return;
      }
      case 'last-attempt':
        // The call is complete: let it go now rather than when its thread starts another call,
        // which a worker thread of `aws s3 cp` may never do (every later call would wait for it).
        this.open.delete(thread);
        return;
      case 'response': {
        const call = this.open.get(thread);
        if (!call) return;
        // A retried call keeps the response of its last attempt.
        if (record.status !== undefined) call.response = { status: record.status };
        // Object.assign, not a literal starting with a spread (see withBase in parse/records.ts).
        else call.response = Object.assign({}, call.response, record.headers ? { headers: record.headers } : {}, record.body !== undefined ? { body: record.body } : {});
        return;
      }
    }
  }

  finish(): CapturedRequest[] {
    return this.calls;
  }

  /**
   * Takes out the calls no later record can change, in log order: records only ever add to the
   * open call of their thread, so every call before the first one still open is complete. A
   * streaming caller handles those and lets them go, so memory does not grow with the log.
   */
  takeFinished(): CapturedRequest[] {
    const open = new Set(this.open.values());
    let n = 0;
    while (n < this.calls.length && !open.has(this.calls[n]!)) n++;
    return n === 0 ? [] : this.calls.splice(0, n);
  }

  private start(record: LogRecord, origin: CapturedRequest['origin'], fields: Partial<CapturedRequest>): CapturedRequest {
    const call: CapturedRequest = {
      index: this.firstIndex + this.started++,
      source: record.source,
      pos: record.pos,
      origin,
      attempts: 1,
      modelFiles: [...this.modelFiles],
      ...(this.cliArguments && origin === 'log' ? { cliArguments: this.cliArguments } : {}),
      ...fields,
    };
    this.calls.push(call);
    return call;
  }
}

/** The capture stage over a whole record list. */
export function captureRequests(records: Iterable<LogRecord>, firstIndex = 0): CapturedRequest[] {
  const capturer = new Capturer(firstIndex);
  for (const record of records) capturer.push(record);
  return capturer.finish();
}

function signatureOf(request: { method: string; path: string; query: Array<[string, string]>; payloadHash: string }): string {
  return JSON.stringify([request.method, request.path, request.query, request.payloadHash]);
}

/** The query of a params dict: a pre-encoded str for rest protocols, a dict otherwise. */
function queryPairs(value: PyValue | undefined): Array<[string, string]> {
  const str = asText(value);
  if (str === undefined) return stringPairs(value);
  return [...new URLSearchParams(str)].map(([k, v]) => [k, v]);
}

function readParams(params: PyDict): RequestParams {
  const context = dictGet(params, 'context');
  const contextDict = isDict(context) ? context : undefined;
  const signing = contextDict ? dictGet(contextDict, 'signing') : undefined;
  const signingDict = isDict(signing) ? signing : undefined;
  return {
    urlPath: asText(dictGet(params, 'url_path')),
    query: queryPairs(dictGet(params, 'query_string')),
    method: asText(dictGet(params, 'method')),
    headers: stringPairs(dictGet(params, 'headers')),
    body: dictGet(params, 'body'),
    url: asText(dictGet(params, 'url')),
    clientRegion: contextDict ? asText(dictGet(contextDict, 'client_region')) : undefined,
    signingRegion: signingDict ? asText(dictGet(signingDict, 'region')) : undefined,
    signingName: signingDict ? asText(dictGet(signingDict, 'signing_name')) : undefined,
  };
}
