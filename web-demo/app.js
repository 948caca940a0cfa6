// The scimgate web demo, three tabs: the provisioning preview (preview.js: a directory user and an
// IdP's attribute mapping → the request, its issues, the view and the plan), the payload check (this
// file: paste a payload, see the report and the normalized resource, what Wrike stores from it and the
// provisioning plan for a POST, and evaluate a filter against it), and the PATCH check (patch.js).
// Uses the npm package's scimgate/web entry (the package is copied to ./pkg by scripts/demo.sh and
// the browser test).
import init, {
  check,
  normalize,
  toScimError,
  wrikeView,
  plan,
  parseFilter,
  ScimError,
  InvalidJsonError,
  InvalidFilterError,
} from './pkg/web.js';
import { setupPreview, saveState } from './preview.js';
import { setupPatch } from './patch.js';

const USER_URN = 'urn:ietf:params:scim:schemas:core:2.0:User';
const GROUP_URN = 'urn:ietf:params:scim:schemas:core:2.0:Group';
const ENTERPRISE_URN = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';

/** Example bodies, shaped as Microsoft Entra ID sends them on create. */
const EXAMPLES = {
  User: {
    schemas: [USER_URN, ENTERPRISE_URN],
    externalId: '0a21f0f2-8d2a-4f8e-bf98-7b2aa5a4b3c1',
    userName: 'ada.lovelace@contoso.com',
    active: true,
    displayName: 'Ada Lovelace',
    title: 'Research Engineer',
    emails: [{ primary: true, type: 'work', value: 'ada.lovelace@contoso.com' }],
    phoneNumbers: [{ primary: true, type: 'work', value: '+1 425 555 0100' }],
    name: { formatted: 'Ada Lovelace', familyName: 'Lovelace', givenName: 'Ada' },
    [ENTERPRISE_URN]: { department: 'Research', organization: 'Contoso' },
  },
  Group: {
    schemas: [GROUP_URN],
    externalId: '8aa1a0c0-c4c3-4bc0-b2d0-9d9b2c7e1f55',
    displayName: 'Engineering',
    members: [],
  },
};

const $ = (id) => document.getElementById(id);
const els = {
  form: $('form'),
  payload: $('payload'),
  resourceType: $('resource-type'),
  operation: $('operation'),
  mode: $('mode'),
  live: $('live'),
  check: $('check'),
  example: $('example'),
  status: $('status'),
  error: $('error'),
  errorMessage: $('error-message'),
  errorGoto: $('error-goto'),
  issues: $('issues'),
  issuesBody: $('issues-body'),
  scimErrorSection: $('scim-error-section'),
  scimError: $('scim-error'),
  normalizedSection: $('normalized-section'),
  normalized: $('normalized'),
  changesBody: $('changes-body'),
  changes: $('changes'),
  noChanges: $('no-changes'),
  filterForm: $('filter-form'),
  filter: $('filter'),
  filterRun: $('filter-run'),
  filterResult: $('filter-result'),
  filterCaret: $('filter-caret'),
  wrikeProfile: $('wrike-profile'),
  approvedDomains: $('approved-domains'),
  wrikeOff: $('wrike-off'),
  wrikeUnavailable: $('wrike-unavailable'),
  wrikeContent: $('wrike-content'),
  planAction: $('plan-action'),
  planBillable: $('plan-billable'),
  planSummary: $('plan-summary'),
  planIssues: $('plan-issues'),
  wrikeViewSection: $('wrike-view-section'),
  wrikeViewBody: $('wrike-view-body'),
  wrikeKept: $('wrike-kept'),
};

/** The approved-domains input as a list (empty entries dropped). */
function approvedDomains() {
  return els.approvedDomains.value
    .split(',')
    .map((d) => d.trim())
    .filter((d) => d.length > 0);
}

/** Options of the Wrike profile when it is on: the profile and the approved domains. */
function wrikeOptions() {
  if (!els.wrikeProfile.checked) return {};
  const domains = approvedDomains();
  return domains.length ? { profile: 'wrike', approvedDomains: domains } : { profile: 'wrike' };
}

function options() {
  return {
    resourceType: els.resourceType.value,
    operation: els.operation.value,
    mode: els.mode.value,
    ...wrikeOptions(),
  };
}

function loadExample() {
  els.payload.value = JSON.stringify(EXAMPLES[els.resourceType.value] ?? EXAMPLES.User, null, 2);
}

function setStatus(state, text) {
  els.status.dataset.state = state;
  els.status.textContent = text;
}

function cell(text, className) {
  const td = document.createElement('td');
  td.textContent = text;
  if (className) td.className = className;
  return td;
}

/** Fill a tbody with issues (severity, code, path, message); rows carry data-code/data-path. */
function fillIssues(tbody, issues) {
  tbody.replaceChildren(
    ...issues.map((issue) => {
      const tr = document.createElement('tr');
      tr.className = `severity-${issue.severity}`;
      tr.dataset.code = issue.code;
      tr.dataset.path = issue.path;
      tr.dataset.severity = issue.severity;
      const sev = cell(issue.severity, 'severity');
      tr.append(sev, cell(issue.code, 'code'), cell(issue.path || '(resource)', 'path'), cell(issue.message, 'message'));
      return tr;
    }),
  );
}

function plural(n, word) {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** Where the last invalid JSON error points, as [line, column] (1-based), or null. */
let errorAt = null;

function showError(err) {
  els.error.hidden = false;
  els.error.dataset.code = err?.code ?? 'error';
  if (err instanceof InvalidJsonError) {
    errorAt = [err.line, err.column];
    els.error.dataset.line = String(err.line);
    els.error.dataset.column = String(err.column);
    els.errorMessage.textContent = err.message; // "invalid JSON at line L, column C: ..."
  } else {
    errorAt = null;
    delete els.error.dataset.line;
    delete els.error.dataset.column;
    const what = err instanceof ScimError ? `Cannot check this payload (${err.code})` : 'Unexpected failure';
    els.errorMessage.textContent = `${what}: ${err?.message ?? String(err)}`;
  }
  els.errorGoto.hidden = errorAt === null;
}

function clearError() {
  errorAt = null;
  els.error.hidden = true;
  els.errorMessage.textContent = '';
  els.errorGoto.hidden = true;
  delete els.error.dataset.code;
  delete els.error.dataset.line;
  delete els.error.dataset.column;
}

/** Select the character an invalid JSON error points at. */
function gotoError() {
  if (!errorAt) return;
  const [line, column] = errorAt;
  const lines = els.payload.value.split('\n');
  let offset = 0;
  for (let i = 0; i < line - 1 && i < lines.length; i++) offset += lines[i].length + 1;
  // The column counts UTF-8 bytes; walk the line's characters until that many bytes are passed.
  let bytes = 0;
  for (const ch of lines[line - 1] ?? '') {
    if (bytes >= column - 1) break;
    bytes += new TextEncoder().encode(ch).length;
    offset += ch.length;
  }
  offset = Math.min(offset, els.payload.value.length);
  els.payload.focus();
  els.payload.setSelectionRange(offset, Math.min(offset + 1, els.payload.value.length));
}

function run() {
  const text = els.payload.value;
  const opts = options();
  let report;
  try {
    report = check(text, opts);
  } catch (err) {
    setStatus('error', err instanceof InvalidJsonError ? 'Invalid JSON' : 'Error');
    showError(err);
    els.issues.hidden = true;
    els.scimErrorSection.hidden = true;
    els.normalizedSection.hidden = true;
    showWrike(null);
    runFilter();
    return;
  }
  clearError();

  const errors = report.issues.filter((i) => i.severity === 'error').length;
  const warnings = report.issues.filter((i) => i.severity === 'warning').length;
  const infos = report.issues.length - errors - warnings;
  const counts = [plural(errors, 'error'), plural(warnings, 'warning')];
  if (infos) counts.push(plural(infos, 'note'));
  setStatus(report.valid ? 'valid' : 'invalid', `${report.valid ? 'Valid' : 'Invalid'} — ${counts.join(', ')}`);

  fillIssues(els.issuesBody, report.issues);
  els.issues.hidden = report.issues.length === 0;

  const body = toScimError(report);
  els.scimErrorSection.hidden = body === null;
  els.scimError.textContent = body === null ? '' : JSON.stringify(body, null, 2);

  try {
    const { resource, changes } = normalize(text, opts);
    fillIssues(els.changesBody, changes);
    els.changes.hidden = changes.length === 0;
    els.noChanges.hidden = changes.length !== 0;
    els.normalized.textContent = JSON.stringify(resource, null, 2);
    els.normalizedSection.hidden = false;
  } catch (err) {
    // A payload that cannot be normalized (not an object) has its findings in the report already.
    els.normalizedSection.hidden = true;
    if (!(err instanceof ScimError)) showError(err);
  }

  showWrike(text);
  runFilter();
}

/** Show a JSON value in a view cell: strings as they are, the rest as JSON. */
function shown(value) {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** The view's rows: [attribute, value, omitted?]. */
function viewRows(view) {
  const rows = [];
  const omitted = new Set(view.omitted);
  for (const name of ['userName', 'givenName', 'familyName', 'email', 'title', 'phone', 'organization', 'department']) {
    rows.push([name, omitted.has(name) ? '(not in this payload)' : shown(view[name]), omitted.has(name)]);
  }
  rows.push(['userType', `${shown(view.userType)}${view.userTypeDefaulted ? ' (default)' : ''}`, false]);
  rows.push(['active', shown(view.active), false]);
  const login = view.loginEmail === null ? '(none: the user cannot be provisioned)' : `${view.loginEmail} (from ${view.loginEmailSource})`;
  rows.push(['loginEmail', login, false]);
  for (const [name, value] of Object.entries(view.customFields)) rows.push([name, shown(value), false]);
  return rows;
}

/**
 * The Wrike panel for the payload text (null when it cannot be read): the plan for a POST
 * (action, billable, why rejected) and, for users, what Wrike stores.
 */
function showWrike(text) {
  const on = els.wrikeProfile.checked;
  els.approvedDomains.disabled = !on;
  els.wrikeOff.hidden = on;
  const section = $('wrike');
  if (!on || text === null) {
    els.wrikeContent.hidden = true;
    els.wrikeUnavailable.hidden = !on;
    delete section.dataset.action;
    return;
  }
  const opts = { resourceType: els.resourceType.value, mode: els.mode.value, ...wrikeOptions() };
  let planned;
  let view = null;
  try {
    planned = plan({ method: 'POST', body: text }, opts);
    if (els.resourceType.value === 'User' && planned.action !== 'reject') view = wrikeView(text, opts);
  } catch (err) {
    // What prevents the plan (a non-object, a bad approved domain) is shown by the check already.
    els.wrikeContent.hidden = true;
    els.wrikeUnavailable.hidden = false;
    delete section.dataset.action;
    if (!(err instanceof ScimError)) showError(err);
    return;
  }
  els.wrikeUnavailable.hidden = true;
  els.wrikeContent.hidden = false;
  section.dataset.action = planned.action;
  section.dataset.billable = String(planned.billable);
  els.planAction.textContent = planned.action;
  els.planAction.dataset.action = planned.action;
  els.planBillable.textContent = planned.billable ? 'yes — a billable seat at once' : 'no';
  els.planBillable.dataset.billable = String(planned.billable);
  els.planSummary.textContent = planned.summary;
  const errors = planned.issues.filter((i) => i.severity === 'error');
  els.planIssues.replaceChildren(
    ...errors.map((issue) => {
      const li = document.createElement('li');
      li.dataset.code = issue.code;
      li.dataset.path = issue.path;
      const code = document.createElement('code');
      code.textContent = issue.code;
      li.append(code, ` ${issue.message}`);
      return li;
    }),
  );
  els.planIssues.hidden = errors.length === 0;

  els.wrikeViewSection.hidden = view === null;
  if (view === null) return;
  els.wrikeViewBody.replaceChildren(
    ...viewRows(view).map(([name, value, omitted]) => {
      const tr = document.createElement('tr');
      tr.dataset.attribute = name;
      if (omitted) tr.className = 'omitted';
      tr.append(cell(name, 'code'), cell(value, 'value'));
      return tr;
    }),
  );
  els.wrikeKept.textContent = view.omitted.length
    ? `Not in this payload: ${view.omitted.join(', ')}. Whatever Wrike already holds for these stays.`
    : 'Every attribute Wrike syncs is in this payload.';
}

/** The UTF-16 index in `text` of a UTF-8 byte offset (filter errors count bytes). */
function charIndex(text, byteOffset) {
  let bytes = 0;
  let index = 0;
  for (const ch of text) {
    if (bytes >= byteOffset) break;
    bytes += new TextEncoder().encode(ch).length;
    index += ch.length;
  }
  return index;
}

function setFilterResult(state, message) {
  els.filterResult.dataset.state = state;
  els.filterResult.textContent = message;
}

/** Evaluate the filter box against the payload. */
function runFilter() {
  const text = els.filter.value;
  els.filterCaret.hidden = true;
  delete els.filterResult.dataset.offset;
  delete els.filterResult.dataset.code;
  if (text.trim() === '') {
    setFilterResult('empty', '');
    return;
  }
  const opts = { resourceType: els.resourceType.value, mode: els.mode.value, ...wrikeOptions() };
  try {
    const filter = parseFilter(text, opts);
    try {
      const matched = filter.matches(els.payload.value);
      setFilterResult(matched ? 'match' : 'nomatch', matched ? `Match — ${filter}` : `No match — ${filter}`);
    } finally {
      filter.free();
    }
  } catch (err) {
    els.filterResult.dataset.code = err?.code ?? 'error';
    if (err instanceof InvalidFilterError) {
      els.filterResult.dataset.offset = String(err.offset);
      setFilterResult('error', `invalid_filter at offset ${err.offset}: ${err.message}`);
      const at = charIndex(text, err.offset);
      els.filterCaret.textContent = `${text}\n${' '.repeat(at)}^`;
      els.filterCaret.hidden = false;
    } else if (err instanceof ScimError) {
      setFilterResult('error', `${err.code}: ${err.message}`);
    } else {
      setFilterResult('error', String(err));
    }
  }
}

let timer = 0;
let filterTimer = 0;
function schedule() {
  if (!els.live.checked) return;
  clearTimeout(timer);
  timer = setTimeout(run, 150);
}

/** The tabs: buttons with role=tab; arrow keys move between them (roving tabindex). */
function selectTab(tab, focus) {
  for (const t of document.querySelectorAll('[role="tab"]')) {
    const on = t === tab;
    t.setAttribute('aria-selected', String(on));
    t.tabIndex = on ? 0 : -1;
    document.getElementById(t.getAttribute('aria-controls')).hidden = !on;
  }
  if (focus) tab.focus();
}

function setupTabs(initial) {
  const tabs = [...document.querySelectorAll('[role="tab"]')];
  for (const tab of tabs) {
    tab.addEventListener('click', () => {
      selectTab(tab, false);
      saveState();
    });
    tab.addEventListener('keydown', (event) => {
      const i = tabs.indexOf(tab);
      const next = { ArrowRight: i + 1, ArrowLeft: i - 1, Home: 0, End: tabs.length - 1 }[event.key];
      if (next === undefined) return;
      event.preventDefault();
      selectTab(tabs[(next + tabs.length) % tabs.length], true);
      saveState();
    });
  }
  const saved = initial && document.getElementById(initial);
  if (saved && saved.getAttribute('role') === 'tab') selectTab(saved, false);
}

async function main() {
  loadExample();
  try {
    // Fetch the module ourselves so any static server works, whatever MIME type it gives .wasm.
    const response = await fetch(new URL('./pkg/scimgate_bg.wasm', import.meta.url));
    if (!response.ok) throw new Error(`could not load scimgate_bg.wasm (HTTP ${response.status})`);
    await init(await response.arrayBuffer());
  } catch (err) {
    setStatus('error', 'The checker could not be loaded');
    showError(err);
    return;
  }
  els.form.addEventListener('submit', (event) => {
    event.preventDefault();
    run();
  });
  els.payload.addEventListener('input', schedule);
  for (const select of [els.resourceType, els.operation, els.mode]) select.addEventListener('change', run);
  els.wrikeProfile.addEventListener('change', run);
  els.approvedDomains.addEventListener('input', schedule);
  els.filterForm.addEventListener('submit', (event) => {
    event.preventDefault();
    runFilter();
  });
  els.filter.addEventListener('input', () => {
    clearTimeout(filterTimer);
    filterTimer = setTimeout(runFilter, 150);
  });
  els.errorGoto.addEventListener('click', gotoError);
  els.example.addEventListener('click', () => {
    loadExample();
    run();
  });
  els.check.disabled = false;
  els.filterRun.disabled = false;
  run();
  setupPatch();
  setupTabs(await setupPreview());
  document.body.dataset.ready = 'true';
}

main();
