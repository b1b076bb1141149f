/**
 * Plays API Gateway: from a method and a method request, builds the integration request it
 * would send to the service (method, URL, headers, body).
 */
import { withDefaults } from '../emit/templated.js';
import { pathEncode } from '../integrate/templates.js';
import { partitionOf } from '../integrate/services.js';
import type { IntegrationModel, MethodModel } from '../integrate/types.js';
import { renderTemplate, VtlError, type MethodRequest } from './vtl.js';

export interface IntegrationRequest {
  /** What API Gateway signs for: the service's SigV4 signing name and the URI's region. */
  signingName: string;
  region: string;
  method: string;
  /** `https://{service}.{region}.amazonaws.com{path}?{query}` (`.com.cn` in China; a global service's host has no region): where the URI sends it. */
  url: string;
  headers: Array<[string, string]>;
  body: string;
}

export interface RebuildResult {
  request?: IntegrationRequest;
  /** Why API Gateway would refuse the method request (415, a missing template...). */
  refused?: string;
}

function lookup(map: Record<string, string>, name: string): string | undefined {
  const lower = name.toLowerCase();
  return Object.entries(map).find(([k]) => k.toLowerCase() === lower)?.[1];
}

/**
 * A `requestParameters` value: `'static'`, or `method.request.{location}.{name}`; the values of
 * `method.request.multivaluequerystring.{name}`, which is the `querystring` value alone when the
 * client sent it once.
 */
function parameterValues(source: string, request: MethodRequest): string[] {
  if (source.startsWith("'") && source.endsWith("'") && source.length >= 2) return [source.slice(1, -1)];
  const match = /^method\.request\.(path|querystring|multivaluequerystring|header)\.(.+)$/.exec(source);
  if (!match) return [];
  const [, location, name] = match as unknown as [string, 'path' | 'querystring' | 'multivaluequerystring' | 'header', string];
  if (location === 'multivaluequerystring') return request.multiValueQuerystring?.[name] ?? (request.querystring[name] === undefined ? [] : [request.querystring[name]]);
  const value = location === 'header' ? lookup(request.header, name) : request[location][name];
  return value === undefined ? [] : [value];
}

/** Builds the integration request API Gateway would send for `request`. */
export function rebuildRequest(model: IntegrationModel, method: MethodModel, request: MethodRequest): RebuildResult {
  const integration = method.integration;
  // API Gateway picks the template by the client's media type, application/json when it sends none.
  const contentType = (lookup(request.header, 'content-type') ?? 'application/json').split(';')[0]!.trim().toLowerCase();
  const templates = Object.entries(integration.requestTemplates);
  const template = templates.find(([type]) => type.toLowerCase() === contentType)?.[1];
  if (!template && templates.length > 0 && integration.passthroughBehavior !== 'WHEN_NO_MATCH') {
    return { refused: `415 Unsupported Media Type: no template for ${contentType} and passthroughBehavior ${integration.passthroughBehavior}` };
  }
  // A binary media type's body reaches the template base64-encoded under CONVERT_TO_TEXT; a text
  // body as it is.
  const converted = integration.contentHandling === 'CONVERT_TO_TEXT' && model.binaryMediaTypes.some((type) => type === '*/*' || type.toLowerCase() === contentType);
  const input = converted ? { ...request, body: Buffer.from(request.bodyBytes ?? Buffer.from(request.body, 'utf8')).toString('base64') } : request;
  let rendered: ReturnType<typeof renderTemplate> | undefined;
  try {
    rendered = template ? renderTemplate(withDefaults(model, template), input) : undefined;
  } catch (error) {
    // API Gateway answers a template that fails to render with a 5XX; the message says where.
    if (error instanceof VtlError) return { refused: `the ${contentType} template fails: ${error.message}` };
    throw error;
  }
  const body = rendered ? rendered.output : request.body;

  const mapped: Record<'path' | 'querystring' | 'header', Array<[string, string]>> = { path: [], querystring: [], header: [] };
  for (const [target, source] of Object.entries(integration.requestParameters)) {
    const match = /^integration\.request\.(path|querystring|multivaluequerystring|header)\.(.+)$/.exec(target);
    if (!match) continue;
    const location = match[1] === 'multivaluequerystring' ? 'querystring' : (match[1] as 'path' | 'querystring' | 'header');
    const values = parameterValues(withDefaults(model, source), request);
    // A single-valued target takes the last value, as API Gateway keeps the last of repeated ones.
    for (const value of match[1] === 'multivaluequerystring' ? values : values.slice(-1)) mapped[location].push([match[2]!, value]);
  }
  // $context.requestOverride wins over requestParameters, as API Gateway documents.
  for (const location of ['path', 'querystring', 'header'] as const) {
    for (const [name, value] of Object.entries(rendered?.overrides[location] ?? {})) {
      mapped[location] = mapped[location].filter(([k]) => k.toLowerCase() !== name.toLowerCase());
      mapped[location].push([name, value]);
    }
  }

  const uri = withDefaults(model, integration.uri);
  const match = /^arn:aws[a-z-]*:apigateway:([^:]+):([^:]+):(action|path)\/(.*)$/.exec(uri);
  if (!match) return { refused: `the integration URI ${uri} is not an AWS service URI` };
  const [, region, service, kind, rest] = match;
  // A global service (IAM, Route 53) answers at its one endpoint without a region, which the call went to.
  const { dnsSuffix } = partitionOf(region!);
  const globalHost = `${service}.${dnsSuffix}`;
  const host = method.operation.host === globalHost ? globalHost : `${service}.${region}.${dnsSuffix}`;
  let path: string;
  const query = new URLSearchParams();
  if (kind === 'action') {
    path = '/';
    query.append('Action', rest!);
  } else {
    path = rest!.startsWith('/') ? rest! : `/${rest!}`;
    path = path.replace(/\{([^}]+)\}/g, (_all, name: string) => {
      // A method-request path value holds a `/` only from a greedy resource label.
      return pathEncode(mapped.path.find(([k]) => k === name)?.[1] ?? '', true);
    });
  }
  for (const [k, v] of mapped.querystring) query.append(k, v);
  const search = query.toString();
  return {
    request: {
      signingName: method.operation.service,
      region: region!,
      method: integration.httpMethod,
      url: `https://${host}${path}${search ? `?${search}` : ''}`,
      headers: mapped.header,
      body,
    },
  };
}
