/** Prints a pipeline stage for `--format records|requests|json`. */
import type { StageFormat } from './options.js';
import { utf8Text } from '../utf8.js';

/** Bytes print as text (they are log text: bodies, header values), everything else as is. */
function replacer(_key: string, value: unknown): unknown {
  if (value instanceof Uint8Array) return utf8Text(value);
  return value;
}

/**
 * The JSON document of one stage, `{ "version": 1, <key>: [items] }`, written item by item: the
 * same text as JSON.stringify(doc, replacer, 2), without the whole document ever in memory.
 * `json` is the public contract (version 1).
 */
export class StageWriter {
  private items = 0;
  /** `json` lists the inferred operations under `requests` (the contract's name for them). */
  private readonly key: 'records' | 'requests';
  /** Records and requests may hold Uint8Arrays; inferred operations are plain data. */
  private readonly holdsBytes: boolean;

  constructor(
    format: StageFormat,
    private readonly write: (text: string) => void,
  ) {
    this.key = format === 'records' ? 'records' : 'requests';
    this.holdsBytes = format !== 'json';
  }

  add(item: unknown): void {
    // A replacer takes JSON.stringify off its fast path: three times slower on a big log's operations.
    const text = (this.holdsBytes ? JSON.stringify(item, replacer, 2) : JSON.stringify(item, null, 2)).replaceAll('\n', '\n    ');
    this.write(`${this.items === 0 ? `{\n  "version": 1,\n  "${this.key}": [\n` : ',\n'}    ${text}`);
    this.items++;
  }

  end(): void {
    this.write(this.items === 0 ? `{\n  "version": 1,\n  "${this.key}": []\n}\n` : '\n  ]\n}\n');
  }
}
