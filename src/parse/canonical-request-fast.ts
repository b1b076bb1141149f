/**
 * A fast path for the SigV4 canonical requests botocore logs with their line breaks intact: one
 * pass over the lines, no tokens, no CST. A big log holds one canonical request per attempt, all
 * well formed, and lexing them through chevrotain was a sixth of its parse time.
 *
 * The grammar (grammars/canonical-request) stays the definition. This reader accepts only what
 * the grammar accepts with its line breaks intact (the same token patterns: method, URI, query
 * pairs, `name:value` headers, the blank line, the signed names, one payload hash), returns the
 * value the visitor would, and gives up (undefined) at the first thing it is not sure of; that
 * text then goes through the grammar, which also says what is wrong.
 * test/hostile/canonical-fast.test.ts checks both agree.
 */
import type { TokenType } from 'chevrotain';
import {
  CrHeaderName,
  CrHeaderValue,
  CrLeadingSpace,
  CrMethod,
  CrMethodEnd,
  CrPayloadHash,
  CrQueryText,
  CrSignedName,
  CrTrailingSpace,
  CrUri,
} from '../../grammars/canonical-request/lexer.js';
import type { CanonicalRequest } from './types.js';

/** A token type's pattern, as a group to build whole-line patterns from. */
const token = (type: TokenType): string => `(?:${(type.PATTERN as RegExp).source})`;

const LEADING_SPACE = new RegExp(`^${token(CrLeadingSpace)}`);
const METHOD = new RegExp(`^${token(CrMethod)}$`);
const URI = new RegExp(`^${token(CrUri)}$`);
/** The queryParam rule: a key, then optionally `=` and a value. */
const QUERY_PAIR = new RegExp(`^${token(CrQueryText)}(?:=${token(CrQueryText)}?)?$`);
/** The canonicalHeader rule: name, `:`, and the value when there is one. */
const HEADER = new RegExp(`^(${token(CrHeaderName)}):(${token(CrHeaderValue)}?)$`);
/** The signed headers: names separated by `;`. */
const SIGNED = new RegExp(`^${token(CrSignedName)}(?:;${token(CrSignedName)})*$`);
/** The payload hash, and the whitespace the lexer skips after the signed headers' line break. */
const HASH = new RegExp(`^${token(CrTrailingSpace)}?(${token(CrPayloadHash)})${token(CrTrailingSpace)}?$`);
/** The grammar's line breaks (CRLF, CR or LF). */
const LINE_BREAK = new RegExp((CrMethodEnd.PATTERN as RegExp).source);

/**
 * Reads a canonical request whose six line breaks are all there (`text` is what follows the
 * `CanonicalRequest:` tag), or returns undefined when the grammar is needed to read it or to say
 * why it is not one.
 */
export function readCanonicalFast(text: string): CanonicalRequest | undefined {
  // The grammar skips leading whitespace, line breaks included, before the method.
  const from = LEADING_SPACE.exec(text)?.[0].length ?? 0;
  const lines = text.slice(from).split(LINE_BREAK);
  // method, URI, query, at least one header, the blank line, signed headers, the hash.
  if (lines.length < 7) return undefined;
  const [method, path, queryLine] = lines as [string, string, string];
  if (!METHOD.test(method) || !URI.test(path)) return undefined;

  const query: Array<[string, string]> = [];
  if (queryLine !== '') {
    for (const pair of queryLine.split('&')) {
      if (!QUERY_PAIR.test(pair)) return undefined;
      const eq = pair.indexOf('=');
      try {
        query.push(eq === -1 ? [decodeURIComponent(pair), ''] : [decodeURIComponent(pair.slice(0, eq)), decodeURIComponent(pair.slice(eq + 1))]);
      } catch {
        return undefined;
      }
    }
  }

  const headers: Array<[string, string]> = [];
  let i = 3;
  for (; i < lines.length && lines[i] !== ''; i++) {
    const header = HEADER.exec(lines[i]!);
    if (header === null) return undefined;
    headers.push([header[1]!, header[2]!]);
  }
  // The blank line, the signed headers, then only the payload hash (surrounded by whitespace).
  if (headers.length === 0 || i + 2 >= lines.length) return undefined;
  const signedLine = lines[i + 1]!;
  if (!SIGNED.test(signedLine)) return undefined;
  const hash = HASH.exec(lines.slice(i + 2).join('\n'));
  if (hash === null) return undefined;

  const signedHeaders = signedLine.split(';');
  if (signedHeaders.join(';') !== headers.map(([name]) => name).join(';')) return undefined;
  return { method, path, query, headers, signedHeaders, payloadHash: hash[1]! };
}
