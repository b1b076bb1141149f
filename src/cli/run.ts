/**
 * The CLI's body: parse arguments, stream the inputs through the pipeline, print the chosen
 * stage, report diagnostics. Streams and environment are injected, so tests run it in-process.
 */
import { closeSync, existsSync, mkdirSync, openSync, readSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { Chalk } from 'chalk';
import yargs, { type Argv } from 'yargs';
import { formatDiagnostic, type Diagnostic } from '../diagnostics.js';
import { EMITTERS, emitterFor } from '../emit/registry.js';
import { buildIntegrationModel, CallDigest } from '../integrate/integrate.js';
import type { IntegrationModel } from '../integrate/types.js';
import type { CapturedRequest } from '../capture/types.js';
import type { InferredOperation } from '../infer/types.js';
import { defaultModelDirs, modelDirProblem } from '../infer/model.js';
import { redactText } from '../parse/redact.js';
import { runPipeline, SourceUnreadable, type PipelineOptions, type PipelineResult, type Source } from '../pipeline.js';
import { EXIT } from './exit-codes.js';
import { check, fromFlags, isStageFormat, options, verifyOptions, type CliArguments, type StageFormat } from './options.js';
import { OutputFailed, OutputGone, OutputReader, writingTo } from './output.js';
import { CLEAR, progressLine, type Progress } from './progress.js';
import { StageWriter } from './stages.js';
import { Interrupted, isTerminal, terminalChunks } from './terminal.js';
import { packageVersion } from './version.js';

export interface CliIo {
  stdin: Readable & { isTTY?: boolean };
  stdout: Writable & { isTTY?: boolean };
  stderr: Writable & { isTTY?: boolean };
  env: Record<string, string | undefined>;
}

const USAGE = `Reads botocore --debug output (a log, a params dict, a raw HTTP request or an AWS API URL)
from the files, or from standard input when none is given or a file is "-", infers the request
shape of every AWS API call it shows, and emits the API Gateway integration for it.`;

const VERIFY_USAGE = `Builds the mapping as the default command does, then plays API Gateway: renders each request
template with an example method request (the log's values, or --body/--param), builds the
integration request, and compares it with the request the log captured.`;

const filesPositional = (y: Argv): Argv => y.positional('files', { type: 'string', array: true, description: 'Inputs to read ("-" is standard input)' });

/**
 * What `-` (standard input) stands as while yargs parses: yargs drops a lone `-` from positionals.
 * A NUL, which no file name or option value from a command line can hold.
 */
const STDIN_ARG = '\u0000-';
const restoreStdin = (value: unknown): unknown => (value === STDIN_ARG ? '-' : Array.isArray(value) ? value.map(restoreStdin) : value);

/** Options that take one value: yargs makes a repeated one an array, which the run cannot use. */
const SINGLE_VALUED = ['format', 'out', 'resource-path', 'role-arn', 'title', 'timeout-ms', 'stage', 'send', 'body'] as const;

/** Runs the command line; resolves to the exit code. */
export async function run(rawArgv: string[], io: CliIo): Promise<number> {
  let parseError: string | undefined;
  let helpOrVersion = false;
  const argv = rawArgv.map((a) => (a === '-' ? STDIN_ARG : a));
  const parser = yargs(argv)
    .scriptName('infer-mapping')
    .usage(`$0 [files..]\n\n${USAGE}\n\n$0 verify [files..]\n\n${VERIFY_USAGE}`)
    .command('$0 [files..]', "Infer each call's request shape and emit its API Gateway integration", filesPositional)
    .command('verify [files..]', 'Render each mapping like API Gateway and compare it with the captured call', (y) => filesPositional(y).options(verifyOptions))
    .options(options)
    .strict()
    .exitProcess(false)
    .help()
    .alias('help', 'h')
    .version(packageVersion())
    .wrap(100)
    .fail((message: string | undefined, error: Error | undefined) => {
      parseError = message ?? error?.message ?? 'invalid arguments';
    });
  let parsed: Awaited<ReturnType<typeof parser.parse>>;
  let help = '';
  try {
    parsed = await parser.parse(argv, {}, (_err: unknown, _argv: unknown, text: string) => {
      help = text;
    });
    helpOrVersion = help !== '' && (argv.includes('--help') || argv.includes('-h') || argv.includes('--version'));
  } catch (error) {
    parseError ??= (error as Error).message;
    parsed = {} as typeof parsed;
  }
  if (helpOrVersion) {
    io.stdout.write(`${help}\n`);
    return EXIT.ok;
  }
  for (const key of Object.keys(parsed)) (parsed as Record<string, unknown>)[key] = restoreStdin(parsed[key]);
  for (const key of SINGLE_VALUED) {
    const value = parsed[key];
    if (Array.isArray(value)) parseError ??= `--${key} is given more than once (${value.join(', ')})`;
  }
  const list = (value: unknown): string[] => (value === undefined ? [] : [value].flat().map(String));
  const verify = parsed._[0] === 'verify';
  const args: CliArguments = {
    verify,
    send: parsed.send as string | undefined,
    body: parsed.body as string | undefined,
    params: list(parsed.param),
    // What follows `--` is files too (yargs leaves it in `_`, after the command).
    files: [...list(parsed.files), ...parsed._.slice(verify ? 1 : 0).map(String)],
    format: String(parsed.format ?? EMITTERS[0]!.format),
    formatGiven: parsed.format !== undefined,
    out: parsed.out as string | undefined,
    resourcePath: parsed['resource-path'] as string | undefined,
    roleArn: parsed['role-arn'] as string | undefined,
    constants: list(parsed.constant),
    from: list(parsed.from),
    queryStringPayload: parsed['query-string-payload'] === true,
    title: parsed.title as string | undefined,
    timeoutMs: Number(parsed['timeout-ms']),
    stage: String(parsed.stage),
    modelDir: list(parsed['model-dir']),
    models: parsed.models !== false,
    verbose: parsed.verbose === true,
    color: parsed.color as boolean | undefined,
  };
  // A model directory that is not there is a typo: the run would go on with other models.
  const missingModels = args.modelDir.find((dir) => !existsSync(dir));
  const modelless = args.modelDir.map((dir) => [dir, modelDirProblem(dir)] as const).find(([, problem]) => problem !== undefined);
  parseError ??=
    check(args) ??
    (missingModels !== undefined ? `--model-dir ${missingModels}: no such file or directory` : modelless !== undefined ? `--model-dir ${modelless[0]}: ${modelless[1]}` : undefined);
  const chalk = new Chalk({ level: (args.color ?? io.stderr.isTTY === true) ? 1 : 0 });
  if (parseError) {
    io.stderr.write(`${chalk.red('infer-mapping:')} ${parseError}\nRun infer-mapping --help for usage.\n`);
    return EXIT.badInput;
  }

  const output = new OutputReader(io.stdout);
  try {
    const code = await execute(args, io, chalk, output);
    const failure = await output.flushed();
    // A reader that went away (`| head`) had read all it wanted: no failure.
    if (failure === undefined || failure.code === 'EPIPE') return code;
    throw new OutputFailed('standard output', failure);
  } catch (error) {
    if (error instanceof OutputFailed) {
      io.stderr.write(`${chalk.red('infer-mapping:')} ${error.message}\n`);
      return EXIT.outputFailed;
    }
    // Bad input and failed I/O are answered above; anything else is a bug.
    const err = error as Error;
    io.stderr.write(`${chalk.red('infer-mapping: internal error:')} ${err.message}\n${args.verbose ? `${err.stack}\n` : 'Run with --verbose for the stack trace, and please report it with the input.\n'}`);
    return EXIT.internal;
  }
}

/**
 * mkdir -p. Not `mkdirSync(path, { recursive: true })`, which spins forever where mkdir answers
 * ENOENT under a parent that exists (`/proc/x`): here that error is the answer.
 */
function makeDirectory(path: string): void {
  try {
    mkdirSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST' && statSync(path).isDirectory()) return;
    if (code !== 'ENOENT' || dirname(path) === path) throw error;
    makeDirectory(dirname(path));
    mkdirSync(path);
  }
}

const STDIN_HINT = 'infer-mapping: reading standard input: paste a botocore --debug log (or a params dict, a raw HTTP request, an AWS API URL), then press Ctrl-D; --help for usage\n';

/** Runs the pipeline over the inputs and prints the chosen output; resolves to the exit code. */
async function execute(args: CliArguments, io: CliIo, chalk: InstanceType<typeof Chalk>, output: OutputReader): Promise<number> {
  // Before the input is read: a directory that cannot be made fails now, not after a big log.
  if (args.out) writingTo(args.out, () => makeDirectory(args.out!));
  const files = args.files.length > 0 ? args.files : ['-'];
  // A terminal would otherwise wait in silence for what is pasted into it.
  if (files.includes('-') && io.stdin.isTTY === true) io.stderr.write(STDIN_HINT);
  // Nothing echoes a paste into a terminal in raw mode: a count of what arrived stands in for it.
  const showsPasteCount = files.includes('-') && isTerminal(io.stdin) && io.stderr.isTTY === true;
  const pasted = (total: number): void => {
    if (showsPasteCount) io.stderr.write(`${CLEAR}infer-mapping: ${total.toLocaleString('en-US')} bytes pasted; Ctrl-D when done`);
  };
  const stdinChunks = (): AsyncIterable<Uint8Array | string> => (isTerminal(io.stdin) ? terminalChunks(io.stdin, pasted) : streamChunks(io.stdin));
  const sources: Source[] = files.map((file) =>
    file === '-' ? { name: '<stdin>', chunks: output.paced(stdinChunks()) } : { name: file, chunks: output.paced(fileChunks(file)) },
  );
  let result: PipelineResult;
  // Nothing is held per call: a stage format prints each item as it comes, integration reads a
  // digest of the operations, and verify keeps the request of each operation's first call (the
  // one its method is built from, and compared with).
  const stage = isStageFormat(args.format) && !args.verify ? args.format : undefined;
  const streamed = stage ? streamedOutput(stage, args, io) : undefined;
  // Output printed as it comes to the terminal the progress line is on would share its line,
  // and be erased with it; there the output itself shows the progress.
  const progress = streamed && !args.out && io.stdout.isTTY === true ? undefined : progressLine(io.stderr);
  const print = (item: unknown): void => streamed!.writer.add(item);
  const calls = new CallDigest();
  const firstRequests: CapturedRequest[] = [];
  const digest = (op: InferredOperation, request: CapturedRequest): void => {
    if (calls.add(op) && args.verify) firstRequests.push(request);
  };
  const handOut: Pick<PipelineOptions, 'onRecord' | 'onRequest' | 'onOperation'> =
    stage === 'records' ? { onRecord: print } : stage === 'requests' ? { onRequest: print } : { onOperation: stage === 'json' ? print : digest };
  try {
    result = await runPipeline(sources, {
      ...(progress ? { onProgress: (p: Progress) => progress.update(p) } : {}),
      ...handOut,
      keepOperations: false,
      modelDirs: args.modelDir,
      // Not looked up for --no-models: finding python3's botocore may start python3.
      fallbackModelDirs: args.models ? defaultModelDirs(io.env) : [],
      noModels: !args.models,
      keepRequests: false,
    });
  } catch (error) {
    progress?.done();
    streamed?.abandon();
    // The reader went away (`| head`): run() tells that from a failed write.
    if (error instanceof OutputGone) return EXIT.ok;
    if (error instanceof Interrupted) {
      io.stderr.write(`${showsPasteCount ? CLEAR : ''}infer-mapping: interrupted\n`);
      return EXIT.interrupted;
    }
    throw error;
  }
  progress?.done();
  if (showsPasteCount) io.stderr.write(CLEAR);

  const integrate = (): IntegrationModel => {
    const integrated = buildIntegrationModel(calls, {
      constants: args.constants,
      from: fromFlags(args),
      queryStringPayload: args.queryStringPayload,
      resourcePath: args.resourcePath,
      roleArn: args.roleArn,
      title: args.title,
      stage: args.stage,
      timeoutInMillis: args.timeoutMs,
    });
    result.diagnostics.push(...integrated.diagnostics);
    return integrated.model;
  };
  if (args.verify) {
    // Loaded only here: the VTL engine and the SigV4 signer are a good part of the CLI's start-up,
    // and only verify needs them.
    const { runVerify, unreadOverride } = await import('./verify.js');
    const model = integrate();
    const unread = unreadOverride(model, args);
    if (unread !== undefined) {
      io.stderr.write(`${chalk.red('infer-mapping:')} ${unread}\n`);
      report(result.diagnostics, args, chalk, io);
      return EXIT.badInput;
    }
    const verified = await runVerify(model, firstRequests, args, io);
    report(result.diagnostics, args, chalk, io);
    return verified ? exitCode(result) : Math.max(exitCode(result), EXIT.partial);
  }

  if (streamed) {
    streamed.writer.end();
    streamed.close();
    report(result.diagnostics, args, chalk, io);
    return exitCode(result);
  }

  const emitter = emitterFor(args.format)!;
  const model = integrate();
  const artifacts = model.methods.length > 0 ? emitter.emit(model) : [];

  // The parse stage redacts credentials by name and form; this last pass guards every byte written.
  if (args.out) {
    for (const artifact of artifacts) {
      const file = join(args.out, artifact.name);
      writingTo(file, () => writeFileSync(file, redactText(artifact.content), { mode: artifact.name.endsWith('.sh') ? 0o755 : 0o644 }));
      io.stderr.write(`wrote ${file}\n`);
    }
  } else {
    for (const artifact of artifacts) {
      if (artifacts.length > 1) io.stdout.write(`==> ${artifact.name} <==\n`);
      io.stdout.write(redactText(artifact.content));
    }
  }
  report(result.diagnostics, args, chalk, io);
  return exitCode(result);
}

/** Output is written in pieces of about this many characters. */
const WRITE_PIECE = 16 * 1024;

/**
 * Where a streamed stage goes: standard output, or `<format>.json` in --out. Each piece is
 * redacted on its way out, like every artifact (pieces end between items, so no credential is
 * cut in two).
 */
function streamedOutput(format: StageFormat, args: CliArguments, io: CliIo): { writer: StageWriter; close(): void; abandon(): void } {
  const file = args.out ? join(args.out, `${format}.json`) : undefined;
  let fd: number | undefined;
  let pending = '';
  const flush = (): void => {
    if (pending === '') return;
    const text = redactText(pending);
    pending = '';
    if (file === undefined) {
      io.stdout.write(text);
      return;
    }
    writingTo(file, () => {
      fd ??= openSync(file, 'w');
      writeSync(fd, text);
    });
  };
  const writer = new StageWriter(format, (text) => {
    pending += text;
    if (pending.length >= WRITE_PIECE) flush();
  });
  return {
    writer,
    close() {
      flush();
      if (fd === undefined) return;
      closeSync(fd);
      io.stderr.write(`wrote ${file}\n`);
    },
    abandon() {
      if (fd !== undefined) closeSync(fd);
    },
  };
}

function report(diagnostics: Diagnostic[], args: CliArguments, chalk: InstanceType<typeof Chalk>, io: CliIo): void {
  for (const d of diagnostics) {
    if (d.severity === 'info' && !args.verbose) continue;
    io.stderr.write(`${colour(chalk, d)}\n`);
  }
}

function colour(chalk: InstanceType<typeof Chalk>, d: Diagnostic): string {
  const line = redactText(formatDiagnostic(d));
  return d.severity === 'error' ? chalk.red(line) : d.severity === 'warning' ? chalk.yellow(line) : chalk.dim(line);
}

function exitCode(result: PipelineResult): number {
  const errors = result.diagnostics.some((d) => d.severity === 'error');
  if (result.inferred === 0) return errors || result.calls === 0 ? EXIT.badInput : EXIT.partial;
  return errors ? EXIT.partial : EXIT.ok;
}

/**
 * Bytes per read. Chunks above 128 kB land in V8's large-object space, whose garbage waits for a
 * full collection: 1 MB reads raised a big log's peak RSS by ~30 MB and read no faster.
 */
const READ_CHUNK = 64 * 1024;

/**
 * A file's bytes in chunks, read synchronously into one reused buffer (the pipeline copies what
 * it keeps): a page-cached file reads at memory speed, where a read stream's per-chunk round trip
 * through the thread pool and the event loop took a third of a 100 MB log's run time.
 */
function* fileChunks(file: string): Iterable<Uint8Array> {
  const fd = reading(() => openSync(file, 'r'));
  try {
    const buffer = Buffer.allocUnsafe(READ_CHUNK);
    const read = (): number => reading(() => readSync(fd, buffer, 0, READ_CHUNK, null));
    for (let n = read(); n > 0; n = read()) yield buffer.subarray(0, n);
  } finally {
    closeSync(fd);
  }
}

/** Runs a read of a file, its failure a SourceUnreadable that says why. */
function reading<T>(read: () => T): T {
  try {
    return read();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new SourceUnreadable(code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : code === 'EACCES' ? 'permission denied' : (error as Error).message);
  }
}

/** A byte stream's chunks (text chunks, from a stream given an encoding, pass as they are). */
async function* streamChunks(stream: Readable): AsyncIterable<Uint8Array | string> {
  try {
    for await (const chunk of stream) yield chunk as Uint8Array | string;
  } catch (error) {
    throw new SourceUnreadable((error as Error).message);
  }
}
