// Type-checked use of the loading API: scimgate/web (init first, then the same API) and `ready`.
import init, { initSync, ready, check, ScimError, type Report, type WasmSource } from 'scimgate/web';
import { ready as defaultReady, init as defaultInit } from 'scimgate';

export async function start(bytes: ArrayBuffer): Promise<Report> {
  await init(bytes);
  await ready;
  const report: Report = check({ userName: 'ada@example.com' }, { mode: 'lenient' });
  return report;
}

export async function fromUrl(): Promise<void> {
  await init();
  await init(new URL('https://cdn.invalid/scimgate_bg.wasm'));
  await init(fetch('/scimgate_bg.wasm'));
  const source: WasmSource = await WebAssembly.compile(new Uint8Array(0));
  await defaultInit(source);
  await defaultReady;
}

export function startSync(bytes: ArrayBuffer): boolean {
  initSync(bytes);
  initSync(new Uint8Array(bytes));
  try {
    return check('{}').valid;
  } catch (err) {
    return err instanceof ScimError;
  }
}

// @ts-expect-error the web check needs a resource
check();
// wasm-bindgen's own argument objects are accepted too.
export const legacy: Promise<void> = init({ module_or_path: new ArrayBuffer(8) });
initSync({ module: new ArrayBuffer(8) });
// @ts-expect-error init resolves to nothing (the instance's exports are internal)
export const exports: Promise<object> = init();
// @ts-expect-error ready is a promise, not a function
ready();
