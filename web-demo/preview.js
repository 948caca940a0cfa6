// The provisioning preview: a directory user and an IdP's attribute mapping become the request the
// IdP sends to Wrike (mapUser), with its issues, what Wrike stores and the plan. State lives in the
// URL hash (deflate-compressed JSON) and in localStorage.
import {
  mapUser,
  defaultMapping,
  customFieldRules,
  parseExpression,
  toScimError,
  ScimError,
  InvalidJsonError,
  InvalidExpressionError,
  InvalidMappingError,
} from './pkg/web.js';
import { SAMPLE_USERS, SAMPLE_CUSTOM_FIELDS, FUNCTIONS, LANGUAGE_NAMES } from './samples.js';

const STORAGE_KEY = 'scimgate-preview-v1';
const FIXED_NOW = '2024-01-15T09:30:00Z';
const FIXED_SEED = 42;

const $ = (id) => document.getElementById(id);
const els = {
  idp: $('idp'),
  operation: $('map-operation'),
  deterministic: $('deterministic'),
  reset: $('reset-idp'),
  source: $('source'),
  currentWrap: $('current-wrap'),
  current: $('current'),
  currentFromCreate: $('current-from-create'),
  rulesBody: $('rules-body'),
  addRule: $('add-rule'),
  fnLanguage: $('fn-language'),
  fnList: $('fn-list'),
  domains: $('map-domains'),
  userTypes: $('map-user-types'),
  customFields: $('custom-fields'),
  importFields: $('import-fields'),
  customFieldsStatus: $('custom-fields-status'),
  status: $('map-status'),
  error: $('map-error'),
  errorMessage: $('map-error-message'),
  errorCaret: $('map-error-caret'),
  method: $('request-method'),
  path: $('request-path'),
  matching: $('request-matching'),
  body: $('request-body'),
  issues: $('map-issues'),
  issuesBody: $('map-issues-body'),
  noIssues: $('map-no-issues'),
  planAction: $('map-plan-action'),
  planBillable: $('map-plan-billable'),
  planSummary: $('map-plan-summary'),
  scimErrorSection: $('map-scim-error-section'),
  scimError: $('map-scim-error'),
  viewSection: $('map-view-section'),
  viewBody: $('map-view-body'),
  viewNone: $('map-view-none'),
  valuesBody: $('map-values-body'),
};

// ---------------------------------------------------------------------------------------------
// Rules: the table's rows <-> mapping rules.

/** A row's state: {target, kind, value, default, apply, matching} (all strings but matching). */
function ruleToRow(rule) {
  const src = rule.source ?? {};
  let kind = 'attribute';
  let value = '';
  if ('expression' in src) {
    kind = 'expression';
    value = src.expression;
  } else if ('constant' in src) {
    kind = 'constant';
    value = typeof src.constant === 'string' ? src.constant : JSON.stringify(src.constant);
  } else {
    value = src.attribute ?? '';
  }
  return {
    target: rule.target ?? '',
    kind,
    value,
    default: rule.default === undefined ? '' : typeof rule.default === 'string' ? rule.default : JSON.stringify(rule.default),
    apply: rule.apply === 'onCreate' ? 'onCreate' : 'always',
    matching: Boolean(rule.matching),
    precedence: rule.precedence,
  };
}

/** A constant or default as typed: JSON when it reads as a JSON literal, else the text. */
function literal(text) {
  const t = text.trim();
  if (/^(true|false|null|-?\d+(\.\d+)?([eE][+-]?\d+)?)$/.test(t) || /^["[{]/.test(t)) {
    try {
      return JSON.parse(t);
    } catch {
      return text;
    }
  }
  return text;
}

function rowToRule(row) {
  const source =
    row.kind === 'expression' ? { expression: row.value } : row.kind === 'constant' ? { constant: literal(row.value) } : { attribute: row.value };
  const rule = { target: row.target, source };
  if (row.default !== '') rule.default = literal(row.default);
  if (row.apply === 'onCreate') rule.apply = 'onCreate';
  if (row.matching) {
    rule.matching = true;
    if (row.precedence) rule.precedence = row.precedence;
  }
  return rule;
}

let rows = [];
/** The tab the loaded state had open. */
let savedTab = null;

function field(tag, props, label) {
  const el = document.createElement(tag);
  Object.assign(el, props);
  if (label) el.setAttribute('aria-label', label);
  return el;
}

function option(value, text, selected) {
  const o = document.createElement('option');
  o.value = value;
  o.textContent = text;
  o.selected = selected;
  return o;
}

/** Rebuild the rules table from `rows`. */
function renderRules() {
  els.rulesBody.replaceChildren(
    ...rows.map((row, i) => {
      const n = i + 1;
      const tr = document.createElement('tr');
      tr.dataset.rule = String(i);
      const td = (cls, label, ...kids) => {
        const c = document.createElement('td');
        c.className = cls;
        c.dataset.label = label;
        c.append(...kids);
        return c;
      };
      const target = field('input', { type: 'text', value: row.target, className: 'rule-target-input', spellcheck: false, autocomplete: 'off' }, `Rule ${n} target`);
      target.addEventListener('input', () => {
        row.target = target.value;
        changed();
      });
      const kind = field('select', { className: 'rule-kind' }, `Rule ${n} source kind`);
      kind.append(option('attribute', 'attribute', row.kind === 'attribute'), option('constant', 'constant', row.kind === 'constant'), option('expression', 'expression', row.kind === 'expression'));
      kind.addEventListener('change', () => {
        row.kind = kind.value;
        changed();
      });
      const value = field('input', { type: 'text', value: row.value, className: 'rule-value-input', spellcheck: false, autocomplete: 'off' }, `Rule ${n} value`);
      value.addEventListener('input', () => {
        row.value = value.value;
        changed();
      });
      const err = field('p', { className: 'rule-error', hidden: true });
      err.id = `rule-error-${i}`;
      err.setAttribute('role', 'status');
      const caret = field('pre', { className: 'caret rule-caret', hidden: true });
      value.setAttribute('aria-describedby', err.id);
      const def = field('input', { type: 'text', value: row.default, className: 'rule-default-input', spellcheck: false, autocomplete: 'off' }, `Rule ${n} default`);
      def.addEventListener('input', () => {
        row.default = def.value;
        changed();
      });
      const apply = field('select', { className: 'rule-apply' }, `Rule ${n} applies`);
      apply.append(option('always', 'always', row.apply !== 'onCreate'), option('onCreate', 'on create', row.apply === 'onCreate'));
      apply.addEventListener('change', () => {
        row.apply = apply.value;
        changed();
      });
      const matching = field('input', { type: 'checkbox', checked: row.matching, className: 'rule-matching' }, `Rule ${n} is a matching attribute`);
      matching.addEventListener('change', () => {
        row.matching = matching.checked;
        changed();
      });
      const remove = field('button', { type: 'button', className: 'secondary small rule-remove', textContent: 'Remove' }, `Remove rule ${n}`);
      remove.addEventListener('click', () => {
        rows.splice(i, 1);
        renderRules();
        changed();
        (els.rulesBody.querySelector(`tr[data-rule="${Math.min(i, rows.length - 1)}"] .rule-remove`) ?? els.addRule).focus();
      });
      tr.append(
        td('rule-target', 'Target', target),
        td('rule-kind-cell', 'Source', kind),
        td('rule-value', 'Value', value, err, caret),
        td('rule-default', 'Default', def),
        td('rule-apply-cell', 'Apply', apply),
        td('rule-matching-cell', 'Matching', matching),
        td('rule-actions', '', remove),
      );
      return tr;
    }),
  );
}

// ---------------------------------------------------------------------------------------------
// Offsets and carets.

/** The UTF-16 index in `text` of a UTF-8 byte offset (scimgate's offsets count bytes). */
export function charIndex(text, byteOffset) {
  let bytes = 0;
  let index = 0;
  for (const ch of text) {
    if (bytes >= byteOffset) break;
    bytes += new TextEncoder().encode(ch).length;
    index += ch.length;
  }
  return index;
}

/** The line of `text` holding char index `at`, and a caret under it. */
function caretText(text, at) {
  const start = text.lastIndexOf('\n', at - 1) + 1;
  const endNl = text.indexOf('\n', at);
  const line = text.slice(start, endNl === -1 ? text.length : endNl);
  return `${line}\n${' '.repeat(at - start)}^`;
}

/** Show (or clear) the error of rule `i`: message, and the caret when an offset is known. */
function setRuleError(i, message, offset) {
  const tr = els.rulesBody.querySelector(`tr[data-rule="${i}"]`);
  if (!tr) return;
  const err = tr.querySelector('.rule-error');
  const caret = tr.querySelector('.rule-caret');
  tr.classList.toggle('has-error', message !== null);
  err.hidden = message === null;
  err.textContent = message ?? '';
  if (message !== null && offset !== null && offset !== undefined) {
    const text = rows[i].value;
    const at = charIndex(text, offset);
    tr.dataset.offset = String(offset);
    caret.textContent = caretText(text, at);
    caret.hidden = false;
  } else {
    delete tr.dataset.offset;
    caret.hidden = true;
    caret.textContent = '';
  }
}

/** Parse each expression row in the IdP's language; errors appear under the row with a caret. */
function checkExpressions(language) {
  rows.forEach((row, i) => {
    if (row.kind !== 'expression') return setRuleError(i, null);
    try {
      parseExpression(row.value, { language });
      setRuleError(i, null);
    } catch (err) {
      if (err instanceof InvalidExpressionError) setRuleError(i, `${err.message} (expected ${err.expected}, at byte ${err.offset})`, err.offset);
      else setRuleError(i, String(err?.message ?? err), null);
    }
  });
}

// ---------------------------------------------------------------------------------------------
// The request body, rendered as JSON whose values carry their location (data-loc) so issues can
// highlight them.

function renderJson(value, loc, indent, out) {
  const pad = '  '.repeat(indent);
  const span = document.createElement('span');
  span.dataset.loc = JSON.stringify(loc);
  if (Array.isArray(value)) {
    if (value.length === 0) span.append('[]');
    else {
      span.append('[\n');
      value.forEach((v, i) => {
        span.append(`${pad}  `);
        renderJson(v, [...loc, i], indent + 1, span);
        span.append(i < value.length - 1 ? ',\n' : '\n');
      });
      span.append(`${pad}]`);
    }
  } else if (value !== null && typeof value === 'object') {
    const keys = Object.keys(value);
    if (keys.length === 0) span.append('{}');
    else {
      span.append('{\n');
      keys.forEach((k, i) => {
        span.append(`${pad}  ${JSON.stringify(k)}: `);
        renderJson(value[k], [...loc, k], indent + 1, span);
        span.append(i < keys.length - 1 ? ',\n' : '\n');
      });
      span.append(`${pad}}`);
    }
  } else {
    span.append(JSON.stringify(value));
  }
  out.append(span);
}

/** Mark the deepest rendered value on each issue's location. */
function highlight(pre, issues) {
  const spans = new Map([...pre.querySelectorAll('span[data-loc]')].map((s) => [s.dataset.loc, s]));
  for (const issue of issues) {
    const loc = Array.isArray(issue.loc) ? [...issue.loc] : [];
    if (loc.length === 0) continue;
    while (loc.length > 0 && !spans.has(JSON.stringify(loc))) loc.pop();
    const span = spans.get(JSON.stringify(loc));
    if (!span || loc.length === 0) continue;
    span.classList.add('flagged');
    if (issue.severity !== 'error' && !span.dataset.codes) span.classList.add(issue.severity);
    if (issue.severity === 'error') span.classList.remove('warning', 'info');
    span.dataset.codes = [span.dataset.codes, issue.code].filter(Boolean).join(' ');
    span.title = [span.title, `${issue.code}: ${issue.message}`].filter(Boolean).join('\n');
  }
}

// ---------------------------------------------------------------------------------------------
// Options and the run.

const list = (text) =>
  text
    .split(',')
    .map((d) => d.trim())
    .filter((d) => d.length > 0);

/** The custom-field catalog typed in, or null (and why not). */
function catalog() {
  const text = els.customFields.value.trim();
  if (text === '') return { value: null };
  try {
    return { value: JSON.parse(text) };
  } catch (err) {
    return { value: null, error: `The custom fields are not JSON: ${err.message}` };
  }
}

function options() {
  const opts = { profile: 'wrike' };
  const domains = list(els.domains.value);
  if (domains.length) opts.approvedDomains = domains;
  const types = list(els.userTypes.value);
  if (types.length) opts.userTypes = types;
  const fields = catalog().value;
  if (fields !== null) opts.customFields = fields;
  return opts;
}

function settings(current) {
  const s = { operation: els.operation.value };
  if (els.operation.value === 'update') s.current = current;
  if (els.deterministic.checked) {
    s.now = FIXED_NOW;
    s.seed = FIXED_SEED;
  }
  return s;
}

function mapping() {
  return { idp: els.idp.value, rules: rows.map(rowToRule) };
}

function setStatus(state, text) {
  els.status.dataset.state = state;
  els.status.textContent = text;
}

function showError(message, caret) {
  els.error.hidden = false;
  els.errorMessage.textContent = message;
  els.errorCaret.hidden = !caret;
  els.errorCaret.textContent = caret ?? '';
}

function clearPanes() {
  els.method.textContent = '';
  els.path.textContent = '';
  els.matching.textContent = '';
  els.body.replaceChildren();
  els.issuesBody.replaceChildren();
  els.issues.hidden = true;
  els.noIssues.hidden = true;
  els.planAction.textContent = '';
  delete els.planAction.dataset.action;
  els.planBillable.textContent = '';
  delete els.planBillable.dataset.billable;
  els.planSummary.textContent = '';
  els.scimErrorSection.hidden = true;
  els.viewBody.replaceChildren();
  els.valuesBody.replaceChildren();
  delete els.body.dataset.method;
}

function cell(text, className) {
  const td = document.createElement('td');
  td.textContent = text;
  if (className) td.className = className;
  return td;
}

const shown = (v) => (typeof v === 'string' ? v : JSON.stringify(v));

function viewRows(view) {
  const out = [];
  const omitted = new Set(view.omitted);
  for (const name of ['userName', 'givenName', 'familyName', 'email', 'title', 'phone', 'organization', 'department']) {
    out.push([name, omitted.has(name) ? '(not sent: Wrike keeps its value)' : shown(view[name])]);
  }
  out.push(['userType', `${shown(view.userType)}${view.userTypeDefaulted ? ' (default)' : ''}`]);
  out.push(['active', shown(view.active)]);
  out.push(['loginEmail', view.loginEmail === null ? '(none)' : `${view.loginEmail} (from ${view.loginEmailSource})`]);
  for (const [name, value] of Object.entries(view.customFields ?? {})) out.push([name, shown(value)]);
  return out;
}

/** Where the last successful create request came from, to fill the current user. */
let lastCreateBody = null;

/** Compute and show the preview. */
export function runPreview() {
  const language = els.idp.value;
  els.currentWrap.hidden = els.operation.value !== 'update';
  els.error.hidden = true;
  checkExpressions(language);
  const fields = catalog();
  if (fields.error) els.customFieldsStatus.textContent = fields.error;

  let source;
  let current = null;
  try {
    source = JSON.parse(els.source.value);
  } catch (err) {
    clearPanes();
    setStatus('error', 'The source user is not JSON');
    showError(`Source user: ${err.message}`);
    document.body.dataset.previewState = 'error';
    return;
  }
  if (els.operation.value === 'update') {
    try {
      current = JSON.parse(els.current.value || 'null');
    } catch (err) {
      clearPanes();
      setStatus('error', 'The current Wrike user is not JSON');
      showError(`Current Wrike user: ${err.message}`);
      document.body.dataset.previewState = 'error';
      return;
    }
  }

  let result;
  try {
    result = mapUser(source, mapping(), settings(current), options());
  } catch (err) {
    clearPanes();
    els.error.dataset.code = err?.code ?? 'error';
    if (err instanceof InvalidMappingError) {
      const m = /^rules\[(\d+)\]\.(.*)$/.exec(err.path ?? '');
      let caret = null;
      if (m && m[2] === 'source.expression' && err.offset !== null && err.offset !== undefined) {
        const text = rows[Number(m[1])]?.value ?? '';
        caret = caretText(text, charIndex(text, err.offset));
        setRuleError(Number(m[1]), err.message, err.offset);
      } else if (m) {
        setRuleError(Number(m[1]), err.message, null);
      }
      els.error.dataset.path = err.path;
      showError(`Rule ${m ? Number(m[1]) + 1 : '?'}: ${err.message}`, caret);
    } else if (err instanceof ScimError) {
      showError(`${err.code}: ${err.message}`);
    } else {
      showError(`Unexpected failure: ${err?.message ?? String(err)}`);
    }
    setStatus('error', err instanceof InvalidMappingError ? 'The mapping cannot be used' : 'Cannot preview');
    document.body.dataset.previewState = 'error';
    return;
  }
  delete els.error.dataset.code;
  delete els.error.dataset.path;

  // The request.
  const { method, path, body } = result.request;
  els.method.textContent = method;
  els.method.dataset.method = method;
  els.body.dataset.method = method;
  els.path.textContent = path;
  els.matching.textContent = result.matching ? `matched by ${result.matching}` : '';
  els.body.replaceChildren();
  if (body === null) els.body.textContent = '(no request: nothing changes)';
  else renderJson(body, [], 0, els.body);
  if (method === 'POST') lastCreateBody = body;

  // Issues: the mapping's, the report's, the plan's (without repeating the report's).
  const seen = new Set();
  const all = [];
  const add = (origin, issue) => {
    const k = `${issue.code} ${issue.path} ${issue.message}`;
    if (seen.has(k)) return;
    seen.add(k);
    all.push({ origin, ...issue });
  };
  result.issues.forEach((i) => add('mapping', i));
  result.report.issues.forEach((i) => add('request', i));
  result.plan.issues.forEach((i) => add('plan', i));
  els.issuesBody.replaceChildren(
    ...all.map((issue) => {
      const tr = document.createElement('tr');
      tr.className = `severity-${issue.severity}`;
      tr.dataset.code = issue.code;
      tr.dataset.path = issue.path;
      tr.dataset.severity = issue.severity;
      tr.dataset.origin = issue.origin;
      tr.append(cell(issue.severity, 'severity'), cell(issue.code, 'code'), cell(`${issue.origin}: ${issue.path || '(resource)'}`, 'path'), cell(issue.message, 'message'));
      return tr;
    }),
  );
  els.issues.hidden = all.length === 0;
  els.noIssues.hidden = all.length !== 0;
  highlight(els.body, [...result.report.issues, ...result.plan.issues]);

  // The plan and the SCIM error.
  const planned = result.plan;
  els.planAction.textContent = planned.action;
  els.planAction.dataset.action = planned.action;
  els.planBillable.textContent = planned.billable ? 'yes — a billable seat at once' : 'no';
  els.planBillable.dataset.billable = String(planned.billable);
  els.planSummary.textContent = planned.summary;
  const scimError = toScimError(result.report);
  els.scimErrorSection.hidden = scimError === null;
  els.scimError.textContent = scimError === null ? '' : JSON.stringify(scimError, null, 2);

  // The view.
  const view = result.view ?? null;
  els.viewNone.hidden = view !== null;
  els.viewBody.replaceChildren(
    ...(view ? viewRows(view) : []).map(([name, value]) => {
      const tr = document.createElement('tr');
      tr.dataset.attribute = name;
      tr.append(cell(name, 'code'), cell(value, 'value'));
      return tr;
    }),
  );

  // Values per rule.
  els.valuesBody.replaceChildren(
    ...result.values.map((v) => {
      const tr = document.createElement('tr');
      tr.dataset.rule = String(v.rule);
      tr.dataset.target = v.target;
      if (!v.flows || v.skipped) tr.className = 'not-sent';
      const note = v.skipped ? 'no (on create only)' : v.flows ? (v.defaulted ? 'yes (default)' : 'yes') : 'no';
      tr.append(cell(v.target), cell(`${shown(v.value)}  ← ${v.source}`), cell(note));
      return tr;
    }),
  );

  const errors = all.filter((i) => i.severity === 'error').length;
  const rejected = planned.action === 'reject';
  setStatus(rejected || errors ? 'invalid' : 'valid', `${method} ${path} — ${planned.action}${errors ? `, ${errors} error${errors === 1 ? '' : 's'}` : ''}`);
  document.body.dataset.previewState = rejected ? 'reject' : 'ok';
  document.body.dataset.previewAction = planned.action;
}

// ---------------------------------------------------------------------------------------------
// State: the URL hash and localStorage.

function state() {
  return {
    v: 1,
    tab: document.querySelector('[role="tab"][aria-selected="true"]')?.id ?? 'tab-preview',
    idp: els.idp.value,
    operation: els.operation.value,
    deterministic: els.deterministic.checked,
    source: els.source.value,
    current: els.current.value,
    rules: rows,
    domains: els.domains.value,
    userTypes: els.userTypes.value,
    customFields: els.customFields.value,
  };
}

async function pipe(bytes, stream) {
  const out = new Response(new Blob([bytes]).stream().pipeThrough(stream));
  return new Uint8Array(await out.arrayBuffer());
}

async function encodeState(s) {
  const packed = await pipe(new TextEncoder().encode(JSON.stringify(s)), new CompressionStream('deflate-raw'));
  let bin = '';
  for (const b of packed) bin += String.fromCharCode(b);
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

async function decodeState(text) {
  const b64 = text.replace(/-/g, '+').replace(/_/g, '/');
  const bin = atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4));
  const bytes = Uint8Array.from(bin, (c) => c.charCodeAt(0));
  return JSON.parse(new TextDecoder().decode(await pipe(bytes, new DecompressionStream('deflate-raw'))));
}

let saveTimer = 0;
function save() {
  clearTimeout(saveTimer);
  saveTimer = setTimeout(async () => {
    const s = state();
    try {
      localStorage.setItem(STORAGE_KEY, JSON.stringify(s));
    } catch {
      // Storage full or disabled: the hash still holds the state.
    }
    try {
      const hash = `#s=${await encodeState(s)}`;
      history.replaceState(null, '', hash);
      document.body.dataset.saved = String(Date.now());
    } catch {
      // No CompressionStream: localStorage only.
    }
  }, 200);
}

function applyState(s) {
  if (!s || typeof s !== 'object') return false;
  if (typeof s.tab === 'string') savedTab = s.tab;
  if (['entra', 'okta', 'onelogin'].includes(s.idp)) els.idp.value = s.idp;
  if (['create', 'update'].includes(s.operation)) els.operation.value = s.operation;
  els.deterministic.checked = Boolean(s.deterministic);
  for (const [key, el] of [['source', els.source], ['current', els.current], ['domains', els.domains], ['userTypes', els.userTypes], ['customFields', els.customFields]]) {
    if (typeof s[key] === 'string') el.value = s[key];
  }
  if (Array.isArray(s.rules)) {
    rows = s.rules.map((r) => ({
      target: String(r.target ?? ''),
      kind: ['attribute', 'constant', 'expression'].includes(r.kind) ? r.kind : 'attribute',
      value: String(r.value ?? ''),
      default: String(r.default ?? ''),
      apply: r.apply === 'onCreate' ? 'onCreate' : 'always',
      matching: Boolean(r.matching),
      precedence: Number.isInteger(r.precedence) ? r.precedence : undefined,
    }));
  }
  return true;
}

async function loadState() {
  const m = /^#s=([A-Za-z0-9_-]+)$/.exec(location.hash);
  if (m) {
    try {
      if (applyState(await decodeState(m[1]))) return 'hash';
    } catch {
      // A damaged link: fall back to what this browser saved.
    }
  }
  try {
    if (applyState(JSON.parse(localStorage.getItem(STORAGE_KEY) ?? 'null'))) return 'storage';
  } catch {
    // Unreadable storage: start from the defaults.
  }
  return null;
}

// ---------------------------------------------------------------------------------------------
// Wiring.

function renderFunctions() {
  const language = els.idp.value;
  els.fnLanguage.textContent = LANGUAGE_NAMES[language];
  els.fnList.replaceChildren(
    ...FUNCTIONS[language].flatMap(([name, text, example]) => {
      const dt = document.createElement('dt');
      dt.textContent = name;
      const dd = document.createElement('dd');
      dd.textContent = text;
      const code = document.createElement('code');
      code.className = 'fn-example';
      code.textContent = example;
      dd.append(document.createElement('br'), code);
      return [dt, dd];
    }),
  );
}

/** The IdP's sample user and default mapping. */
function loadDefaults() {
  const idp = els.idp.value;
  els.source.value = JSON.stringify(SAMPLE_USERS[idp], null, 2);
  rows = defaultMapping(idp).rules.map(ruleToRow);
  renderRules();
  renderFunctions();
}

/** A current Wrike user from the create request: the same user with an id and an older title. */
function currentFromCreate() {
  let body = lastCreateBody;
  if (!body) {
    try {
      body = mapUser(JSON.parse(els.source.value), mapping(), { operation: 'create' }, options()).request.body;
    } catch {
      body = null;
    }
  }
  if (!body || typeof body !== 'object') return;
  const current = { ...body, id: '2c9a8e1f-4b6d-4f43-9a4e-5b1c7d3e9f10', title: 'Intern', active: true };
  els.current.value = JSON.stringify(current, null, 2);
}

let timer = 0;
function changed() {
  clearTimeout(timer);
  timer = setTimeout(() => {
    runPreview();
    save();
  }, 120);
}

function importFields() {
  const fields = catalog();
  if (fields.value === null) {
    els.customFieldsStatus.textContent = fields.error ?? 'Paste the JSON of Wrike\'s custom-field list first.';
    els.customFieldsStatus.dataset.state = 'error';
    return;
  }
  let added;
  try {
    added = customFieldRules(fields.value, els.idp.value);
  } catch (err) {
    els.customFieldsStatus.textContent = `${err?.code ?? 'error'}: ${err?.message ?? String(err)}`;
    els.customFieldsStatus.dataset.state = 'error';
    return;
  }
  const existing = new Set(rows.map((r) => r.target));
  const fresh = added.filter((r) => !existing.has(r.target));
  rows.push(...fresh.map(ruleToRow));
  renderRules();
  els.customFieldsStatus.dataset.state = 'ok';
  els.customFieldsStatus.dataset.added = String(fresh.length);
  els.customFieldsStatus.textContent = `${fresh.length} rule${fresh.length === 1 ? '' : 's'} added (${added.length - fresh.length} already there). Edit their sources to your IdP's attributes.`;
  changed();
}

/** Set up the preview; returns the tab saved in the state, if any. */
export async function setupPreview() {
  const from = await loadState();
  if (from === null) {
    loadDefaults();
    els.customFields.value = JSON.stringify(SAMPLE_CUSTOM_FIELDS, null, 2);
  } else {
    renderRules();
    renderFunctions();
  }
  if (els.current.value.trim() === '') currentFromCreate();
  // A link pasted into this tab (only the hash changes, so the page does not reload) opens its state.
  window.addEventListener('hashchange', async () => {
    const m = /^#s=([A-Za-z0-9_-]+)$/.exec(location.hash);
    if (!m) return;
    try {
      if (!applyState(await decodeState(m[1]))) return;
    } catch {
      return; // a damaged link: keep what is open
    }
    renderRules();
    renderFunctions();
    changed();
  });
  els.idp.addEventListener('change', () => {
    loadDefaults();
    els.current.value = '';
    lastCreateBody = null;
    currentFromCreate();
    changed();
  });
  els.reset.addEventListener('click', () => {
    loadDefaults();
    changed();
  });
  els.operation.addEventListener('change', () => {
    if (els.operation.value === 'update' && els.current.value.trim() === '') currentFromCreate();
    changed();
  });
  for (const el of [els.deterministic]) el.addEventListener('change', changed);
  for (const el of [els.source, els.current, els.domains, els.userTypes, els.customFields]) el.addEventListener('input', changed);
  els.currentFromCreate.addEventListener('click', () => {
    lastCreateBody = null;
    currentFromCreate();
    changed();
  });
  els.addRule.addEventListener('click', () => {
    rows.push({ target: '', kind: 'attribute', value: '', default: '', apply: 'always', matching: false });
    renderRules();
    changed();
    els.rulesBody.querySelector(`tr[data-rule="${rows.length - 1}"] .rule-target-input`)?.focus();
  });
  els.importFields.addEventListener('click', importFields);
  runPreview();
  // What was opened (a shared link, the defaults) is this browser's state from now on.
  save();
  return from ? savedTab : null;
}

export { save as saveState };
