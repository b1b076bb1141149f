/**
 * `npm run bench`: how fast and how lean the real CLI is on big inputs, measured against the floor
 * of `grep -c 'Making request'` on the same file in the same run.
 *
 * Inputs are built from the real captures in samples/ (never the .oneline/.crlf variants) under a
 * temporary directory that is removed at the end:
 *
 * - `multi-line`: every sample log concatenated, round after round, to about 100 MB: many calls,
 *   retries (the *-retry samples), pagination, errors, every protocol.
 * - `one-line`: the same bytes with every newline replaced by a space, as a log pasted from a web
 *   page arrives: one 100 MB line.
 * - `1 GB`: written on the fly in the shape of a long `aws s3 sync --debug` run, which is mostly
 *   records nobody reads: each round is one copy of every sample followed by nine copies of the
 *   samples' own hook/event/credential/endpoint records (the records that carry no call
 *   evidence, kept byte for byte). So it holds one call per ~200 kB, a tenth of the 100 MB
 *   file's density: the per-call results (which must be kept to print them) stay small, and
 *   what is measured is the scanner over a gigabyte of input.
 * - two floors under the multi-line time, on the same file: node reading it as the CLI does
 *   (64 kB synchronous reads) and nothing else, then that plus the record scanner
 *   (src/parse/split.ts) with no record parsed. They show how much of the ratio to grep is the
 *   runtime, how much finding the records, and how much reading and inferring the calls.
 * - `multi-line, --format F` and `multi-line, verify`: the multi-line file in every other output
 *   format, and verified, for peak RSS: the stage formats print each item as it comes, the
 *   others keep one call per operation, so none holds more as the log grows.
 * - `multi-line, cold model cache`: the multi-line file once more, with an empty disk cache, as a
 *   machine's first run meets it (whole service models read to cut the per-operation slices every
 *   later run reads). Every other run finds the samples' slices made by a warm-up run.
 *
 * Each run is `node dist/src/cli/bin.js --format json FILE` as a child process, timed by the wall
 * clock, with its peak RSS from `/usr/bin/time -f %M` (or /proc/PID/status VmHWM when there is
 * no /usr/bin/time). Targets (ratios in the same run, so the machine's speed cancels out):
 * multi-line within 8x grep's time, one-line within 1.5x the multi-line time, peak RSS under
 * 150 MB for every input once the model cache is warm, and a single-call log end to end within
 * 4x of a bare `node -e ''`. And no call lost: each run finds as many calls as grep counts
 * `Making request` lines (the one-line file, one line to grep, as many as its multi-line twin).
 *
 * Options: `--mb N` (size of the 100 MB inputs), `--gb N` (size of the big one, 0 to skip),
 * `--runs N` (timed runs per input, the median is shown), `--keep` (leave the temp dir).
 */
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, statSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { STAGE_FORMATS } from '../src/cli/options.js';
import { EMITTERS } from '../src/emit/registry.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const SAMPLES = join(ROOT, 'samples');
const CLI = join(ROOT, 'dist/src/cli/bin.js');
const MB = 1024 * 1024;
const RSS_LIMIT_MB = 150;
const JSON_FORMAT = ['--format', 'json'];

/** The CLI's way of reading a file (src/cli/run.ts fileChunks: 64 kB synchronous reads), and nothing more. */
const READ_LOOP = `
  const fd = openSync(process.argv[1], 'r');
  const buffer = Buffer.allocUnsafe(64 * 1024);
  for (let n = readSync(fd, buffer, 0, buffer.length, null); n > 0; n = readSync(fd, buffer, 0, buffer.length, null)) consume(buffer.subarray(0, n));`;
const READ_ONLY = `import { openSync, readSync } from 'node:fs';\nconst consume = () => {};${READ_LOOP}`;
const SCAN_ONLY = `import { openSync, readSync } from 'node:fs';
  import { RecordSplitter } from ${JSON.stringify(join(ROOT, 'dist/src/parse/split.js'))};
  const splitter = new RecordSplitter();
  const consume = (chunk) => splitter.push(chunk);${READ_LOOP}
  splitter.end();`;

interface Options {
  mb: number;
  gb: number;
  runs: number;
  keep: boolean;
}

function parseOptions(argv: string[]): Options {
  const options: Options = { mb: 100, gb: 1, runs: 3, keep: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--keep') options.keep = true;
    else if (arg === '--mb' || arg === '--gb' || arg === '--runs') options[arg.slice(2) as 'mb' | 'gb' | 'runs'] = Number(argv[++i]);
    else throw new Error(`unknown option ${arg} (expected --mb N, --gb N, --runs N, --keep)`);
  }
  return options;
}

/** The real captures, whole, in a fixed order; the .oneline and .crlf variants are derived files. */
function sampleLogs(): string[] {
  return readdirSync(SAMPLES)
    .filter((f) => f.endsWith('.log') && !f.includes('.oneline.') && !f.includes('.crlf.'))
    .sort()
    .map((f) => {
      const text = readFileSync(join(SAMPLES, f), 'utf8');
      return text.endsWith('\n') ? text : `${text}\n`;
    });
}

/** A record header at the start of a line (the CLI's layout and boto3's). */
const HEADER_LINE = /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3}(?: - | [\w.]+ \[[A-Z]+\])/;
/** The messages that carry call evidence: what the 1 GB file's filler leaves out. */
const EVIDENCE =
  /Making request for|CanonicalRequest:|StringToSign:|Signature:|Sending http request:|Response headers:|Response body:|Arguments entered to CLI:|Loading JSON file:|HTTP\/\d(?:\.\d)?" \d|Retry needed|Exception received when sending|Response received to retry|Traceback|Error|error/;

/** The records of a log that carry no call evidence (hook events, credential and endpoint lookups), whole. */
function fillerOf(log: string): string {
  const records: string[] = [];
  let current: string[] = [];
  const flush = (): void => {
    if (current.length > 0 && HEADER_LINE.test(current[0]!) && !EVIDENCE.test(current.join('\n'))) records.push(`${current.join('\n')}\n`);
    current = [];
  };
  for (const line of log.split('\n')) {
    if (HEADER_LINE.test(line)) flush();
    current.push(line);
  }
  flush();
  return records.join('');
}

/** Writes rounds of `round` to `file` until it holds at least `bytes`; returns the size written. */
function writeRounds(file: string, bytes: number, round: (i: number) => string): number {
  const fd = openSync(file, 'w');
  let written = 0;
  try {
    for (let i = 0; written < bytes; i++) {
      const buffer = Buffer.from(round(i), 'utf8');
      writeSync(fd, buffer);
      written += buffer.length;
    }
  } finally {
    closeSync(fd);
  }
  return written;
}

interface Measured {
  seconds: number;
  rssKb: number;
  stdout: string;
  code: number;
}

const TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;

/** Runs a command, stdout to `outFile` (or discarded), and measures wall time and peak RSS. */
function measure(command: string, args: string[], outFile?: string, env: NodeJS.ProcessEnv = process.env): Promise<Measured> {
  return new Promise((resolvePromise, reject) => {
    const rssFile = `${outFile ?? join(tmpdir(), `bench-${process.pid}`)}.rss`;
    const [cmd, cmdArgs] = TIME ? [TIME, ['-f', '%M', '-o', rssFile, command, ...args]] : [command, args];
    const out = outFile ? openSync(outFile, 'w') : 'ignore';
    const started = process.hrtime.bigint();
    const child = spawn(cmd, cmdArgs, { stdio: ['ignore', out, 'ignore'], env });
    let peakKb = 0;
    // Without /usr/bin/time, poll the kernel's high-water mark while the process lives.
    const poll = TIME
      ? undefined
      : setInterval(() => {
          try {
            const m = /VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
            if (m) peakKb = Math.max(peakKb, Number(m[1]));
          } catch {
            /* the process has just ended */
          }
        }, 5);
    child.on('error', reject);
    child.on('close', (code) => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      if (poll) clearInterval(poll);
      if (typeof out === 'number') closeSync(out);
      if (TIME && existsSync(rssFile)) {
        peakKb = Number(readFileSync(rssFile, 'utf8').trim().split('\n').pop());
        rmSync(rssFile, { force: true });
      }
      const stdout = outFile ? readFileSync(outFile, 'utf8') : '';
      if (outFile) rmSync(outFile, { force: true });
      resolvePromise({ seconds, rssKb: peakKb, stdout, code: code ?? -1 });
    });
  });
}

/** The CLI gave results, with or without warnings (0 or 1); -1 is a process killed by a signal. */
function answered(code: number): boolean {
  return code === 0 || code === 1;
}

/** The worse of two exit codes: any failure over an answer, 1 (warnings) over 0. */
function worse(a: number, b: number): number {
  if (!answered(a)) return a;
  return answered(b) ? Math.max(a, b) : b;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

interface Row {
  input: string;
  sizeMb: number;
  mbPerS: number;
  /** Calls in the CLI's output; undefined for the floor rows, which infer nothing. */
  calls: number | undefined;
  grepCount: number;
  rssMb: number;
  cliS: number;
  grepS: number;
  ratio: number;
  /** The time target, and whether it held (undefined: no time target for this input). */
  target: string;
  timePass: boolean | undefined;
  /** Peak RSS under RSS_LIMIT_MB; undefined: no RSS target for this input. */
  rssPass: boolean | undefined;
  /** Whether every call of the input was found (none lost); undefined for the floors. */
  callsPass: boolean | undefined;
  /** The CLI's exit code, which must be 0 or 1 (results, with or without warnings); undefined for the floors. */
  exitCode: number | undefined;
}

async function grepTime(file: string, runs: number): Promise<{ seconds: number; count: number }> {
  const times: number[] = [];
  let count = 0;
  for (let i = 0; i < runs; i++) {
    const m = await measure('grep', ['-c', 'Making request', file], `${file}.grep`);
    times.push(m.seconds);
    count = Number(m.stdout.trim());
  }
  return { seconds: median(times), count };
}

async function cliTime(file: string, runs: number, args: string[], env?: NodeJS.ProcessEnv): Promise<{ seconds: number; rssKb: number; calls: number; code: number }> {
  const times: number[] = [];
  let rssKb = 0;
  let calls = 0;
  let code = 0;
  for (let i = 0; i < runs; i++) {
    const m = await measure(process.execPath, [CLI, ...args, file], `${file}.out`, env);
    times.push(m.seconds);
    rssKb = Math.max(rssKb, m.rssKb);
    code = worse(code, m.code);
    calls = callsIn(m.stdout);
  }
  return { seconds: median(times), rssKb, calls, code };
}

/** The calls in the CLI's `--format json` output, or -1 when it is not that document. */
function callsIn(stdout: string): number {
  try {
    return (JSON.parse(stdout) as { requests: unknown[] }).requests.length;
  } catch {
    return -1;
  }
}

function formatTable(rows: Row[]): string {
  const header = ['input', 'size MB', 'MB/s', 'calls', 'grep -c', 'peak RSS MB', 'cli s', 'grep s', 'ratio', 'time target', 'time', `RSS < ${RSS_LIMIT_MB} MB`, 'all calls', 'exit'];
  const body = rows.map((r) => [
    r.input,
    r.sizeMb.toFixed(0),
    r.mbPerS.toFixed(0),
    r.calls === undefined ? '-' : String(r.calls),
    String(r.grepCount),
    r.rssMb.toFixed(0),
    r.cliS.toFixed(3),
    r.grepS.toFixed(3),
    r.ratio.toFixed(2),
    r.target,
    r.timePass === undefined ? '-' : r.timePass ? 'pass' : 'FAIL',
    r.rssPass === undefined ? '-' : r.rssPass ? 'pass' : 'FAIL',
    r.callsPass === undefined ? '-' : r.callsPass ? 'pass' : 'FAIL',
    r.exitCode === undefined ? '-' : answered(r.exitCode) ? String(r.exitCode) : `${r.exitCode} FAIL`,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const line = (cells: string[]): string => cells.map((c, i) => (i === 0 || i >= 9 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...body.map(line)].join('\n');
}

async function main(): Promise<number> {
  const options = parseOptions(process.argv.slice(2));
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run npm run build first`);
  const dir = mkdtempSync(join(tmpdir(), 'infer-mapping-bench-'));
  const rows: Row[] = [];
  try {
    const logs = sampleLogs();
    const round = logs.join('');
    const multi = join(dir, 'multi-line.log');
    const oneLine = join(dir, 'one-line.log');
    process.stderr.write(`building inputs in ${dir} ...\n`);
    writeRounds(multi, options.mb * MB, () => round);
    const flatRound = round.replaceAll('\n', ' ');
    writeRounds(oneLine, options.mb * MB, () => flatRound);

    const single = join(SAMPLES, 'sns-publish.log');
    // Warm the page cache, and the disk cache of every model the samples use (their slices are
    // made on a machine's first run: the cold row below measures that run).
    const warm = join(dir, 'round.log');
    writeRounds(warm, 1, () => round);
    await measure(process.execPath, [CLI, '--format', 'json', warm]);
    await grepTime(multi, 1);

    type Measures = Omit<Row, 'target' | 'timePass' | 'rssPass' | 'callsPass' | 'exitCode'>;
    interface Run {
      target: string;
      check?: (r: Measures) => boolean;
      runs: number;
      /** Whether the RSS limit applies (not to a machine's first run, which reads whole models). */
      rssTarget: boolean;
      env?: NodeJS.ProcessEnv;
      /** The calls the input holds: grep's count of `Making request` unless given (a one-line file is one line to grep). */
      calls?: number;
      /** The CLI's arguments before the file; only `--format json` (the default) lists the calls, so only its calls are counted. */
      args?: string[];
    }
    const add = async (input: string, file: string, { target, check, runs, rssTarget, env, calls, args = JSON_FORMAT }: Run): Promise<Row> => {
      const sizeMb = statSync(file).size / MB;
      const grep = await grepTime(file, Math.max(3, runs));
      const cli = await cliTime(file, runs, args, env);
      const listsCalls = args === JSON_FORMAT;
      const partial = {
        input,
        sizeMb,
        mbPerS: sizeMb / cli.seconds,
        calls: listsCalls ? cli.calls : undefined,
        grepCount: grep.count,
        rssMb: cli.rssKb / 1024,
        cliS: cli.seconds,
        grepS: grep.seconds,
        ratio: cli.seconds / grep.seconds,
      };
      const row: Row = {
        ...partial,
        target,
        timePass: check?.(partial),
        rssPass: rssTarget ? partial.rssMb < RSS_LIMIT_MB : undefined,
        callsPass: listsCalls ? cli.calls === (calls ?? grep.count) : undefined,
        exitCode: cli.code,
      };
      rows.push(row);
      process.stderr.write(`  ${input}: ${row.cliS.toFixed(3)} s, exit ${cli.code}\n`);
      return row;
    };

    const addFloor = async (input: string, file: string, script: string): Promise<void> => {
      const sizeMb = statSync(file).size / MB;
      const grep = await grepTime(file, Math.max(3, options.runs));
      const times: number[] = [];
      let rssKb = 0;
      for (let i = 0; i < options.runs; i++) {
        const m = await measure(process.execPath, ['--input-type=module', '-e', script, file]);
        // A floor that failed (a bad import, a killed process) measured nothing.
        if (m.code !== 0) throw new Error(`${input}: the floor script exited ${m.code}`);
        times.push(m.seconds);
        rssKb = Math.max(rssKb, m.rssKb);
      }
      const seconds = median(times);
      rows.push({ input, sizeMb, mbPerS: sizeMb / seconds, calls: undefined, grepCount: grep.count, rssMb: rssKb / 1024, cliS: seconds, grepS: grep.seconds, ratio: seconds / grep.seconds, target: '(none: a floor)', timePass: undefined, rssPass: undefined, callsPass: undefined, exitCode: undefined });
      process.stderr.write(`  ${input}: ${seconds.toFixed(3)} s\n`);
    };

    const multiRow = await add('multi-line', multi, { target: 'ratio <= 8 (x grep)', check: (r) => r.ratio <= 8, runs: options.runs, rssTarget: true });
    // The floors under the multi-line time, without targets: how much of it is node reading the
    // file as the CLI does, and how much the record scanner (src/parse/split.ts) adds to that.
    await addFloor('node reads the file (floor)', multi, READ_ONLY);
    await addFloor('+ record scanner, no parse (floor)', multi, SCAN_ONLY);
    const oneRow = await add('one-line', oneLine, { target: '', check: (r) => r.cliS <= 1.5 * multiRow.cliS, runs: options.runs, rssTarget: true, calls: multiRow.grepCount });
    oneRow.target = `${(oneRow.cliS / multiRow.cliS).toFixed(2)}x multi-line <= 1.5x`;
    rmSync(oneLine, { force: true });

    // Every other output format, and verify, hold no more than json does however many calls the
    // log has: stage formats print each item as it comes, the others keep one call per operation.
    const otherArgs = [...STAGE_FORMATS, ...EMITTERS.map((e) => e.format)].filter((f) => f !== 'json').map((f) => ['--format', f]);
    for (const args of [...otherArgs, ['verify']]) {
      await add(`multi-line, ${args.join(' ')}`, multi, { target: '(none; RSS only)', runs: 1, rssTarget: true, args });
    }

    // A machine's first run reads whole service models to cut their slices: a one-off cost per
    // model, shown without targets.
    const coldCache = mkdtempSync(join(dir, 'cache-'));
    await add('multi-line, cold model cache', multi, { target: '(none: first run on a machine)', runs: 1, rssTarget: false, env: { ...process.env, XDG_CACHE_HOME: coldCache } });

    if (options.gb > 0) {
      const big = join(dir, 'big.log');
      const filler = logs.map(fillerOf).join('');
      process.stderr.write(`writing ${options.gb} GB ...\n`);
      writeRounds(big, options.gb * 1024 * MB, (i) => (i % 10 === 0 ? round : filler));
      await add(`${options.gb} GB`, big, { target: '(none; x grep shown)', runs: 1, rssTarget: true });
      rmSync(big, { force: true });
    }

    const nodeTimes: number[] = [];
    const cliTimes: number[] = [];
    let singleRss = 0;
    let singleCode = 0;
    let singleCalls = 0;
    for (let i = 0; i < 10; i++) {
      nodeTimes.push((await measure(process.execPath, ['-e', ''])).seconds);
      const m = await measure(process.execPath, [CLI, '--format', 'json', single], join(dir, 'single.out.json'));
      cliTimes.push(m.seconds);
      singleRss = Math.max(singleRss, m.rssKb);
      singleCode = worse(singleCode, m.code);
      singleCalls = callsIn(m.stdout);
    }
    const nodeS = median(nodeTimes);
    const cliS = median(cliTimes);
    rows.push({
      input: 'single call (sns-publish.log)',
      sizeMb: statSync(single).size / MB,
      mbPerS: statSync(single).size / MB / cliS,
      calls: singleCalls,
      grepCount: 1,
      rssMb: singleRss / 1024,
      cliS,
      grepS: nodeS,
      ratio: cliS / nodeS,
      target: "ratio <= 4 (x node -e '', in grep s)",
      timePass: cliS <= 4 * nodeS,
      rssPass: singleRss / 1024 < RSS_LIMIT_MB,
      callsPass: singleCalls === 1,
      exitCode: singleCode,
    });
  } finally {
    if (options.keep) process.stderr.write(`inputs kept in ${dir}\n`);
    else rmSync(dir, { recursive: true, force: true });
  }
  const cpus = spawnSync('nproc', { encoding: 'utf8' }).stdout.trim();
  process.stdout.write(`infer-mapping bench (node ${process.version}, ${cpus} cores; medians of ${options.runs} runs, 10 for the single call)\n\n`);
  process.stdout.write(`${formatTable(rows)}\n`);
  const checks = rows.flatMap((r) => [r.timePass, r.rssPass, r.callsPass, r.exitCode === undefined ? undefined : answered(r.exitCode)]).filter((c): c is boolean => c !== undefined);
  const failed = checks.filter((c) => !c).length;
  process.stdout.write(`\ntargets: ${checks.length - failed} met, ${failed} missed\n`);
  return failed === 0 ? 0 : 1;
}

process.exitCode = await main();
