// A module Worker over the package's default entry: the handler is in place as soon as the module
// has run (the package has no top-level await), and each message waits for `ready`.
import { ready, check, ScimError } from 'scimgate';

self.onmessage = async (event) => {
  const { i, body } = event.data;
  await ready;
  try {
    const report = check(body);
    self.postMessage({ i, body, valid: report.valid, codes: report.issues.map((issue) => issue.code) });
  } catch (err) {
    self.postMessage({ i, body, error: err instanceof ScimError ? err.code : String(err) });
  }
};
