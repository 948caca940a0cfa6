// A Cloudflare Worker: the package's workerd entry (its .wasm import is a compiled module).
import { check, ready, InvalidJsonError, ScimError } from 'scimgate';

export default {
  async fetch(request) {
    await ready;
    try {
      const report = check(await request.text());
      return Response.json({ valid: report.valid, codes: report.issues.map((issue) => issue.code) });
    } catch (err) {
      const known = err instanceof InvalidJsonError && err instanceof ScimError;
      return Response.json({ error: err.code, name: err.name, known }, { status: 400 });
    }
  },
};
