// Generated from parser.ts by scripts/gen-cst-dts.ts (npm run gen:cst); do not edit.
import type { CstNode, ICstVisitor, IToken } from "chevrotain";

export interface ValueCstNode extends CstNode {
  name: "value";
  children: ValueCstChildren;
}

export type ValueCstChildren = {
  braces?: BracesCstNode[];
  list?: ListCstNode[];
  parens?: ParensCstNode[];
  call?: CallCstNode[];
  StringLiteral?: IToken[];
  BytesLiteral?: IToken[];
  NumberLiteral?: IToken[];
  True?: IToken[];
  False?: IToken[];
  None?: IToken[];
  Opaque?: IToken[];
  Identifier?: IToken[];
};

export interface BracesCstNode extends CstNode {
  name: "braces";
  children: BracesCstChildren;
}

export type BracesCstChildren = {
  LCurly: IToken[];
  first?: ValueCstNode[];
  dictTail?: DictTailCstNode[];
  setTail?: SetTailCstNode[];
  RCurly: IToken[];
};

export interface DictTailCstNode extends CstNode {
  name: "dictTail";
  children: DictTailCstChildren;
}

export type DictTailCstChildren = {
  Colon: IToken[];
  firstValue: ValueCstNode[];
  Comma?: (IToken)[];
  entry?: EntryCstNode[];
};

export interface EntryCstNode extends CstNode {
  name: "entry";
  children: EntryCstChildren;
}

export type EntryCstChildren = {
  key: ValueCstNode[];
  Colon: IToken[];
  value: ValueCstNode[];
};

export interface SetTailCstNode extends CstNode {
  name: "setTail";
  children: SetTailCstChildren;
}

export type SetTailCstChildren = {
  Comma?: (IToken)[];
  value?: ValueCstNode[];
};

export interface ListCstNode extends CstNode {
  name: "list";
  children: ListCstChildren;
}

export type ListCstChildren = {
  LSquare: IToken[];
  elements?: ElementsCstNode[];
  RSquare: IToken[];
};

export interface ParensCstNode extends CstNode {
  name: "parens";
  children: ParensCstChildren;
}

export type ParensCstChildren = {
  LParen: IToken[];
  elements?: ElementsCstNode[];
  RParen: IToken[];
};

export interface ElementsCstNode extends CstNode {
  name: "elements";
  children: ElementsCstChildren;
}

export type ElementsCstChildren = {
  value: (ValueCstNode)[];
  Comma?: (IToken)[];
};

export interface CallCstNode extends CstNode {
  name: "call";
  children: CallCstChildren;
}

export type CallCstChildren = {
  CallStart: IToken[];
  Identifier?: (IToken)[];
  Equals?: (IToken)[];
  value?: (ValueCstNode)[];
  Comma?: (IToken)[];
  RParen: IToken[];
};

export interface ICstNodeVisitor<IN, OUT> extends ICstVisitor<IN, OUT> {
  value(children: ValueCstChildren, param?: IN): OUT;
  braces(children: BracesCstChildren, param?: IN): OUT;
  dictTail(children: DictTailCstChildren, param?: IN): OUT;
  entry(children: EntryCstChildren, param?: IN): OUT;
  setTail(children: SetTailCstChildren, param?: IN): OUT;
  list(children: ListCstChildren, param?: IN): OUT;
  parens(children: ParensCstChildren, param?: IN): OUT;
  elements(children: ElementsCstChildren, param?: IN): OUT;
  call(children: CallCstChildren, param?: IN): OUT;
}
