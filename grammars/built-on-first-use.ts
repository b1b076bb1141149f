/**
 * Grammars are built on their first use, then kept: building a chevrotain lexer and parser
 * analyses the whole grammar, which was a sixth of a small log's run time, and most input never
 * needs them (src/parse reads well-formed records with fast paths that agree with the grammars,
 * and falls back to them only for anything else).
 */
export function builtOnFirstUse<T>(build: () => T): () => T {
  let value: T | undefined;
  return () => (value ??= build());
}
