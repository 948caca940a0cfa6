// Loading scimgate's WebAssembly module (js/loader.js). In Node, Deno, Bun and Cloudflare Workers
// the module is ready once the import has returned; in browsers and bundlers, `await ready` (the
// default entry) or `await init()` (scimgate/web) before the first call.

/** Where `init` can load the module from: its URL, a fetch Response, its bytes, or the compiled module. */
export type WasmSource = string | URL | Request | Response | ArrayBuffer | ArrayBufferView | WebAssembly.Module;

/**
 * Resolves once the module is instantiated. The default browser/bundler entry starts loading at
 * import and this promise rejects when that load fails; with `scimgate/web` it resolves when an
 * `init` or `initSync` has succeeded; in Node, Deno, Bun and Workers it is already resolved.
 */
export declare const ready: Promise<void>;

/**
 * Instantiate the module asynchronously (once: later calls resolve at once). Without a source, from
 * `scimgate_bg.wasm` next to the package's modules. wasm-bindgen's `{ module_or_path }` is accepted.
 */
export declare function init(
  source?: WasmSource | Promise<WasmSource> | { module_or_path: WasmSource | Promise<WasmSource> },
): Promise<void>;

/**
 * Instantiate the module synchronously from its bytes or the compiled module (once).
 * wasm-bindgen's `{ module }` is accepted.
 */
export declare function initSync(
  source: ArrayBuffer | ArrayBufferView | WebAssembly.Module | { module: ArrayBuffer | ArrayBufferView | WebAssembly.Module },
): void;
