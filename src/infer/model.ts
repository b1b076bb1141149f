/**
 * botocore service models: finding and loading them (model-load.ts, the only I/O), and reading
 * which input members a captured request sent (model-members.ts, pure). Types in model-types.ts.
 */
export type {
  BotocoreModel,
  MemberLocation,
  ModelHint,
  ModelMetadata,
  ModelOperation,
  ModelShape,
  Protocol,
  SentLocation,
  SentMember,
  SerializationTraits,
  ShapeRef,
  ShapeType,
  WireRequest,
  XmlNamespace,
} from './model-types.js';
export { alsoAccepts, membersSent, operationInput, outputHeaders, outputIsStream, responseSecrets } from './model-members.js';
export { defaultModelDirs, findModel, loadModel, loadOperation, modelDirProblem, operationOfRoute } from './model-load.js';
