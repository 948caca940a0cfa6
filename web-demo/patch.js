// The PATCH check: checkPatch finds every problem of a PatchOp request (in the chosen IdP dialect),
// applyPatch shows the resource after it (all operations or none).
import { checkPatch, applyPatch, ScimError, PatchFailedError } from './pkg/web.js';

const $ = (id) => document.getElementById(id);

const EXAMPLE_PATCH = {
  schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
  Operations: [
    { op: 'Replace', path: 'title', value: 'Principal Engineer' },
    { op: 'Replace', path: 'emails[type eq "work"].value', value: 'ada@contoso.com' },
    { op: 'Replace', path: 'active', value: 'False' },
  ],
};
const EXAMPLE_RESOURCE = {
  schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
  id: '2c9a8e1f-4b6d-4f43-9a4e-5b1c7d3e9f10',
  userName: 'ada.lovelace@contoso.com',
  active: true,
  title: 'Research Engineer',
  emails: [{ type: 'work', value: 'ada.lovelace@contoso.com', primary: true }],
};

function cell(text, className) {
  const td = document.createElement('td');
  td.textContent = text;
  td.className = className;
  return td;
}

function run() {
  const status = $('patch-status');
  const opts = { mode: $('patch-mode').value };
  if ($('patch-dialect').value) opts.dialect = $('patch-dialect').value;
  const patch = $('patch-body').value;
  const error = $('patch-error');
  let report;
  try {
    report = checkPatch(patch, opts);
  } catch (err) {
    status.dataset.state = 'error';
    status.textContent = `${err?.code ?? 'error'}: ${err?.message ?? String(err)}`;
    $('patch-issues').hidden = true;
    $('patch-result').textContent = '';
    return;
  }
  $('patch-issues-body').replaceChildren(
    ...report.issues.map((issue) => {
      const tr = document.createElement('tr');
      tr.className = `severity-${issue.severity}`;
      tr.dataset.code = issue.code;
      tr.dataset.path = issue.path;
      tr.append(cell(issue.severity, 'severity'), cell(issue.code, 'code'), cell(issue.path || '(request)', 'path'), cell(issue.message, 'message'));
      return tr;
    }),
  );
  $('patch-issues').hidden = report.issues.length === 0;
  status.dataset.state = report.valid ? 'valid' : 'invalid';
  status.textContent = report.valid ? 'Valid PatchOp request' : 'Invalid PatchOp request';
  try {
    const patched = applyPatch($('patch-resource').value, patch, opts);
    error.hidden = true;
    $('patch-result').textContent = JSON.stringify(patched.resource, null, 2);
  } catch (err) {
    error.hidden = false;
    const where = err instanceof PatchFailedError && err.index !== null ? ` (operation ${err.index})` : '';
    error.textContent = err instanceof ScimError ? `${err.code}${where}: ${err.message}` : String(err);
    $('patch-result').textContent = '';
  }
}

export function setupPatch() {
  $('patch-body').value = JSON.stringify(EXAMPLE_PATCH, null, 2);
  $('patch-resource').value = JSON.stringify(EXAMPLE_RESOURCE, null, 2);
  let timer = 0;
  const later = () => {
    clearTimeout(timer);
    timer = setTimeout(run, 150);
  };
  for (const id of ['patch-body', 'patch-resource']) $(id).addEventListener('input', later);
  for (const id of ['patch-dialect', 'patch-mode']) $(id).addEventListener('change', run);
  run();
}
