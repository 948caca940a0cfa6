// A plain browser project's use of the package (tsc --strict, skipLibCheck off, lib dom + es2020:
// tsconfig.json beside this file): the declarations must compile there, Symbol.dispose included.
import { ready, init, check, parseFilter, Validator, ScimError, InvalidJsonError, type Report, type WasmSource } from 'scimgate';
import initWeb, { initSync } from 'scimgate/web';

export async function main(): Promise<boolean> {
  await ready;
  const report: Report = check({ userName: 'ada@example.com' }, { mode: 'lenient' });
  const filter = parseFilter('userName pr');
  const matched: boolean = filter.matches({ userName: 'x' });
  filter[Symbol.dispose]();
  const validator = new Validator({ dialect: 'entra' });
  validator.free();
  try {
    check('{');
  } catch (err) {
    if (err instanceof InvalidJsonError) return err.line === 1;
    if (err instanceof ScimError) return false;
  }
  return report.valid && matched;
}

export async function manual(url: URL, bytes: ArrayBuffer): Promise<void> {
  const source: WasmSource = url;
  await init(source);
  await initWeb(fetch(url));
  initSync(bytes);
}

// A worker's handler: in place at once, each message after `ready`.
export function serve(scope: { onmessage: ((event: MessageEvent<string>) => void) | null; postMessage(data: unknown): void }): void {
  scope.onmessage = (event) => {
    void ready.then(() => scope.postMessage(check(event.data).valid));
  };
}
