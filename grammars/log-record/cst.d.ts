// Generated from parser.ts by scripts/gen-cst-dts.ts (npm run gen:cst); do not edit.
import type { CstNode, ICstVisitor, IToken } from "chevrotain";

export interface RecordCstNode extends CstNode {
  name: "record";
  children: RecordCstChildren;
}

export type RecordCstChildren = {
  cliHeader?: CliHeaderCstNode[];
  howtoHeader?: HowtoHeaderCstNode[];
  boto3Header?: Boto3HeaderCstNode[];
  lambdaHeader?: LambdaHeaderCstNode[];
  basicConfigHeader?: BasicConfigHeaderCstNode[];
  message: MessageCstNode[];
};

export interface CliHeaderCstNode extends CstNode {
  name: "cliHeader";
  children: CliHeaderCstChildren;
}

export type CliHeaderCstChildren = {
  Timestamp: IToken[];
  Dash: (IToken)[];
  thread: IToken[];
  logger: IToken[];
  Level: IToken[];
};

export interface HowtoHeaderCstNode extends CstNode {
  name: "howtoHeader";
  children: HowtoHeaderCstChildren;
}

export type HowtoHeaderCstChildren = {
  Timestamp: IToken[];
  Dash: (IToken)[];
  logger: IToken[];
  Level: IToken[];
};

export interface Boto3HeaderCstNode extends CstNode {
  name: "boto3Header";
  children: Boto3HeaderCstChildren;
}

export type Boto3HeaderCstChildren = {
  Timestamp: IToken[];
  Space: (IToken)[];
  logger: IToken[];
  BracketLevel: IToken[];
};

export interface LambdaHeaderCstNode extends CstNode {
  name: "lambdaHeader";
  children: LambdaHeaderCstChildren;
}

export type LambdaHeaderCstChildren = {
  LambdaLevel: IToken[];
  IsoTimestamp: IToken[];
  RequestId?: IToken[];
};

export interface BasicConfigHeaderCstNode extends CstNode {
  name: "basicConfigHeader";
  children: BasicConfigHeaderCstChildren;
}

export type BasicConfigHeaderCstChildren = {
  ColonLevel: IToken[];
  LoggerColon: IToken[];
};

export interface MessageCstNode extends CstNode {
  name: "message";
  children: MessageCstChildren;
}

export type MessageCstChildren = {
  makingRequest?: MakingRequestCstNode[];
  tag?: (IToken)[];
  Payload?: IToken[];
  OtherMessage?: IToken[];
};

export interface MakingRequestCstNode extends CstNode {
  name: "makingRequest";
  children: MakingRequestCstChildren;
}

export type MakingRequestCstChildren = {
  MakingRequestFor: IToken[];
  OperationName: IToken[];
  CloseParen: IToken[];
  VerifySsl?: IToken[];
  WithParams: IToken[];
  Payload?: IToken[];
};

export interface ICstNodeVisitor<IN, OUT> extends ICstVisitor<IN, OUT> {
  record(children: RecordCstChildren, param?: IN): OUT;
  cliHeader(children: CliHeaderCstChildren, param?: IN): OUT;
  howtoHeader(children: HowtoHeaderCstChildren, param?: IN): OUT;
  boto3Header(children: Boto3HeaderCstChildren, param?: IN): OUT;
  lambdaHeader(children: LambdaHeaderCstChildren, param?: IN): OUT;
  basicConfigHeader(children: BasicConfigHeaderCstChildren, param?: IN): OUT;
  message(children: MessageCstChildren, param?: IN): OUT;
  makingRequest(children: MakingRequestCstChildren, param?: IN): OUT;
}
