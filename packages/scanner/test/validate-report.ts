import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';

/** docs/report.schema.json, as published. */
export const REPORT_SCHEMA_PATH = join(import.meta.dirname, '..', '..', '..', 'docs', 'report.schema.json');

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/**
 * The published schema lets consumers ignore unknown properties (the report only grows). Tests use
 * a strict copy that forbids undocumented properties, so every field the scanner writes must be in
 * the schema (and therefore in docs/report-schema.md).
 */
function strictCopy(schema: Json): Json {
  if (Array.isArray(schema)) return schema.map(strictCopy);
  if (schema === null || typeof schema !== 'object') return schema;
  const out: { [key: string]: Json } = {};
  for (const [key, value] of Object.entries(schema)) out[key] = key === 'properties' ? mapValues(value, strictCopy) : strictCopy(value);
  if (schema['type'] === 'object' && 'properties' in schema && !('additionalProperties' in schema)) out['unevaluatedProperties'] = false;
  return out;
}

function mapValues(value: Json, fn: (v: Json) => Json): Json {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fn(v)]));
}

function compile(strict: boolean) {
  const schema = JSON.parse(readFileSync(REPORT_SCHEMA_PATH, 'utf8')) as Json;
  const ajv = new Ajv2020.default({ allErrors: true, strict: true });
  addFormats.default(ajv);
  return ajv.compile((strict ? strictCopy(schema) : schema) as object);
}

let strictValidator: ReturnType<typeof compile> | undefined;
let publishedValidator: ReturnType<typeof compile> | undefined;

/** Validation errors of `report` against the schema (strict: no undocumented properties); [] when valid. */
export function reportSchemaErrors(report: unknown, options: { strict?: boolean } = {}): string[] {
  const validate =
    options.strict === false ? (publishedValidator ??= compile(false)) : (strictValidator ??= compile(true));
  if (validate(report)) return [];
  return (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''} ${JSON.stringify(e.params)}`);
}
