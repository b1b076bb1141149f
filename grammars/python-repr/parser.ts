/**
 * The syntax of one Python repr value. Syntax only: what each construct means (a 1-tuple versus a
 * parenthesised value, a set versus a dict) is decided by the visitor in src/parse/python-repr.ts.
 */
import { CstParser } from 'chevrotain';
import { builtOnFirstUse } from '../built-on-first-use.js';
import {
  allTokens,
  BytesLiteral,
  CallStart,
  Colon,
  Comma,
  Equals,
  False,
  Identifier,
  LCurly,
  LParen,
  LSquare,
  None,
  NumberLiteral,
  Opaque,
  RCurly,
  RParen,
  RSquare,
  StringLiteral,
  True,
} from './lexer.js';

class PythonReprParser extends CstParser {
  constructor() {
    // Two tokens of lookahead tell a trailing comma (`, ]`) from another element (`, 1`).
    super(allTokens, { maxLookahead: 2 });
    this.performSelfAnalysis();
  }

  value = this.RULE('value', () => {
    this.OR([
      { ALT: () => this.SUBRULE(this.braces) },
      { ALT: () => this.SUBRULE(this.list) },
      { ALT: () => this.SUBRULE(this.parens) },
      { ALT: () => this.SUBRULE(this.call) },
      { ALT: () => this.CONSUME(StringLiteral) },
      { ALT: () => this.CONSUME(BytesLiteral) },
      { ALT: () => this.CONSUME(NumberLiteral) },
      { ALT: () => this.CONSUME(True) },
      { ALT: () => this.CONSUME(False) },
      { ALT: () => this.CONSUME(None) },
      { ALT: () => this.CONSUME(Opaque) },
      { ALT: () => this.CONSUME(Identifier) },
    ]);
  });

  /** `{}` is a dict; after the first element, `:` makes it a dict and anything else a set. */
  braces = this.RULE('braces', () => {
    this.CONSUME(LCurly);
    this.OPTION(() => {
      this.SUBRULE(this.value, { LABEL: 'first' });
      this.OR([{ ALT: () => this.SUBRULE(this.dictTail) }, { ALT: () => this.SUBRULE(this.setTail) }]);
    });
    this.CONSUME(RCurly);
  });

  dictTail = this.RULE('dictTail', () => {
    this.CONSUME(Colon);
    this.SUBRULE(this.value, { LABEL: 'firstValue' });
    this.MANY(() => {
      this.CONSUME(Comma);
      this.SUBRULE(this.entry);
    });
    this.OPTION(() => this.CONSUME2(Comma));
  });

  entry = this.RULE('entry', () => {
    this.SUBRULE(this.value, { LABEL: 'key' });
    this.CONSUME(Colon);
    this.SUBRULE2(this.value, { LABEL: 'value' });
  });

  setTail = this.RULE('setTail', () => {
    this.MANY(() => {
      this.CONSUME(Comma);
      this.SUBRULE(this.value);
    });
    this.OPTION(() => this.CONSUME2(Comma));
  });

  list = this.RULE('list', () => {
    this.CONSUME(LSquare);
    this.OPTION(() => this.SUBRULE(this.elements));
    this.CONSUME(RSquare);
  });

  /** A tuple, or one parenthesised value when it holds one element and no comma. */
  parens = this.RULE('parens', () => {
    this.CONSUME(LParen);
    this.OPTION(() => this.SUBRULE(this.elements));
    this.CONSUME(RParen);
  });

  elements = this.RULE('elements', () => {
    this.SUBRULE(this.value);
    this.MANY(() => {
      this.CONSUME(Comma);
      this.SUBRULE2(this.value);
    });
    this.OPTION(() => this.CONSUME2(Comma));
  });

  /** `Name(arg, key=arg)`: positional and keyword arguments, checked for syntax only. */
  call = this.RULE('call', () => {
    this.CONSUME(CallStart);
    this.OPTION(() => {
      this.OPTION2(() => {
        this.CONSUME(Identifier);
        this.CONSUME(Equals);
      });
      this.SUBRULE(this.value);
      this.MANY(() => {
        this.CONSUME(Comma);
        this.OPTION3(() => {
          this.CONSUME2(Identifier);
          this.CONSUME2(Equals);
        });
        this.SUBRULE2(this.value);
      });
      this.OPTION4(() => this.CONSUME2(Comma));
    });
    this.CONSUME(RParen);
  });
}

/** The one parser instance; set `input` and call `value()` for each parse. */
export const pythonReprParser = builtOnFirstUse(() => new PythonReprParser());
