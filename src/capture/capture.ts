/**
 * The capture stage: log records -> one CapturedRequest per API call.
 *
 * botocore logs `Making request` once per call, then, for every attempt, a canonical request,
 * a string to sign and `Sending http request`, and the retry handler's verdict after the last one;
 * so a thread's records belong to the call it has open, and retries fold into it by construction.
 * A call can open inside another: credentials that botocore fetches while signing (an assume-role
 * or SSO profile) make a whole STS call between the outer call's `Making request` and its
 * canonical request. Each thread therefore keeps a stack of open calls, and records go to the
 * innermost until its verdict returns the thread to the call around it.
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
  /** The open calls of each thread, innermost last (records of `aws s3 cp` workers interleave). */
  private readonly open = new Map<string, CapturedRequest[]>();
  /** Whether the log shows the retry handler's verdicts, so that a call's end is seen, not guessed. */
  private sawVerdict = false;
  private cliArguments?: string[];
  private readonly modelFiles: string[] = [];

  constructor(private readonly firstIndex = 0) {}

  push(record: LogRecord): void {
    const thread = record.thread ?? '';
    switch (record.kind) {
      case 'cli-arguments':
        this.cliArguments = record.args;
        // A new `aws` process: a call the last one left open (it died mid-call, or the paste was
        // cut) can enclose nothing here, and would hold back every later call until the end.
        this.open.clear();
        return;
      case 'model-file':
        if (!this.modelFiles.includes(record.path)) this.modelFiles.push(record.path);
        return;
      case 'make-request': {
        const call = this.start(record, 'log', { operation: record.operation, ...(record.params ? { params: readParams(record.params) } : {}) });
        const stack = this.stackOf(thread);
        const outer = stack.at(-1);
        if (outer && !this.mayEnclose(outer)) stack.pop();
        stack.push(call);
        return;
      }
      case 'params-dict':
        this.start(record, 'params-dict', { params: readParams(record.params) });
        return;
      case 'http-request':
        this.start(record, record.fromUrl ? 'example-url' : 'http-request', { sent: record.request });
        return;
      case 'canonical-request': {
        const stack = this.stackOf(thread);
        let call = stack.at(-1);
        // Without its `Making request` record (a partial paste), a call is known by what it signs:
        // a canonical request that differs from the open one in more than its date is a new call.
        if (!call || (!call.params && call.canonical && signatureOf(call.canonical) !== signatureOf(record.request))) {
          if (call) stack.pop();
          call = this.start(record, 'log', {});
          stack.push(call);
        }
        call.canonical ??= record.request;
        return;
      }
      case 'string-to-sign': {
        const call = this.innermost(thread);
        if (call) call.scope ??= record.scope;
        return;
      }
      case 'sending-request': {
        const call = this.innermost(thread);
        if (!call) return;
        call.attempts = call.sent ? call.attempts + 1 : 1;
        call.sent = record.request;
        return;
      }
      case 'last-attempt':
        // The call is complete: let it go now rather than when its thread starts another call,
        // which a worker thread of `aws s3 cp` may never do (every later call would wait for it).
        // The thread's later records belong to the call this one was made inside, if any.
        this.sawVerdict = true;
        this.open.get(thread)?.pop();
        return;
      case 'response': {
        const call = this.innermost(thread);
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

  /** How many calls are held: begun, not yet handed out. */
  get pending(): number {
    return this.calls.length;
  }

  /** Where the first call still held starts: a record from there on may belong to a call not yet handed out. */
  get heldFrom(): number | undefined {
    return this.calls[0]?.pos.offset;
  }

  /**
   * Takes out the calls no later record can change, in log order: records only ever add to an
   * open call, so every call before the first one still open is complete. A call that finished
   * inside another waits for it, so calls still come out in the order of their `Making request`.
   * A streaming caller handles those and lets them go, so memory does not grow with the log.
   */
  takeFinished(): CapturedRequest[] {
    const open = new Set([...this.open.values()].flat());
    let n = 0;
    while (n < this.calls.length && !open.has(this.calls[n]!)) n++;
    return n === 0 ? [] : this.calls.splice(0, n);
  }

  /** Whether a `Making request` on the thread of `call`, its innermost open call, happens inside it. */
  private mayEnclose(call: CapturedRequest): boolean {
    // Known only by its canonical request: a fragment of a paste, not a call in progress.
    if (call.operation === undefined) return false;
    // Not yet on the wire: it cannot have ended.
    if (!call.sent) return true;
    // Sent: in a log without verdicts the next call is the only sign that it ended; in one with
    // them, its verdict is still due, and a retry re-signs, which can fetch credentials.
    return this.sawVerdict;
  }

  private stackOf(thread: string): CapturedRequest[] {
    let stack = this.open.get(thread);
    if (!stack) this.open.set(thread, (stack = []));
    return stack;
  }

  private innermost(thread: string): CapturedRequest | undefined {
    return this.open.get(thread)?.at(-1);
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
