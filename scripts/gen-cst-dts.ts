/**
 * Writes grammars/<name>/cst.d.ts from each parser's self-analysis, so visitors are typed against
 * the grammar as it is. Run after changing a grammar: `npm run gen:cst`.
 */
import { writeFileSync } from 'node:fs';
import { generateCstDts } from '@chevrotain/cst-dts-gen';
import { canonicalRequestParser } from '../grammars/canonical-request/parser.js';
import { logRecordParser } from '../grammars/log-record/parser.js';
import { pythonReprParser } from '../grammars/python-repr/parser.js';

/** Marks the file as generated; tests compare the rest of it with what the grammar generates now. */
const HEADER = '// Generated from parser.ts by scripts/gen-cst-dts.ts (npm run gen:cst); do not edit.\n';

const grammars = { 'log-record': logRecordParser, 'python-repr': pythonReprParser, 'canonical-request': canonicalRequestParser };
for (const [name, parser] of Object.entries(grammars)) {
  const file = new URL(`../../grammars/${name}/cst.d.ts`, import.meta.url);
  writeFileSync(file, `${HEADER}${generateCstDts(parser().getGAstProductions())}`);
}
