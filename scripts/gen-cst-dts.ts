/**
 * Writes grammars/<name>/cst.d.ts from each parser's self-analysis, so visitors are typed against
 * the grammar as it is. Run after changing a grammar: `npm run gen:cst`.
 */
import { writeFileSync } from 'node:fs';
import { generateCstDts } from '@chevrotain/cst-dts-gen';
import { logRecordParser } from '../grammars/log-record/parser.js';

const grammars = { 'log-record': logRecordParser };
for (const [name, parser] of Object.entries(grammars)) {
  const file = new URL(`../../grammars/${name}/cst.d.ts`, import.meta.url);
  writeFileSync(file, generateCstDts(parser.getGAstProductions()));
}
