/**
 * Validation of HTTP responses against GitHub's official OpenAPI description
 * (`@octokit/openapi`, api.github.com, OpenAPI 3.0.3) with Ajv 8.
 *
 * OpenAPI 3.0 schemas are not JSON Schema; they are converted the standard way:
 * - `nullable: true` -> `type: [T, "null"]` (and `null` added to an `enum`), or
 *   `anyOf: [{type: "null"}, <schema>]` when the schema has no `type`;
 * - `oneOf` + `discriminator` -> the mapped schema is selected by the value of the
 *   discriminator property (OpenAPI semantics), falling back to the plain `oneOf` when
 *   the value is absent or unmapped;
 * - OpenAPI-only formats (`repo.nwo`, `timestamp`) are given validators.
 * Nothing else is relaxed: `required`, types, enums, formats and `additionalProperties`
 * are checked as written.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type Obj = { [k: string]: Json };

const SPEC_ID = 'https://api.github.com/openapi.json';

interface Operation {
  operationId: string;
  method: string;
  path: string;
  responses: Obj;
}

export interface CheckResult {
  operationId: string;
  status: number;
  /** Status declared by the operation (false: validated against basic-error as a generic error). */
  declared: boolean;
  errors: string[];
}

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function convertSchema(node: Json): Json {
  if (Array.isArray(node)) return node.map(convertSchema);
  if (!isObj(node)) return node;
  const out: Obj = {};
  for (const [k, v] of Object.entries(node)) {
    if (k === 'nullable' || k === 'discriminator' || k === 'example' || k === 'x-github' || k.startsWith('x-'))
      continue;
    if (k === 'properties' && isObj(v)) {
      const props: Obj = {};
      for (const [pk, pv] of Object.entries(v)) props[pk] = convertSchema(pv);
      out[k] = props;
    } else if (k === '$ref' && typeof v === 'string') {
      out[k] = v.startsWith('#/') ? `${SPEC_ID}${v}` : v;
    } else if (typeof v === 'object' && v !== null) {
      out[k] = convertSchema(v);
    } else {
      out[k] = v;
    }
  }
  let result: Obj = out;
  const disc = node.discriminator;
  if (isObj(disc) && typeof disc.propertyName === 'string' && isObj(disc.mapping) && Array.isArray(out.oneOf)) {
    const prop = disc.propertyName;
    const fallback: Obj = { oneOf: out.oneOf };
    let chain: Obj = fallback;
    for (const [value, ref] of Object.entries(disc.mapping).reverse()) {
      chain = {
        if: { type: 'object', required: [prop], properties: { [prop]: { const: value } } },
        then: { $ref: `${SPEC_ID}${String(ref)}` },
        else: chain,
      };
    }
    delete out.oneOf;
    result = { ...out, allOf: [...(Array.isArray(out.allOf) ? out.allOf : []), chain] };
  }
  if (node.nullable === true) {
    if (typeof result.type === 'string') {
      result.type = [result.type, 'null'];
      if (Array.isArray(result.enum) && !result.enum.includes(null)) result.enum = [...result.enum, null];
    } else {
      result = { anyOf: [{ type: 'null' }, result] };
    }
  }
  return result;
}

export class OpenApiValidator {
  readonly spec: Obj;
  readonly version: string;
  private readonly ajv: Ajv;
  private readonly ops = new Map<string, Operation>();
  private readonly cache = new Map<string, ValidateFunction>();

  constructor() {
    const require = createRequire(import.meta.url);
    const dir = dirname(require.resolve('@octokit/openapi'));
    this.spec = JSON.parse(readFileSync(join(dir, 'generated', 'api.github.com.json'), 'utf8')) as Obj;
    this.version = String(this.spec.openapi);
    for (const [path, item] of Object.entries(this.spec.paths as Obj)) {
      if (!isObj(item)) continue;
      for (const [method, op] of Object.entries(item)) {
        if (!isObj(op) || typeof op.operationId !== 'string') continue;
        this.ops.set(op.operationId, {
          operationId: op.operationId,
          method: method.toUpperCase(),
          path,
          responses: op.responses as Obj,
        });
      }
    }
    // Ajv's default meta-schema is draft-07: OpenAPI 3.0 schemas, once converted, are draft-07 schemas.
    const addFormats = addFormatsModule as unknown as (a: Ajv) => Ajv;
    this.ajv = new Ajv({ allErrors: true, strict: false, validateFormats: true });
    addFormats(this.ajv);
    this.ajv.addFormat('repo.nwo', /^[^/\s]+\/[^/\s]+$/);
    this.ajv.addFormat('timestamp', { type: 'number', validate: (n: number) => Number.isInteger(n) && n >= 0 });
    const components = this.spec.components as Obj;
    const schemas: Obj = {};
    for (const [name, s] of Object.entries(components.schemas as Obj)) schemas[name] = convertSchema(s);
    this.ajv.addSchema({ $id: SPEC_ID, components: { schemas } } as unknown as object);
  }

  operation(operationId: string): Operation {
    const op = this.ops.get(operationId);
    if (!op) throw new Error(`unknown operation ${operationId}`);
    return op;
  }

  private response(op: Operation, status: number): Obj | undefined {
    const r = op.responses[String(status)] ?? undefined;
    if (!isObj(r)) return undefined;
    if (typeof r.$ref === 'string') {
      const name = r.$ref.split('/').pop()!;
      return ((this.spec.components as Obj).responses as Obj)[name] as Obj;
    }
    return r;
  }

  private compile(key: string, schema: Json): ValidateFunction {
    let v = this.cache.get(key);
    if (!v) {
      v = this.ajv.compile(convertSchema(schema) as object);
      this.cache.set(key, v);
    }
    return v;
  }

  /** Validate one response: status, JSON body and the headers the description declares. */
  check(
    operationId: string,
    method: string,
    status: number,
    body: unknown,
    headers: Record<string, string>,
  ): CheckResult {
    const op = this.operation(operationId);
    const errors: string[] = [];
    if (op.method !== method.toUpperCase()) errors.push(`method ${method} but the operation is ${op.method}`);
    const resp = this.response(op, status);
    let declared = !!resp;
    let schema: Json | undefined;
    if (resp) {
      const content = resp.content;
      schema =
        isObj(content) && isObj(content['application/json']) ? (content['application/json'].schema as Json) : undefined;
      if (!schema && status !== 304 && status !== 204 && body !== undefined && body !== '') {
        // e.g. pulls/request-reviewers 422 and git/delete-ref 422 are declared without a body,
        // while GitHub sends its generic error body with them.
        if (status >= 400) schema = { $ref: '#/components/schemas/basic-error' };
        else errors.push(`status ${status} is declared without a body, but a body was sent`);
      }
      // Declared headers: Location is always sent by GitHub with 201; others are checked when present.
      if (isObj(resp.headers)) {
        for (const [name, h] of Object.entries(resp.headers)) {
          const value = headers[name.toLowerCase()];
          const hdef =
            isObj(h) && typeof h.$ref === 'string'
              ? (((this.spec.components as Obj).headers as Obj)[h.$ref.split('/').pop()!] as Obj)
              : (h as Obj);
          if (value === undefined) {
            if (name.toLowerCase() === 'location') errors.push(`missing header ${name}`);
            continue;
          }
          const hs = hdef.schema as Json | undefined;
          if (hs) {
            const parsed = isObj(hs) && (hs.type === 'integer' || hs.type === 'number') ? Number(value) : value;
            const v = this.compile(`header:${JSON.stringify(hs)}`, hs);
            if (!v(parsed)) errors.push(`header ${name}: ${this.ajv.errorsText(v.errors)}`);
          }
        }
      }
    } else if (status === 304 && op.method === 'GET') {
      // Any conditional GET may be answered 304 (GitHub documents it per endpoint only sometimes).
      declared = false;
    } else if (status >= 400) {
      // Rate limits (403/429), authentication (401) and server errors may answer any operation:
      // they are validated against GitHub's generic error shape.
      schema = { $ref: '#/components/schemas/basic-error' };
    } else {
      errors.push(`status ${status} is not declared for ${operationId}`);
    }
    if (status === 304 || status === 204) {
      if (body !== undefined && body !== '') errors.push(`status ${status} must have an empty body`);
    } else if (schema) {
      const v = this.compile(`${operationId}:${status}:${declared}`, schema);
      if (!v(body)) {
        for (const e of v.errors ?? [])
          errors.push(`${e.instancePath || '/'} ${e.message ?? ''} ${JSON.stringify(e.params)}`);
      }
    }
    return { operationId, status, declared, errors };
  }

  /** Validate an object against a named component schema. */
  checkComponent(name: string, data: unknown): string[] {
    const v = this.compile(`component:${name}`, { $ref: `#/components/schemas/${name}` });
    return v(data) ? [] : (v.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''}`);
  }
}
