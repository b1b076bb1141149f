// Generated from parser.ts by scripts/gen-cst-dts.ts (npm run gen:cst); do not edit.
import type { CstNode, ICstVisitor, IToken } from "chevrotain";

export interface CanonicalRequestCstNode extends CstNode {
  name: "canonicalRequest";
  children: CanonicalRequestCstChildren;
}

export type CanonicalRequestCstChildren = {
  CrMethod: IToken[];
  CrMethodEnd: IToken[];
  CrUri: IToken[];
  CrUriEnd: IToken[];
  queryParam?: QueryParamCstNode[];
  CrAmp?: IToken[];
  CrQueryEnd: IToken[];
  canonicalHeader: CanonicalHeaderCstNode[];
  CrHeadersEnd: IToken[];
  CrSignedName: IToken[];
  CrSemicolon?: IToken[];
  CrSignedEnd?: IToken[];
  CrPayloadHash?: IToken[];
};

export interface QueryParamCstNode extends CstNode {
  name: "queryParam";
  children: QueryParamCstChildren;
}

export type QueryParamCstChildren = {
  key: IToken[];
  CrEquals?: IToken[];
  value?: IToken[];
};

export interface CanonicalHeaderCstNode extends CstNode {
  name: "canonicalHeader";
  children: CanonicalHeaderCstChildren;
}

export type CanonicalHeaderCstChildren = {
  CrHeaderName: IToken[];
  CrColon: IToken[];
  CrHeaderValue?: IToken[];
  CrHeaderEnd: IToken[];
};

export interface HttpRequestCstNode extends CstNode {
  name: "httpRequest";
  children: HttpRequestCstChildren;
}

export type HttpRequestCstChildren = {
  HttpMethod: IToken[];
  HttpSpace: (IToken)[];
  HttpTarget: IToken[];
  HttpVersion: IToken[];
  HttpRequestLineEnd?: IToken[];
  httpHeader?: HttpHeaderCstNode[];
  HttpHeadersEnd?: IToken[];
  HttpBody?: IToken[];
};

export interface HttpHeaderCstNode extends CstNode {
  name: "httpHeader";
  children: HttpHeaderCstChildren;
}

export type HttpHeaderCstChildren = {
  HttpHeaderName: IToken[];
  HttpColon: IToken[];
  HttpHeaderValue?: IToken[];
  HttpHeaderEnd?: IToken[];
};

export interface ExampleUrlCstNode extends CstNode {
  name: "exampleUrl";
  children: ExampleUrlCstChildren;
}

export type ExampleUrlCstChildren = {
  UrlSpace?: (IToken)[];
  UrlScheme: IToken[];
  host: IToken[];
  urlPath?: UrlPathCstNode[];
  UrlQuestion?: IToken[];
  urlParam?: (UrlParamCstNode)[];
  UrlAmp?: IToken[];
};

export interface UrlPathCstNode extends CstNode {
  name: "urlPath";
  children: UrlPathCstChildren;
}

export type UrlPathCstChildren = {
  part: (IToken)[];
};

export interface UrlParamCstNode extends CstNode {
  name: "urlParam";
  children: UrlParamCstChildren;
}

export type UrlParamCstChildren = {
  key?: (IToken)[];
  UrlEquals?: IToken[];
  value?: (IToken)[];
};

export interface ICstNodeVisitor<IN, OUT> extends ICstVisitor<IN, OUT> {
  canonicalRequest(children: CanonicalRequestCstChildren, param?: IN): OUT;
  queryParam(children: QueryParamCstChildren, param?: IN): OUT;
  canonicalHeader(children: CanonicalHeaderCstChildren, param?: IN): OUT;
  httpRequest(children: HttpRequestCstChildren, param?: IN): OUT;
  httpHeader(children: HttpHeaderCstChildren, param?: IN): OUT;
  exampleUrl(children: ExampleUrlCstChildren, param?: IN): OUT;
  urlPath(children: UrlPathCstChildren, param?: IN): OUT;
  urlParam(children: UrlParamCstChildren, param?: IN): OUT;
}
