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
  parseFilter,
  parsePath,
  filterResources,
  applyPatch,
  checkPatch,
  customFieldAttribute,
  customFieldUrn,
  parseCustomFieldAttribute,
  customFieldsFromWrike,
  extensionSchema,
  checkDomain,
  wrikeView,
  plan,
  checkMany,
  planMany,
  ScimFilter,
  InvalidFilterError,
  InvalidPathError,
  PatchFailedError,
  InvalidCustomFieldError,
  InvalidProfileError,
  InvalidEmailError,
  InvalidUnicodeError,
  InvalidArgumentError,
  InternalError,
} from 'scimgate';
import type {
  Batch,
  BatchRecord,
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
  Patched,
  Members,
  Plan,
  PlanAction,
  PlanRequest,
  Change,
  WrikeView,
  DomainCheck,
  CustomField,
  ParsedCustomFieldAttribute,
  AttrPathInfo,
  PathInfo,
  DialectPreset,
  DialectSwitches,
  ProfileDoc,
  PatchRequest,
  PatchScimType,
  CustomFieldCatalog,
  WrikeCustomFieldsResponse,
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
  } else if (err instanceof InvalidUnicodeError) {
    const argument: string = err.argument;
    const code: 'invalid_unicode' = err.code;
    console.log(argument, code);
  } else if (err instanceof InvalidArgumentError) {
    const argument: string = err.argument;
    const code: 'invalid_argument' = err.code;
    const status: 400 = err.status;
    console.log(argument, code, status, err.toJSON().argument);
  } else if (err instanceof InternalError) {
    const status: 500 = err.status;
    const code: 'internal_error' = err.code;
    console.log(status, code, err.cause);
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

// ---- Filters, paths, PATCH, the Wrike profile (issues 3 and 4) ----
const dialect: DialectPreset = 'entra';
const switches: DialectSwitches = { preset: 'okta', dropPassword: false, valuePathCompare: true };
const profileDoc: ProfileDoc = {
  extends: 'wrike',
  userTypes: { values: ['Regular', 'External'], default: 'Regular', aliases: { wrike_external: 'External' } },
  domains: { approved: ['acme.com'], allowSubdomains: false },
  groups: { onRemove: 'disable' },
};
const response: WrikeCustomFieldsResponse = {
  kind: 'customfields',
  data: [{ id: 'IEAGWMBBJUAK4G7J', title: 'Completed Induction', type: 'Checkbox' }],
};
const wrikeOptions: Options = {
  profile: 'wrike',
  approvedDomains: ['acme.com', '@contoso.com'],
  allowSubdomains: true,
  userTypes: { aliases: { wrike_external: 'External' } },
  customFields: response,
  dialect,
  maxOperations: 100,
};
new Validator({ profile: profileDoc, dialect: switches, userTypes: ['Regular', 'Guest'] });

const filter: ScimFilter = parseFilter('userName eq "ada@acme.com"', { mode: 'lenient' });
notAny(filter, true);
const canonicalText: string = filter.toString();
const sourceText: string = filter.text;
const matched: boolean = filter.matches(user);
const matchedText: boolean = filter.matches('{"userName": "ada@acme.com"}');
const fromValidator: ScimFilter = new Validator({ dialect: 'entra' }).parseFilter('emails[type eq "work"].value pr');
const hits: JsonObject[] = filterResources(filter, [user, { userName: 'x' }]);
const hits2: JsonObject[] = filterResources('active eq true', '[]', { resourceType: 'User' });
notAny(hits, true);
console.log(canonicalText, sourceText, matched, matchedText, fromValidator, hits2);

const pathInfo: AttrPathInfo = parsePath('emails[type eq "work"].value');
notAny(pathInfo, true);
const urn: string | null = pathInfo.urn;
const sub: string | null = pathInfo.sub;
console.log(urn, sub, pathInfo.name, pathInfo.filter, pathInfo.text);

const patch: PatchRequest = { schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations: [{ op: 'replace', path: 'title', value: 'x' }] };
const patched: Patched = applyPatch(user, patch, { dialect: 'entra' });
notAny(patched, true);
const members: Members = patched.members;
const added: string[] = members.added;
const patchedReport: Report = patched.report;
const patchedResource: JsonObject = new Validator().applyPatch(JSON.stringify(user), JSON.stringify(patch)).resource;
console.log(added, patchedReport, patchedResource, patched.changes);
const patchCheck: Report = checkPatch(patch, { dialect: 'entra' });
const patchCheckText: Report = new Validator().checkPatch(JSON.stringify(patch));
console.log(patchCheck.issues.map((i) => i.path), patchCheckText.valid);

const attribute: string = customFieldAttribute('IEAGWMBBJUAK4G7J', 'Completed Induction');
const parsedAttr: ParsedCustomFieldAttribute = parseCustomFieldAttribute(attribute);
const fieldUrn: string = customFieldUrn('IEAGWMBBJUAK4G7J', 'Completed Induction');
const customUrn: string = customFieldUrn('IEAGWMBBJUAK4G7J', 'Completed Induction', 'urn:example:ext:2.0:User');
console.log(fieldUrn, customUrn);
const schemaUrn: string | undefined = parsedAttr.schema;
const fields: CustomField[] = customFieldsFromWrike(response);
const fieldType: string = fields[0]?.type ?? '';
const catalog: CustomFieldCatalog = fields;
const extSchema: SchemaDoc = extensionSchema(catalog, { profile: 'wrike' });
console.log(schemaUrn, fieldType, extSchema.attributes.length);

const domainCheck: DomainCheck = checkDomain('ada@acme.com', ['acme.com'], { allowSubdomains: true });
notAny(domainCheck, true);
const approved: boolean = domainCheck.approved;
const matchedDomain: string | undefined = domainCheck.matched;
checkDomain('ada@acme.com', ['acme.com']);
console.log(approved, matchedDomain);

const view: WrikeView = wrikeView(user, wrikeOptions);
notAny(view, true);
const loginEmail: string | null = view.loginEmail;
const omitted: string[] = view.omitted;
const viewActive: boolean = view.active;
const customValues: JsonObject = view.customFields;
const view2: WrikeView = new Validator(wrikeOptions).view(user);
console.log(loginEmail, omitted, viewActive, customValues, view2.userType);

const request: PlanRequest = { method: 'POST', body: user };
const provisioning: Plan = plan(request, wrikeOptions);
notAny(provisioning, true);
const action: PlanAction = provisioning.action;
const billable: boolean = provisioning.billable;
const firstChange: Change | undefined = provisioning.changes[0];
const kept: string[] = provisioning.kept;
const planned: JsonObject | undefined = provisioning.resource;
plan({ method: 'delete' });
plan({ method: 'PATCH', body: patch, current: user }, { resourceType: 'Group' });
new Validator(wrikeOptions).plan({ method: 'PUT', body: JSON.stringify(user), current: null });
console.log(action, billable, firstChange?.from, firstChange?.to, kept, planned);
switch (action) {
  case 'create':
  case 'update':
  case 'deactivate':
  case 'reactivate':
  case 'delete':
  case 'reject':
  case 'noop':
    break;
  default: {
    const never: never = action;
    console.log(never);
  }
}

try {
  applyPatch(user, patch);
} catch (err) {
  if (err instanceof InvalidFilterError) {
    const offset: number = err.offset;
    const expected: string = err.expected;
    console.log(offset, expected);
  } else if (err instanceof InvalidPathError) {
    console.log(err.offset, err.expected);
  } else if (err instanceof PatchFailedError) {
    const index: number | null = err.index;
    const why: PatchScimType = err.scimType;
    const code: 'patch_failed' = err.code;
    const problems: Issue[] = err.issues;
    console.log(index, why, code, problems.map((i) => i.loc));
  } else if (err instanceof InvalidCustomFieldError) {
    const code: 'invalid_custom_field' = err.code;
    console.log(code);
  } else if (err instanceof InvalidProfileError) {
    const where: string = err.path;
    console.log(where);
  } else if (err instanceof InvalidEmailError) {
    const e: ScimError = err;
    console.log(e.code);
  }
}

// What the declarations must refuse:
// @ts-expect-error parseFilter takes filter text, not an object
parseFilter({ filter: 'userName pr' });
// @ts-expect-error matches answers a boolean
const notAString: string = filter.matches(user);
// @ts-expect-error GET is not a method a plan knows
plan({ method: 'GET' });
// @ts-expect-error a plan needs a method
plan({ body: user });
// @ts-expect-error unknown dialect preset
new Validator({ dialect: 'azure' });
// @ts-expect-error unknown dialect switch
new Validator({ dialect: { preset: 'entra', stringBooleanz: true } });
// @ts-expect-error approvedDomains is a list
check(user, { approvedDomains: 'acme.com' });
// @ts-expect-error checkDomain takes a list of approved domains
checkDomain('ada@acme.com', 'acme.com');
// @ts-expect-error the index of a failed operation is a number or null, never undefined
const noIndex: undefined = new PatchFailedError('x').index;
// @ts-expect-error customFieldAttribute needs a title
customFieldAttribute('IEAGWMBBJUAK4G7J');
// @ts-expect-error customFieldUrn's extension is a string
customFieldUrn('IEAGWMBBJUAK4G7J', 'Completed Induction', 42);
// @ts-expect-error the user type of a view is JSON, the flag a boolean
const flag: string = view.userTypeDefaulted;
// @ts-expect-error a filter's text is read-only
filter.text = 'userName pr';
// @ts-expect-error Validator methods take no options: the Validator's are in force
new Validator().filterResources('userName pr', [user], { mode: 'lenient' });
// @ts-expect-error only InvalidArgumentError and InvalidUnicodeError name an argument
const noArgument: string = new InvalidOptionError('x').argument;
console.log(notAString, noIndex, flag, noArgument);

// Validator methods over the same options (the resolved ones in force).
const inForce = new Validator({ resourceType: 'Group' });
const groupHits: JsonObject[] = inForce.filterResources(inForce.parseFilter('displayName pr'), ['{"displayName": "x"}']);
const groupPath: PathInfo = inForce.parsePath('members[value eq "u1"]');
console.log(groupHits, groupPath);

// Batches: JSON lines or an array as text or bytes, or a list of records.
const batch: Batch = checkMany('{"userName": "a"}\n{"userName": "b"}', { mode: 'lenient' });
const firstRecord: BatchRecord | undefined = batch.records[0];
const firstLine: number | undefined = firstRecord?.line;
const recordError: JsonValue | undefined = firstRecord?.error;
const unreadable: number = batch.summary.unreadable;
const byAction: { [key: string]: number } = batch.summary.byAction;
const plannedBatch: Batch = new Validator().planMany([user], { method: 'PUT' });
const fromBytes: Batch = planMany(new TextEncoder().encode('[]'), { method: 'POST' }, { mode: 'lenient' });
console.log(firstLine, recordError, unreadable, byAction, plannedBatch, fromBytes);
if (firstRecord) {
  // @ts-expect-error a record's index is a number
  const badIndex: string = firstRecord.index;
  console.log(badIndex);
}
// @ts-expect-error a batch takes records, not a number
checkMany(42);
// @ts-expect-error planMany's method is an HTTP method
planMany('[]', { method: 'FETCH' });
// @ts-expect-error Validator.checkMany takes no options: the Validator's are in force
new Validator().checkMany('[]', { mode: 'lenient' });
