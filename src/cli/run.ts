/**
 * The CLI's body: parse arguments, stream the inputs through the pipeline, print the chosen
 * stage, report diagnostics. Streams and environment are injected, so tests run it in-process.
 */
import { createReadStream } from 'node:fs';
import type { Readable, Writable } from 'node:stream';
import { Chalk } from 'chalk';
import yargs from 'yargs';
import { formatDiagnostic, type Diagnostic } from '../diagnostics.js';
import { defaultModelDirs } from '../infer/model.js';
import { redactText } from '../parse/redact.js';
import { runPipeline, type PipelineResult, type Source } from '../pipeline.js';
import { EXIT } from './exit-codes.js';
import { check, options, type CliArguments } from './options.js';
import { renderStage } from './stages.js';

export interface CliIo {
  stdin: Readable;
  stdout: Writable;
  stderr: Writable & { isTTY?: boolean };
  env: Record<string, string | undefined>;
}

const USAGE = `infer-mapping [files..]

Reads botocore --debug output (a log, a params dict, a raw HTTP request or an AWS API URL)
from the files, or from standard input when none is given or a file is "-", and infers the
request shape of every AWS API call it shows.`;

/** Runs the command line; resolves to the exit code. */
export async function run(argv: string[], io: CliIo): Promise<number> {
  let parseError: string | undefined;
  let helpShown = false;
  const parser = yargs(argv)
    .scriptName('infer-mapping')
    .command('$0 [files..]', USAGE, (y) => y.positional('files', { type: 'string', array: true, description: 'Inputs to read ("-" is standard input)' }))
    .options(options)
    .strict()
    .exitProcess(false)
    .help()
    .version(false)
    .wrap(Math.min(100, 100))
    .fail((message: string | undefined, error: Error | undefined) => {
      parseError = message ?? error?.message ?? 'invalid arguments';
    });
  let parsed: Awaited<ReturnType<typeof parser.parse>>;
  let output = '';
  try {
    parsed = await parser.parse(argv, {}, (_err: unknown, _argv: unknown, text: string) => {
      output = text;
    });
    helpShown = output !== '' && (argv.includes('--help') || argv.includes('-h'));
  } catch (error) {
    parseError ??= (error as Error).message;
    parsed = {} as typeof parsed;
  }
  if (helpShown) {
    io.stdout.write(`${output}\n`);
    return EXIT.ok;
  }
  const args: CliArguments = {
    files: ((parsed.files as string[] | undefined) ?? []).map(String),
    format: parsed.format as CliArguments['format'],
    modelDir: [parsed['model-dir'] ?? []].flat().map(String),
    models: parsed.models !== false,
    verbose: parsed.verbose === true,
    color: parsed.color as boolean | undefined,
  };
  parseError ??= check(args);
  const chalk = new Chalk({ level: (args.color ?? io.stderr.isTTY === true) ? 1 : 0 });
  if (parseError) {
    io.stderr.write(`${chalk.red('infer-mapping:')} ${parseError}\nRun infer-mapping --help for usage.\n`);
    return EXIT.badInput;
  }

  const sources: Source[] = (args.files.length > 0 ? args.files : ['-']).map((file) =>
    file === '-' ? { name: '<stdin>', chunks: textChunks(io.stdin) } : { name: file, chunks: textChunks(createReadStream(file)) },
  );
  let result: PipelineResult;
  try {
    result = await runPipeline(sources, {
      modelDirs: args.modelDir,
      fallbackModelDirs: args.models ? defaultModelDirs(io.env) : [],
      keepRecords: args.format === 'records',
    });
  } catch (error) {
    const err = error as NodeJS.ErrnoException;
    if (err.code === 'ENOENT' || err.code === 'EACCES' || err.code === 'EISDIR') {
      io.stderr.write(`${chalk.red('infer-mapping:')} cannot read ${err.path ?? 'input'}: ${err.code === 'ENOENT' ? 'no such file' : err.code === 'EISDIR' ? 'it is a directory' : 'permission denied'}\n`);
      return EXIT.badInput;
    }
    io.stderr.write(`${chalk.red('infer-mapping: internal error:')} ${err.message}\n${args.verbose ? `${err.stack}\n` : 'Run with --verbose for the stack trace, and please report it with the input.\n'}`);
    return EXIT.internal;
  }

  // The parse stage redacts credentials by name and form; this last pass guards every byte printed.
  io.stdout.write(redactText(renderStage(args.format, result)));
  for (const d of result.diagnostics) {
    if (d.severity === 'info' && !args.verbose) continue;
    io.stderr.write(`${colour(chalk, d)}\n`);
  }
  return exitCode(result);
}

function colour(chalk: InstanceType<typeof Chalk>, d: Diagnostic): string {
  const line = redactText(formatDiagnostic(d));
  return d.severity === 'error' ? chalk.red(line) : d.severity === 'warning' ? chalk.yellow(line) : chalk.dim(line);
}

function exitCode(result: PipelineResult): number {
  const errors = result.diagnostics.some((d) => d.severity === 'error');
  if (result.operations.length === 0) return errors || result.requests.length === 0 ? EXIT.badInput : EXIT.partial;
  return errors ? EXIT.partial : EXIT.ok;
}

/** Decodes a byte stream as UTF-8 text chunks (multi-byte characters split across chunks stay whole). */
async function* textChunks(stream: Readable): AsyncIterable<string> {
  stream.setEncoding('utf8');
  for await (const chunk of stream) yield chunk as string;
}
