import type { AvroSchema, EnumSchema, NamedSchema, RecordSchema } from '../avro-schema';
import { isPrimitive, namespaceOf, shortName } from './avro-names';
import { isArraySchema, isMapSchema, isRecordSchema } from './schema-shapes';
import { docComment, quote } from './ts-source';

/** What avsc decodes each primitive to: longs become numbers (avsc refuses longs beyond 2^53), bytes become Buffers. */
const primitiveTypes: Record<string, string> = {
  null: 'null',
  boolean: 'boolean',
  int: 'number',
  long: 'number',
  float: 'number',
  double: 'number',
  bytes: 'Buffer',
  string: 'string',
};

/** Generated module holding the TypeScript types of a namespace: care.events.identity → identity. */
export function typeModuleOf(fullName: string): string {
  const namespace = namespaceOf(fullName);
  if (!namespace) throw new Error(`${fullName}: named types need a namespace`);
  return namespace.replace(/^care\.events\./, '').replace(/\./g, '-');
}

/**
 * TypeScript interfaces (records) and string-literal enums of every definition, one module per
 * namespace, by module name. All modules are re-exported together, so short names must be unique.
 */
export function renderTypeModules(definitions: ReadonlyMap<string, NamedSchema>): Map<string, string> {
  const byShortName = new Map<string, string>();
  const byModule = new Map<string, NamedSchema[]>();
  for (const definition of [...definitions.values()].sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const clash = byShortName.get(shortName(definition.name));
    if (clash) throw new Error(`${clash} and ${definition.name} would both be exported as ${shortName(definition.name)}: rename one`);
    byShortName.set(shortName(definition.name), definition.name);
    const module = typeModuleOf(definition.name);
    byModule.set(module, [...(byModule.get(module) ?? []), definition]);
  }
  return new Map([...byModule].map(([module, members]) => [module, renderModule(module, members)]));
}

function renderModule(module: string, members: readonly NamedSchema[]): string {
  const imports = new Map<string, Set<string>>();
  const refer = (fullName: string): string => {
    const from = typeModuleOf(fullName);
    if (from !== module) imports.set(from, (imports.get(from) ?? new Set()).add(shortName(fullName)));
    return shortName(fullName);
  };
  const blocks = members.map((member) => renderDefinition(member, refer));
  const importLines = [...imports]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([from, names]) => `import type { ${[...names].sort().join(', ')} } from './${from}';\n`);
  return [importLines.join(''), ...blocks].filter((block) => block !== '').join('\n');
}

function renderDefinition(definition: NamedSchema, refer: (fullName: string) => string): string {
  const name = shortName(definition.name);
  const doc = docComment(definition.doc);
  if (isRecordSchema(definition)) return `${doc}export interface ${name} {\n${renderFields(definition, refer)}}\n`;
  if (definition.type === 'enum') return `${doc}${renderEnum(name, definition)}`;
  return `${doc}export type ${name} = Buffer;\n`;
}

function renderFields(record: RecordSchema, refer: (fullName: string) => string): string {
  return record.fields
    .map((field) => `${docComment(field.doc, '  ')}  ${field.name}: ${tsType(field.type, refer, `${record.name}.${field.name}`)};\n`)
    .join('');
}

/** A const object of the symbols plus a union type of the same name: decoded values are plain strings. */
function renderEnum(name: string, definition: EnumSchema): string {
  const symbols = definition.symbols.map((symbol) => `  ${symbol}: ${quote(symbol)},\n`).join('');
  return `export const ${name} = {\n${symbols}} as const;\nexport type ${name} = (typeof ${name})[keyof typeof ${name}];\n`;
}

function tsType(schema: AvroSchema, refer: (fullName: string) => string, where: string): string {
  if (typeof schema === 'string') return isPrimitive(schema) ? primitiveTypes[schema] : refer(schema);
  if (Array.isArray(schema)) {
    const branches = schema.filter((branch) => branch !== 'null');
    // avsc decodes other unions as wrapped objects ({ string: 'x' }), which these types do not describe.
    if (branches.length !== 1) throw new Error(`${where}: only unions of null and one other type are supported`);
    const type = tsType(branches[0], refer, where);
    return branches.length < schema.length ? `${type} | null` : type;
  }
  if (isArraySchema(schema)) {
    const items = tsType(schema.items, refer, where);
    return items.includes(' ') ? `(${items})[]` : `${items}[]`;
  }
  if (isMapSchema(schema)) return `Record<string, ${tsType(schema.values, refer, where)}>`;
  if (isPrimitive(schema.type)) return primitiveTypes[schema.type];
  throw new Error(`${where}: unexpected schema ${JSON.stringify(schema)}`);
}
