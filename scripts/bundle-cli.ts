/**
 * Bundles the command line in place of tsc's dist/src/cli/bin.js (`npm run build` runs it after
 * tsc), with shared code and what only `verify` needs in dist/src/cli/chunks/. Loading the unbundled CLI means resolving, reading and compiling ~900 ES
 * modules (chevrotain's lodash-es alone is 640 files), which took most of a small log's run time;
 * a few bundled modules load in a fraction of it. The library (dist/src/index.js) stays unbundled.
 *
 * The bundle also skips chevrotain's grammar self-checks (its `skipValidations` default is turned
 * on in the bundled copy only): they find mistakes in a grammar's definition, not in the input,
 * always pass for a grammar the test suite has run (tests import the sources, checks on), and took
 * a third of a small log's startup.
 *
 * Without esbuild (a production install without dev dependencies) tsc's bin.js is left as it is:
 * it works the same, only starts slower.
 */
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const BIN = join(ROOT, 'dist/src/cli/bin.js');

async function main(): Promise<number> {
  if (!existsSync(BIN)) {
    process.stderr.write(`bundle-cli: ${BIN} is missing: run tsc first\n`);
    return 1;
  }
  let esbuild: typeof import('esbuild');
  try {
    esbuild = await import('esbuild');
  } catch {
    process.stderr.write('bundle-cli: esbuild is not installed; dist/src/cli/bin.js stays unbundled (slower start)\n');
    return 0;
  }
  let checksSkipped = 0;
  const skipGrammarChecks: import('esbuild').Plugin = {
    name: 'skip-chevrotain-validations',
    setup(build) {
      // The two defaults: DEFAULT_LEXER_CONFIG (scan/lexer_public.js) and DEFAULT_PARSER_CONFIG (parse/parser/parser.js).
      build.onLoad({ filter: /[\\/]chevrotain[\\/]lib[\\/]src[\\/](?:scan[\\/]lexer_public|parse[\\/]parser[\\/]parser)\.js$/ }, (args) => {
        const source = readFileSync(args.path, 'utf8');
        const patched = source.replace(/\bskipValidations: false\b/, () => {
          checksSkipped++;
          return 'skipValidations: true';
        });
        return { contents: patched, loader: 'js' };
      });
    },
  };
  // Chunk names carry a hash: an earlier build's chunks would stay beside the new ones (and ship).
  rmSync(join(dirname(BIN), 'chunks'), { recursive: true, force: true });
  await esbuild.build({
    entryPoints: [BIN],
    outdir: dirname(BIN),
    // What only `verify` loads (the VTL engine, the SigV4 signer) goes to a chunk of its own, which
    // the default command never parses.
    splitting: true,
    chunkNames: 'chunks/[name]-[hash]',
    allowOverwrite: true,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    // Stack traces of internal errors (--verbose) map back to src/ with node --enable-source-maps.
    sourcemap: 'linked',
    // CommonJS dependencies (yargs's helpers, cbor-x) call require(); an ES module has none of its own.
    banner: { js: "import { createRequire as __bundleRequire } from 'node:module'; const require = __bundleRequire(import.meta.url);" },
    // Smaller source to parse at every start; names are kept, so stack traces stay readable.
    minifyWhitespace: true,
    minifySyntax: true,
    plugins: [skipGrammarChecks],
    logLevel: 'error',
  });
  if (checksSkipped !== 2) process.stderr.write(`bundle-cli: chevrotain's skipValidations defaults not found (${checksSkipped} of 2 patched); the bundle keeps its grammar checks\n`);
  return 0;
}

process.exitCode = await main();
