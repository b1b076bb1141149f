/**
 * infer-mapping's public API: the pipeline's stages, each a function over plain data.
 *
 * Positions in diagnostics and records: `offset` is 0-based (UTF-16 code units from the start of
 * the source); `line` and `column` are 1-based.
 */
export { runPipeline, SourceUnreadable, type PipelineOptions, type PipelineResult, type Source } from './pipeline.js';
export { parseText, RecordReader, type ParsedSegment } from './parse/records.js';
export type { LogRecord, PyValue, CanonicalRequest, HttpRequest, CredentialScope } from './parse/types.js';
export { captureRequests, Capturer } from './capture/capture.js';
export type { CapturedRequest, RequestParams, CapturedResponse } from './capture/types.js';
export { inferOperation, type InferOptions, type InferResult } from './infer/infer.js';
export type { InferredOperation, InferredParameter, Protocol, BodyEncoding, ParameterLocation } from './infer/types.js';
export { defaultModelDirs, findModel } from './infer/model.js';
export { buildIntegrationModel, CallDigest, type IntegrateOptions, type IntegrateResult } from './integrate/integrate.js';
export type { IntegrationModel, MethodModel, Templated, TemplateParameter } from './integrate/types.js';
export { EMITTERS, emitterFor, type Artifact, type Emitter } from './emit/registry.js';
export { verifyModel, formatVerification, type MethodVerification } from './verify/verify.js';
export { renderTemplate, type MethodRequest, type RenderResult } from './verify/vtl.js';
export { sendSigned, credentialsFromEnv } from './verify/send.js';
export { diagnostic, formatDiagnostic, MESSAGES, type Diagnostic, type DiagnosticCode, type Position } from './diagnostics.js';
export { run, type CliIo } from './cli/run.js';
