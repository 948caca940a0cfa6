// Type-checked (tsc --noEmit, never run) use of every export of the npm package `scimgate`.
// The @ts-expect-error lines prove the declarations are precise: were anything `any`, they would
// stop being errors and tsc would fail on the unused directive.
import {
  check,
  normalize,
  loadSchemas,
  toScimError,
  Validator,
  ScimError,
  InvalidJsonError,
  PayloadTooLargeError,
  NestingTooDeepError,
  UnknownResourceTypeError,
  InvalidSchemaError,
  InvalidOptionError,
  NotAnObjectError,
} from 'scimgate';
import type {
  Options,
  ResolvedOptions,
  Report,
  Issue,
  Severity,
  Normalized,
  LoadedSchemas,
  SchemaDoc,
  ResourceTypeDoc,
  ScimErrorBody,
  ErrorCode,
  JsonObject,
  JsonValue,
  Input,
} from 'scimgate';

type IsAny<T> = 0 extends 1 & T ? true : false;
type Not<T extends boolean> = T extends true ? false : true;
const notAny = <T>(_x: T, ok: Not<IsAny<T>>): boolean => ok;

interface MyUser {
  schemas: string[];
  userName: string;
  active?: boolean | string;
}
const user: MyUser = { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: 'ada@example.com' };

const options: Options = { resourceType: 'User', operation: 'create', mode: 'lenient', maxBytes: 1 << 20, maxDepth: 32 };
const report: Report = check(user, options);
notAny(report, true);
const valid: boolean = report.valid;
const issues: Issue[] = report.issues;
const first = issues[0];
if (first) {
  const severity: Severity = first.severity;
  const code: string = first.code;
  const path: string = first.path;
  const message: string = first.message;
  const scimType: string | undefined = first.scimType;
  const status: number | undefined = first.status;
  console.log(severity, code, path, message, scimType, status);
  switch (severity) {
    case 'error':
    case 'warning':
    case 'info':
      break;
    default: {
      const never: never = severity;
      console.log(never);
    }
  }
}
check('{"userName": "ada"}');
check(user, null);
check(user, { resourceType: 'Group' });
check(user, { resourceType: 'Printer' });
check(user, { schemas: [{ id: 'urn:x', attributes: [] }] });
check(user, { profile: 'wrike', approvedDomains: ['example.com'], allowSubdomains: true, userTypes: ['Regular', 'External'] });

const normalized: Normalized = normalize(JSON.stringify(user), { mode: 'lenient' });
notAny(normalized, true);
const resource: JsonObject = normalized.resource;
const active: JsonValue | undefined = resource['active'];
const changes: Issue[] = normalized.changes;
console.log(valid, active, changes.length);

const loaded: LoadedSchemas = loadSchemas({ schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'], Resources: [] });
notAny(loaded, true);
const schemaDocs: SchemaDoc[] = loaded.schemas;
const ids: string[] = schemaDocs.map((s) => s.id);
const types: ResourceTypeDoc[] = loaded.resourceTypes;
const names: string[] = types.map((t) => `${t.name} ${t.schema} ${(t.schemaExtensions ?? []).map((e) => e.schema).join()}`);
const attributeTypes: string[] = schemaDocs.flatMap((s) => s.attributes.map((a) => a.type));
console.log(ids, names, attributeTypes);

const validator = new Validator({ mode: 'strict' });
const resolved: ResolvedOptions = validator.options;
const mode: 'strict' | 'lenient' = resolved.mode;
const maxBytes: number = validator.options.maxBytes;
const r2: Report = validator.check(user);
const n2: Normalized = validator.normalize('{}');
new Validator();
console.log(mode, maxBytes, r2, n2);

const body: ScimErrorBody | null = toScimError(report);
notAny(body, true);
if (body) {
  const status: string = body.status;
  console.log(status, body.schemas, body.scimType, body.detail);
}

const input: Input = user;
try {
  check(input);
} catch (err) {
  if (err instanceof InvalidJsonError) {
    const line: number = err.line;
    const column: number = err.column;
    const code: 'invalid_json' = err.code;
    console.log(line, column, code);
  } else if (err instanceof PayloadTooLargeError) {
    console.log(err.size, err.limit);
  } else if (err instanceof NestingTooDeepError) {
    console.log(err.limit);
  } else if (err instanceof UnknownResourceTypeError) {
    console.log(err.resourceType, err.known);
  } else if (err instanceof InvalidSchemaError) {
    console.log(err.path);
  } else if (err instanceof InvalidOptionError) {
    console.log(err.option);
  } else if (err instanceof NotAnObjectError) {
    console.log(err.found);
  } else if (err instanceof ScimError) {
    const code: ErrorCode | string = err.code;
    const scimType: string | null = err.scimType;
    const status: number = err.status;
    const e: Error = err;
    const errBody: ScimErrorBody | null = toScimError(err);
    console.log(code, scimType, status, e.message, errBody);
    // @ts-expect-error only InvalidJsonError has a line
    console.log(err.line);
  }
}
const custom = new ScimError('userName is taken', { code: 'uniqueness', scimType: 'uniqueness', status: 409 });
console.log(custom.status);

// What the declarations must refuse:
// @ts-expect-error mode is 'strict' | 'lenient'
check(user, { mode: 'loose' });
// @ts-expect-error unknown option
check(user, { bogus: true });
// @ts-expect-error a number is not a resource
check(42);
// @ts-expect-error valid is a boolean
const notANumber: number = check(user).valid;
// @ts-expect-error the status of an error body is a string
const statusNumber: number = toScimError(check(user))?.status ?? 0;
// @ts-expect-error options is read-only
validator.options = resolved;
// @ts-expect-error loadSchemas takes one argument
loadSchemas(user, options);
console.log(notANumber, statusNumber);
