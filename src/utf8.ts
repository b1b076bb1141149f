/**
 * Bytes as text, read one way by every stage. A leading byte order mark is part of the text:
 * the services and Java's decoder keep it (Lambda Invoke passes on the bytes it was given), where
 * a TextDecoder would drop it unless told.
 */
const LENIENT = new TextDecoder('utf-8', { ignoreBOM: true });
const STRICT = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** UTF-8 bytes as text, each malformed sequence as U+FFFD (as Java's decoder reads them too). */
export function utf8Text(bytes: Uint8Array): string {
  return LENIENT.decode(bytes);
}

/** UTF-8 bytes as text, or undefined when they are not valid UTF-8. */
export function validUtf8Text(bytes: Uint8Array): string | undefined {
  try {
    return STRICT.decode(bytes);
  } catch {
    return undefined;
  }
}

/**
 * Percent-encoded UTF-8 as text (query names, a copy source), or the text as written where it is
 * not valid percent-encoding: a malformed escape is the input's oddity, not a reason to lose it.
 */
export function percentDecoded(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
