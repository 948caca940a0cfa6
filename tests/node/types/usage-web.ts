// Type-checked use of the web build (`scimgate/web`): init first, then the same API.
import init, { initSync, check, ScimError, type Report } from 'scimgate/web';

export async function start(bytes: ArrayBuffer): Promise<Report> {
  await init({ module_or_path: bytes });
  const report: Report = check({ userName: 'ada@example.com' }, { mode: 'lenient' });
  return report;
}

export function startSync(bytes: ArrayBuffer): boolean {
  initSync({ module: bytes });
  try {
    return check('{}').valid;
  } catch (err) {
    return err instanceof ScimError;
  }
}

// @ts-expect-error the web check needs a resource
check();
