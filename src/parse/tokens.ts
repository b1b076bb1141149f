/**
 * What the readers of the grammars' tokens share: fast paths match a token type's own pattern, so
 * they take exactly what the lexer would, and visitors find where a token ends.
 */
import type { IToken, TokenType } from 'chevrotain';

/** A token type's pattern (a RegExp in these grammars), anchored where `lastIndex` says. */
export function stickyPattern(token: TokenType): RegExp {
  const pattern = token.PATTERN as RegExp;
  return new RegExp(pattern.source, `${pattern.flags}y`);
}

/**
 * Where a token ends (0-based, exclusive). The lexers track start offsets only: that is all they
 * need to be fast, and a line:column would be wrong for rebuilt text anyway.
 */
export function tokenEnd(token: IToken): number {
  return token.startOffset + token.image.length;
}
