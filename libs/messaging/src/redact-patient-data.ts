export const REDACTED = '[redacted]';

type Rule = (text: string) => string;

/**
 * A message about to leave the process (a log line, a dead-letter header) with the values it
 * quotes taken out: the field path and the kind of problem stay, the value goes. Values are found
 * by their shape, since any library may quote one: avsc's "invalid <schema>: <value>", a quoted
 * string (PostgreSQL's `invalid input syntax for type uuid: "…"`), a key or row in PostgreSQL's
 * details, a URL query, an NHS number, a calendar date. Ids (UUIDs) and timestamps stay: they name a row or a moment, not a person.
 */
export function redactPatientData(text: string): string {
  return RULES.reduce((redacted, rule) => rule(redacted), text);
}

/** `/patients?nhsNumber=943…&x=y` → `/patients?nhsNumber=[redacted]&x=[redacted]`; paths (ids) stay. */
export const redactQueryValues: Rule = (text) => text.replace(/([?&][^=&#\s?"']+)=[^&#\s"']*/g, `$1=${REDACTED}`);

/**
 * avsc reports a value its schema refuses as `invalid <schema JSON>: <value JSON>`. The schema JSON
 * may itself hold ": " (in a doc), so the split is the first one after which the schema parses.
 */
const avroInvalidValue: Rule = (text) => {
  const match = /^invalid ([\s\S]+)$/.exec(text);
  if (!match) return text;
  const rest = match[1];
  for (let split = rest.indexOf(': '); split >= 0; split = rest.indexOf(': ', split + 1)) {
    const schema = parsedJson(rest.slice(0, split));
    if (schema !== undefined) return `invalid value for Avro type ${avroTypeName(schema)}`;
  }
  return text;
};

// A JSON key (followed by a colon) names a field and stays; a quoted value goes.
const quotedValues: Rule = (text) =>
  text
    .replace(/"(?:[^"\\\n]|\\.)*"(\s*:)?/g, (quoted, key?: string) => (key ? quoted : `"${REDACTED}"`))
    .replace(/(?<!\w)'[^'\n]*'(?!\w)/g, `'${REDACTED}'`);

// PostgreSQL's details: "Key (nhs_number)=(943…) already exists", "Failing row contains (…)".
const databaseDetails: Rule = (text) =>
  text.replace(/(\([^()]*\))=\([^()]*\)/g, `$1=(${REDACTED})`).replace(/(Failing row contains )\(.*\)/g, `$1(${REDACTED})`);

// Ten digits, as written or in groups of 3-3-4; a longer run (a timestamp in ms) is not one.
const nhsNumbers: Rule = (text) => text.replace(/\b\d{3}[ -]?\d{3}[ -]?\d{4}\b/g, REDACTED);

// A bare date (a birth date); an ISO timestamp ("2026-01-31T…") has no word boundary after its day and stays.
const calendarDates: Rule = (text) => text.replace(/\b(?:\d{4}-\d{2}-\d{2}|\d{1,2}\/\d{1,2}\/\d{4})\b/g, REDACTED);

const RULES: Rule[] = [avroInvalidValue, databaseDetails, redactQueryValues, quotedValues, nhsNumbers, calendarDates];

function parsedJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function avroTypeName(schema: unknown): string {
  if (typeof schema === 'string') return schema;
  if (Array.isArray(schema)) return 'union';
  const { name, type } = schema as { name?: unknown; type?: unknown };
  return String(name ?? type ?? 'unknown');
}
