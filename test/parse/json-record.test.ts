/** A record of the Lambda runtime's JSON log format, decoded into the text layout the grammar reads. */
import fc from 'fast-check';
import { decodeJsonRecord } from '../../src/parse/json-record.js';

const REQUEST_ID = '8f5e2a3c-51d4-4f6b-9a7e-2c1d0b9e4f31';
const HEADER = `[DEBUG]\t2026-12-06T18:15:14.927Z\t${REQUEST_ID}\t`;

/** A record as awslambdaric's JsonFormatter writes it, `message` encoded as JSON.stringify does (ASCII escapes for controls only). */
function record(message: string, rest = `, "logger": "botocore.endpoint", "requestId": "${REQUEST_ID}"}`): string {
  return `{"timestamp": "2026-12-06T18:15:14.927Z", "level": "DEBUG", "message": ${JSON.stringify(message)}${rest}`;
}

/** The same with every character outside ASCII written as a \u escape, as ensure_ascii=True would. */
function asciiRecord(message: string): string {
  return record(message).replace(/[^\x00-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

test('the header of the text layout, then the message; the logger is left out', () => {
  expect(decodeJsonRecord(`${record('No retry needed.')}\n`)?.text).toBe(`${HEADER}No retry needed.`);
  expect(decodeJsonRecord(record('hi', ', "logger": "botocore.hooks"}'))?.text).toBe('[DEBUG]\t2026-12-06T18:15:14.927Z\thi');
});

test('any message is decoded as JSON.parse reads it, each of its characters mapped to where it is written', () => {
  fc.assert(
    fc.property(fc.string({ unit: 'binary' }), fc.boolean(), (message, ascii) => {
      const json = ascii ? asciiRecord(message) : record(message);
      const decoded = decodeJsonRecord(`${json}\n`)!;
      expect(decoded.text).toBe(`${HEADER}${message}`);
      // Each character of the message is written at its offset: as itself, or as an escape of it.
      const messageAt = json.indexOf('"message": "') + '"message": "'.length;
      let written = messageAt;
      for (let i = 0; i < message.length; i++) {
        const at = decoded.toOriginal(HEADER.length + i);
        expect(at).toBe(written);
        const escape = /^\\(?:u[0-9a-fA-F]{4}|.)/.exec(json.slice(at));
        written += escape ? escape[0].length : 1;
      }
    }),
  );
});

test('records that are not JSON objects with a string message, level and time are no records', () => {
  for (const text of [
    '{"timestamp": "2026-12-06T18:15:14.927Z", "level": "DEBUG", "message": "never closed',
    '{"timestamp": "2026-12-06T18:15:14.927Z", "level": "DEBUG", "message": "hi", "logger": }',
    `${record('hi').slice(0, -1)}, "message": 42}`,
    '{"time": "2026-12-06T18:15:14.927Z", "level": "DEBUG", "message": "hi"}',
  ]) {
    expect(decodeJsonRecord(text)).toBeUndefined();
  }
});

test('a record ends at its last brace, or at the end of its line when what follows holds braces', () => {
  expect(decodeJsonRecord(`${record('hi')} START RequestId: ${REQUEST_ID}`)?.text).toBe(`${HEADER}hi`);
  expect(decodeJsonRecord(`${record('hi')}\n{"time": "2026-12-06T18:15:15.000Z", "type": "platform.report"}`)?.text).toBe(`${HEADER}hi`);
});

test('a record hard-wrapped at any width, an escape broken too, is read joined again, its characters still mapped to where they are written', () => {
  const message = 'CanonicalRequest:\nPOST\n/\n\nhost:sns.us-east-1.amazonaws.com\n\nhost\n"quoted" \\ ü';
  const json = record(message);
  for (const width of [7, 40, 80, 111]) {
    const folded = json.match(new RegExp(`.{1,${width}}`, 'g'))!.join('\n');
    const decoded = decodeJsonRecord(`${folded}\n`)!;
    expect(decoded.text).toBe(`${HEADER}${message}`);
    expect(decoded.firstBreak).toBe(width);
    // The characters of the message are where they are written in the folded text.
    for (let i = 0; i < message.length; i++) {
      const at = decoded.toOriginal(HEADER.length + i);
      expect(folded.slice(at).replace(/\n/g, '').startsWith(JSON.stringify(message[i]).slice(1, -1))).toBe(true);
    }
  }
  expect(decodeJsonRecord(`${json}\n`)!.firstBreak).toBeUndefined();
});
