/**
 * Records of a log written one JSON object per record: the AWS Lambda runtime's JSON log format
 * (advanced logging controls), as awslambdaric's JsonFormatter writes it:
 *
 *     {"timestamp": "2026-12-06T18:15:14.927Z", "level": "DEBUG", "message": "Making request ...",
 *      "logger": "botocore.endpoint", "requestId": "8f5e2a3c-..."}
 *
 * The envelope is JSON, read by JSON.parse. The message is the record the log-record grammar
 * reads, put after a header of the Lambda runtime's text layout, which carries the same fields
 * (level, time, request id). A JSON escape is one character of the message and several of the
 * input, so the text is rebuilt piece by piece, and its offsets map back to the JSON as given:
 * diagnostics point at what the user has.
 */
import { Rebuilt } from './rebuilt.js';
import { LINE_BREAK } from './wrap.js';

/**
 * Where such a record starts: the formatter's first keys, in its order and spacing, as the
 * pattern's opening and the rest (the splitter's byte scan, split.ts, tests what precedes a
 * record between them). Anywhere else (a JSON body inside another record) the quotes are
 * escaped, so this does not match there.
 */
export const JSON_RECORD_OPENING = String.raw`\{"timestamp": "`;
export const JSON_RECORD_FIELDS = String.raw`\d{4}-\d\d-\d\dT[^"\\]{0,40}", "level": "[A-Z]+", "message": "`;
const JSON_RECORD_START = new RegExp(JSON_RECORD_OPENING + JSON_RECORD_FIELDS, 'y');

/** `\n`, `\"`... : what each one-character JSON escape stands for. */
const ESCAPES: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

/** A JSON record read as the record its message is. */
export interface DecodedJsonRecord {
  /** The record in the Lambda runtime's text layout. */
  text: string;
  /** The offset in the input's text of an offset in `text`. */
  toOriginal(offset: number): number;
  /** Where the first line break inside the object is, when it was read without them (a hard-wrapped log). */
  firstBreak?: number;
}

/** JSON writes a line break in a string as `\n`, so one inside a record is a hard wrap's. */
const BREAKS = new RegExp(LINE_BREAK.source, 'g');

/**
 * The record `text` holds, when it opens with a JSON record (JSON_RECORD_START) whose object
 * JSON.parse reads, with a string message: from the object's start to its last `}` (a record
 * ends where the next one starts, which may be on the same line when a paste lost its newlines),
 * or to the end of its first line; or, in a log hard-wrapped at a terminal's or an email's
 * width, the object without the line breaks inside it. The logger's name is left out, as the
 * text layout has none.
 */
export function decodeJsonRecord(text: string): DecodedJsonRecord | undefined {
  const asIs = decodeObject(text);
  if (asIs) return { text: asIs.text(), toOriginal: (offset) => asIs.toOriginal(offset) };
  const end = text.lastIndexOf('}') + 1;
  const unwrapped = new Rebuilt(text);
  let from = 0;
  let firstBreak: number | undefined;
  for (const found of text.slice(0, end).matchAll(BREAKS)) {
    firstBreak ??= found.index;
    unwrapped.copy(from, found.index);
    from = found.index + found[0].length;
  }
  if (firstBreak === undefined) return undefined;
  const joined = decodeObject(unwrapped.copy(from, text.length).text());
  return joined && { text: joined.text(), toOriginal: (offset) => unwrapped.toOriginal(joined.toOriginal(offset)), firstBreak };
}

/** decodeJsonRecord's reading of `text` as it is. */
function decodeObject(text: string): Rebuilt | undefined {
  JSON_RECORD_START.lastIndex = 0;
  const start = JSON_RECORD_START.exec(text);
  if (start === null) return undefined;
  const fields = parseObject(text);
  if (fields === undefined || typeof fields['message'] !== 'string' || typeof fields['level'] !== 'string' || typeof fields['timestamp'] !== 'string') return undefined;
  const requestId = typeof fields['requestId'] === 'string' ? `${fields['requestId']}\t` : '';
  const rebuilt = new Rebuilt(text).insert(`[${fields['level']}]\t${fields['timestamp']}\t${requestId}`, start[0].length);
  // The message's characters as written, each escape replaced by what it stands for. JSON.parse
  // read the object, so every escape here is well formed and the string is closed.
  const escapeOrEnd = /\\(?:u([0-9A-Fa-f]{4})|(.))|"/g;
  escapeOrEnd.lastIndex = start[0].length;
  let from = start[0].length;
  let m = escapeOrEnd.exec(text);
  for (; m !== null && m[0] !== '"'; m = escapeOrEnd.exec(text)) {
    rebuilt.copy(from, m.index).insert(m[1] !== undefined ? String.fromCharCode(parseInt(m[1], 16)) : ESCAPES[m[2]!]!, m.index);
    from = m.index + m[0].length;
  }
  return rebuilt.copy(from, m?.index ?? text.length);
}

/** The JSON object `text` opens with, read up to its last `}` or else the end of its first line. */
function parseObject(text: string): Record<string, unknown> | undefined {
  const lineEnd = text.search(LINE_BREAK);
  for (const end of [text.lastIndexOf('}') + 1, lineEnd === -1 ? text.length : lineEnd]) {
    try {
      const value: unknown = JSON.parse(text.slice(0, end));
      if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as Record<string, unknown>;
    } catch {
      // the next candidate end
    }
  }
  return undefined;
}
