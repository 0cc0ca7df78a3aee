import { kindOf, SchemaNode, WriteEndpoint } from './openapi-write-endpoints';
import { SeededRandom } from './seeded-random';
import { exampleOf, MISSING, WrongValue, wrongValues } from './wrong-values';

/** One request a service must refuse with a 4xx naming what is wrong, and without writing anything. */
export interface MalformedRequest {
  /** What is wrong with it, for the report, e.g. "PUT /patients/{id}/death dateOfDeath: a number". */
  label: string;
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string;
  /** What the answer may name as wrong: a field path (or one containing it), a path parameter, a header, or "body". */
  names: string[];
}

export interface KnownValues {
  /** Valid values of body fields by name, e.g. patientId: a registered patient, so requests get past lookups. */
  fields: Record<string, unknown>;
  /** A real id for the `{id}` of each path, by the path's first segment, e.g. medications: an existing medication. */
  resources: Record<string, string>;
}

interface FieldSite {
  path: string[];
  node: SchemaNode;
  required: boolean;
}

const BAD_IDS: Array<[string, string]> = [
  ['not a UUID', 'not-a-uuid'],
  ['a number', '42'],
  ['a UUID with a character too many', '00000000-0000-4000-8000-0000000000001'],
  ['a UUID without dashes', '000000000000400080000000000000000'],
  ['broken percent-encoding', '%E0%A4%A'],
  ['unicode', encodeURIComponent('٠٠٠٠٠٠٠٠-٠٠٠٠-٤٠٠٠-٨٠٠٠-٠٠٠٠٠٠٠٠٠٠٠٠')],
  ['a space', '%20'],
];

const BAD_BODIES: Array<[string, string]> = [
  ['invalid JSON: cut short', '{"a":'],
  ['invalid JSON: trailing comma', '{"a":1,}'],
  ['invalid JSON: single quotes', "{'a':1}"],
  ['invalid JSON: text after the object', '{}x'],
  ['a JSON array', '[]'],
  ['a JSON string', '"text"'],
  ['a JSON number', '42'],
  ['JSON null', 'null'],
  ['JSON true', 'true'],
];

/** Every malformed variation of every write endpoint, then seeded combinations of wrong fields up to `atLeast`. */
export function malformedRequests(endpoints: WriteEndpoint[], known: KnownValues, random: SeededRandom, atLeast = 0): MalformedRequest[] {
  const requests = endpoints.flatMap((endpoint) => [...pathMutations(endpoint, known), ...headerMutations(endpoint, known), ...bodyMutations(endpoint, known, random)]);
  const withBody = endpoints.filter((endpoint) => endpoint.body?.properties);
  while (requests.length < atLeast && withBody.length) requests.push(combination(random.pick(withBody), known, random));
  return requests;
}

function pathMutations(endpoint: WriteEndpoint, known: KnownValues): MalformedRequest[] {
  return endpoint.pathParams.flatMap((param) =>
    BAD_IDS.map(([what, id]) => ({ ...valid(endpoint, known), label: `${endpoint.method} ${endpoint.path} {${param}}: ${what}`, path: pathOf(endpoint, known, { [param]: id }), names: [param, 'path'] })),
  );
}

function headerMutations(endpoint: WriteEndpoint, known: KnownValues): MalformedRequest[] {
  const wrong: Array<[string, string]> = [['If-Match', 'soon']];
  return wrong
    .filter(([header]) => endpoint.headers.includes(header.toLowerCase()))
    .map(([header, value]) => ({ ...valid(endpoint, known), label: `${endpoint.method} ${endpoint.path} ${header}: ${value}`, headers: { [header.toLowerCase()]: value }, names: [header] }));
}

function bodyMutations(endpoint: WriteEndpoint, known: KnownValues, random: SeededRandom): MalformedRequest[] {
  if (!endpoint.body?.properties) return [];
  const example = exampleOf(endpoint.body, '', known.fields) as Record<string, unknown>;
  const base = valid(endpoint, known);
  const as = (what: string, body: string, names = ['body'], headers = {}): MalformedRequest => ({ ...base, label: `${endpoint.method} ${endpoint.path} body: ${what}`, body, names, headers });
  const required = endpoint.body.required ?? [];
  return [
    ...BAD_BODIES.map(([what, body]) => as(what, body)),
    as('the valid body inside an array', JSON.stringify([example])),
    as('larger than the limit', JSON.stringify({ ...example, padding: 'x'.repeat(300_000) })),
    as('valid JSON sent as text/plain', JSON.stringify(example), ['body'], { 'content-type': 'text/plain' }),
    as('a __proto__ field', JSON.stringify(example).replace('{', '{"__proto__":{"admin":true},'), ['__proto__']),
    as('an unknown field', JSON.stringify({ ...example, unexpectedField: 'x' }), ['unexpectedField']),
    as('an unknown field nested 2,000 deep', JSON.stringify({ ...example, deep: nested(2_000) }), ['deep']),
    ...(required.length ? [as('empty', '', required), as('an empty object', '{}', required)] : []),
    ...sitesOf(endpoint.body, []).flatMap((site) =>
      wrongValues(site.node, site.required, valueAt(example, site.path), random).map((wrong) => fieldRequest(base, endpoint, example, [[site, wrong]])),
    ),
  ];
}

/** Two or three wrong fields at once in one body: the answer must name at least one of them. */
function combination(endpoint: WriteEndpoint, known: KnownValues, random: SeededRandom): MalformedRequest {
  const example = exampleOf(endpoint.body as SchemaNode, '', known.fields) as Record<string, unknown>;
  const sites = sitesOf(endpoint.body as SchemaNode, []);
  const chosen = new Map<string, [FieldSite, WrongValue]>();
  for (let i = 0; i < 2 + random.below(2); i++) {
    const site = random.pick(sites);
    if ([...chosen.keys()].some((path) => path.startsWith(site.path.join('.')) || site.path.join('.').startsWith(path))) continue;
    chosen.set(site.path.join('.'), [site, random.pick(wrongValues(site.node, site.required, valueAt(example, site.path), random))]);
  }
  return fieldRequest(valid(endpoint, known), endpoint, example, [...chosen.values()]);
}

function fieldRequest(base: MalformedRequest, endpoint: WriteEndpoint, example: unknown, wrongs: Array<[FieldSite, WrongValue]>): MalformedRequest {
  const body = structuredClone(example) as Record<string, unknown>;
  wrongs.forEach(([site, wrong]) => setAt(body, site.path, wrong.value));
  const what = wrongs.map(([site, wrong]) => `${site.path.join('.')}: ${wrong.what}`).join(', ');
  const names = wrongs.flatMap(([site, wrong]) => [...ancestors(site.path), ...(wrong.alsoNamed ? [wrong.alsoNamed] : [])]);
  return { ...base, label: `${endpoint.method} ${endpoint.path} ${what}`, body: JSON.stringify(body), names };
}

/** The endpoint's path and body as a valid request would have them. */
function valid(endpoint: WriteEndpoint, known: KnownValues): MalformedRequest {
  const body = endpoint.body && JSON.stringify(exampleOf(endpoint.body, '', known.fields));
  return { label: `${endpoint.method} ${endpoint.path}`, method: endpoint.method, path: pathOf(endpoint, known), headers: {}, body, names: [] };
}

function pathOf(endpoint: WriteEndpoint, known: KnownValues, overrides: Record<string, string> = {}): string {
  const resource = endpoint.path.split('/')[1];
  return endpoint.path.replace(/\{(\w+)\}/g, (_, param: string) => {
    const id = overrides[param] ?? known.resources[resource];
    if (id === undefined) throw new Error(`no known ${resource} id for ${endpoint.method} ${endpoint.path}: give one in known.resources`);
    return id;
  });
}

/** Every field of a body, nested objects and the first element of arrays of objects included. */
function sitesOf(node: SchemaNode, path: string[]): FieldSite[] {
  const kind = kindOf(node);
  if (kind === 'object') {
    return Object.entries(node.properties ?? {}).flatMap(([key, child]) => [
      { path: [...path, key], node: child, required: node.required?.includes(key) ?? false },
      ...nestedSites(child, [...path, key]),
    ]);
  }
  return [];
}

function nestedSites(node: SchemaNode, path: string[]): FieldSite[] {
  if (kindOf(node) === 'object') return sitesOf(node, path);
  if (kindOf(node) === 'array' && node.items && kindOf(node.items) === 'object') return sitesOf(node.items, [...path, '0']);
  return [];
}

/** "observations.0.code.term" and every enclosing field ("observations.0.code", "observations.0", "observations"). */
const ancestors = (path: string[]) => path.map((_, i) => path.slice(0, path.length - i).join('.'));

function valueAt(body: unknown, path: string[]): unknown {
  return path.reduce<unknown>((value, key) => (value as Record<string, unknown> | undefined)?.[key], body);
}

function setAt(body: Record<string, unknown>, path: string[], value: unknown): void {
  const parent = valueAt(body, path.slice(0, -1)) as Record<string, unknown>;
  const key = path[path.length - 1];
  if (value === MISSING) delete parent[key];
  else parent[key] = value;
}

function nested(depth: number): unknown {
  let value: unknown = {};
  for (let i = 0; i < depth; i++) value = { deeper: value };
  return value;
}
