/** The part of an OpenAPI 3 schema object the fuzzer reads; `$ref`s are resolved in what it is given. */
export interface SchemaNode {
  type?: string;
  format?: string;
  enum?: unknown[];
  example?: unknown;
  nullable?: boolean;
  properties?: Record<string, SchemaNode>;
  required?: string[];
  items?: SchemaNode;
  $ref?: string;
  allOf?: SchemaNode[];
}

/** A POST, PUT or PATCH route of a service, with its path and header parameters and its JSON body schema. */
export interface WriteEndpoint {
  method: string;
  /** The OpenAPI template, e.g. /patients/{id}/death. */
  path: string;
  pathParams: string[];
  headers: string[];
  body?: SchemaNode;
}

interface Operation {
  parameters?: Array<{ name: string; in: string }>;
  requestBody?: { content?: Record<string, { schema?: SchemaNode }> };
}

interface OpenApiDocument {
  paths: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, SchemaNode> };
}

const WRITE_METHODS = ['post', 'put', 'patch', 'delete'];

/** Every write endpoint of a running service, read from the OpenAPI document it serves. */
export async function writeEndpointsOf(serviceUrl: string): Promise<WriteEndpoint[]> {
  const response = await fetch(`${serviceUrl}/openapi.json`);
  if (!response.ok) throw new Error(`GET ${serviceUrl}/openapi.json answered ${response.status}`);
  const document = (await response.json()) as OpenApiDocument;
  const schemas = document.components?.schemas ?? {};
  return Object.entries(document.paths).flatMap(([path, operations]) =>
    Object.entries(operations)
      .filter(([method]) => WRITE_METHODS.includes(method))
      .map(([method, operation]) => endpoint(path, method, operation, schemas)),
  );
}

function endpoint(path: string, method: string, operation: Operation, schemas: Record<string, SchemaNode>): WriteEndpoint {
  const parameters = operation.parameters ?? [];
  const body = operation.requestBody?.content?.['application/json']?.schema;
  return {
    method: method.toUpperCase(),
    path,
    pathParams: parameters.filter((p) => p.in === 'path').map((p) => p.name),
    headers: parameters.filter((p) => p.in === 'header').map((p) => p.name.toLowerCase()),
    body: body && resolved(body, schemas),
  };
}

/** The schema with every `$ref` (and single-element `allOf`, Nest's shape of a nullable reference) inlined. */
function resolved(node: SchemaNode, schemas: Record<string, SchemaNode>, depth = 0): SchemaNode {
  if (depth > 20) throw new Error('schema nests deeper than 20 levels: a cycle?');
  if (node.$ref) {
    const target = schemas[node.$ref.replace('#/components/schemas/', '')];
    if (!target) throw new Error(`unknown schema ${node.$ref}`);
    return { ...resolved(target, schemas, depth + 1), nullable: node.nullable };
  }
  if (node.allOf?.length === 1) return { ...resolved(node.allOf[0], schemas, depth + 1), nullable: node.nullable };
  const properties = node.properties && Object.fromEntries(Object.entries(node.properties).map(([key, child]) => [key, resolved(child, schemas, depth + 1)]));
  return { ...node, properties, items: node.items && resolved(node.items, schemas, depth + 1) };
}

/** The kind of JSON value a schema asks for. */
export function kindOf(node: SchemaNode): 'object' | 'array' | 'string' | 'number' | 'integer' | 'boolean' {
  if (node.properties) return 'object';
  if (node.type === 'array' || node.items) return 'array';
  if (node.enum) return 'string';
  return (node.type as 'string' | 'number' | 'integer' | 'boolean' | undefined) ?? 'string';
}
