/**
 * The one error the VTL engine throws: a template API Gateway would refuse to render.
 *
 * API Gateway answers such a request with an error instead of calling the integration, so there is
 * no rendered request to diff; the verify stage turns a `VtlError` into a diagnostic of its own.
 */

/**
 * - `VTL_SYNTAX`: the template does not parse (unbalanced `#end`, `#else` outside `#if`, bad expression).
 * - `VTL_RUNTIME`: a Java method the template calls throws (bad index, bad regex, `null` argument,
 *   malformed `%` escape in `$util.urlDecode`, bad base64, bad JSON in `$util.parseJson`).
 * - `BODY_NOT_JSON`: `$input.json(...)` / `$input.path(...)` on a body that is not JSON.
 * - `JSONPATH_INVALID`: a JSONPath that does not parse.
 * - `OVERRIDE_REPEATED`: one `$context.requestOverride` / `responseOverride` entry set twice
 *   ("Overrides are final ... will result in 5XX responses", API Gateway developer guide,
 *   apigateway-override-request-response-parameters).
 * - `UNSUPPORTED`: a construct this engine does not emulate (JSONPath filters, Java regex features
 *   JavaScript lacks); the template may be fine for API Gateway.
 */
export type VtlErrorCode =
  | 'VTL_SYNTAX'
  | 'VTL_RUNTIME'
  | 'BODY_NOT_JSON'
  | 'JSONPATH_INVALID'
  | 'OVERRIDE_REPEATED'
  | 'UNSUPPORTED';

/** Where in the template a problem is. `offset` is 0-based (UTF-16 units); `line` and `column` are 1-based. */
export interface VtlPosition {
  offset: number;
  line: number;
  column: number;
}

/** A template API Gateway would not render. `pos` is absent when the place is unknown. */
export class VtlError extends Error {
  override readonly name = 'VtlError';
  constructor(
    readonly code: VtlErrorCode,
    message: string,
    readonly pos?: VtlPosition,
  ) {
    super(pos ? `${pos.line}:${pos.column}: ${message}` : message);
  }

  /** The same error, placed at `pos` unless it already has a place. */
  at(pos: VtlPosition | undefined): VtlError {
    if (this.pos || !pos) return this;
    const bare = this.message;
    return new VtlError(this.code, bare, pos);
  }
}

/**
 * A Java exception raised by an emulated Java method (`java.lang.StringIndexOutOfBoundsException`, ...).
 * Internal: the renderer turns it into a `VtlError` placed at the reference that called the method.
 */
export class JavaException extends Error {
  constructor(
    readonly javaClass: string,
    message: string,
    readonly code: VtlErrorCode = 'VTL_RUNTIME',
  ) {
    super(`${javaClass}: ${message}`);
  }
}
