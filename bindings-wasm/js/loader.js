// Loading of the npm package `scimgate`'s WebAssembly module: one instance per JS realm (page,
// worker, process), whichever entry loads it.
//
// - `init(source?)` instantiates it asynchronously from a URL, a fetch Response, bytes or a
//   compiled WebAssembly.Module (no source: `scimgate_bg.wasm` next to the glue, as wasm-bindgen's
//   own init does). Calls while a load is in progress share it; after a failure a new call tries
//   again; once loaded, it resolves at once.
// - `initSync(source)` instantiates it synchronously from bytes or a WebAssembly.Module (Node,
//   Deno, Bun and Cloudflare Workers at import; browsers may refuse a large synchronous compile on
//   the main thread).
// - `ready` resolves when an init or initSync has succeeded; it never rejects (a failed init
//   rejects its own promise). The default browser entry (index.js) exports its own `ready`: the
//   promise of the load it starts at import, which rejects when that load fails.
// - `assertReady()` throws the error every call gives before then (guard.js calls it).
//
// scripts/build-wasm.sh copies this file into the package once; core.js is its one user. Keep it
// free of imports.

/**
 * @param {(input?: object) => Promise<unknown>} glueInit wasm-bindgen's default export
 * @param {(input: object) => unknown} glueInitSync wasm-bindgen's initSync
 */
export function makeLoader(glueInit, glueInitSync) {
  let loaded = false;
  let pending; // the promise of a load in progress
  let failure; // the last load's failure, while nothing has loaded
  let resolveReady;
  const ready = new Promise((resolve) => {
    resolveReady = resolve;
  });

  function succeeded() {
    loaded = true;
    failure = undefined;
    resolveReady();
  }

  /** wasm-bindgen's argument object (`{ module_or_path }`, `{ module }`), or undefined. */
  function wrapped(source, key) {
    return source !== null && typeof source === 'object' && Object.getPrototypeOf(source) === Object.prototype && key in source
      ? source[key]
      : undefined;
  }

  function describe(source) {
    if (source === undefined) return 'scimgate_bg.wasm next to the package';
    if (typeof source === 'string' || (typeof URL === 'function' && source instanceof URL)) return String(source);
    if (typeof Response === 'function' && source instanceof Response) return source.url || 'a Response';
    if (typeof WebAssembly === 'object' && source instanceof WebAssembly.Module) return 'a WebAssembly.Module';
    return 'the bytes given';
  }

  function initSync(source) {
    if (loaded) return;
    source = wrapped(source, 'module') ?? source;
    if (source === undefined || source === null) {
      throw new TypeError('scimgate: initSync needs the module: its bytes or a WebAssembly.Module');
    }
    try {
      glueInitSync({ module: source });
    } catch (err) {
      failure = err;
      throw new Error(`scimgate: could not instantiate the WebAssembly module from ${describe(source)}: ${err}`, {
        cause: err,
      });
    }
    succeeded();
  }

  function init(source) {
    if (loaded) return Promise.resolve();
    source = wrapped(source, 'module_or_path') ?? source;
    if (pending === undefined) {
      pending = (async () => {
        try {
          await glueInit(source === undefined ? undefined : { module_or_path: source });
        } catch (err) {
          failure = err;
          // Vite < 8's dependency optimizer copies the JS into .vite/deps without the .wasm.
          const hint = /\/\.vite\/deps\//.test(describe(source))
            ? " (Vite's dependency optimizer before Vite 8 does not copy the .wasm: add optimizeDeps: { exclude: ['scimgate'] } to vite.config)"
            : '';
          throw new Error(`scimgate: could not load the WebAssembly module from ${describe(source)}: ${err}${hint}`, {
            cause: err,
          });
        } finally {
          pending = undefined;
        }
        succeeded();
      })();
    }
    return pending;
  }

  function assertReady() {
    if (loaded) return;
    let why = 'init() was not called';
    if (pending !== undefined) why = 'it is still loading';
    else if (failure !== undefined) why = `loading it failed: ${failure}`;
    throw new Error(
      `scimgate: the WebAssembly module is not ready (${why}); await \`ready\` (or \`init()\`) before the first call`,
      failure === undefined ? undefined : { cause: failure },
    );
  }

  return { init, initSync, ready, assertReady };
}
