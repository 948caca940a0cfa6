// Trap recovery of the npm package `scimgate`.
//
// A WebAssembly trap (`WebAssembly.RuntimeError`: `unreachable`, which is how Rust aborts on a
// panic or a failed allocation, or an out-of-bounds access) stops the instance in the middle of
// its work: its memory may hold half-updated state, so it must not run again. Each build is made
// by wasm-bindgen with `--experimental-reset-state-function`, whose `__wbg_reset_state()` makes a
// fresh instance of the same module. `guard` wraps every export so that a trap resets the instance
// and is thrown as an `InternalError` (a ScimError, status 500, the RuntimeError as `cause`); the
// next call runs on the fresh instance.
//
// Validators and ScimFilters made before a reset point into the old instance's memory. Using one
// throws an InternalError; `free()` on one does nothing (its memory went with the old instance;
// forwarding it would free memory of the new one).
//
// Before the module is instantiated (a browser entry still loading it), every call throws the
// clear error of `assertReady` instead of failing inside wasm-bindgen's glue.
//
// scripts/build-wasm.sh copies this file into the package once; core.js, which every entry
// re-exports, is its one user. Keep it free of imports.

/**
 * The exports of the wasm-bindgen module `raw`, guarded: functions, class constructors, methods
 * and accessors. `raw.__wbg_reset_state` is used, not exported; `default` and `initSync` (the web
 * build's initialisation) are left out, for the entry to export as they are.
 *
 * @param {object} raw the wasm-bindgen module (its namespace)
 * @param {typeof Error} InternalError the ScimError subclass to throw (from the build's errors.js)
 * @param {() => void} assertReady throws when the module is not instantiated yet (loader.js)
 * @returns {Record<string, unknown>}
 */
export function guard(raw, InternalError, assertReady) {
  let generation = 0; // resets so far
  let broken = false; // a reset failed: try again before the next call
  let depth = 0; // guarded calls on the stack (wasm calls back into JS, e.g. __filterResources)
  const born = new WeakMap(); // Validator / ScimFilter -> the generation it was made in
  const classes = new Set();

  const isTrap = (err) => typeof WebAssembly === 'object' && err instanceof WebAssembly.RuntimeError;

  function reset() {
    raw.__wbg_reset_state();
    broken = false;
  }

  function recover(err) {
    generation += 1;
    broken = true;
    const what = `scimgate: the WebAssembly instance trapped (${err.message})`;
    try {
      reset();
    } catch (resetErr) {
      return new InternalError(`${what} and could not be recreated yet: ${resetErr}`, { cause: err });
    }
    return new InternalError(
      `${what}; it was recreated, so later calls work, but a Validator or ScimFilter made before ` +
        'cannot be used any more',
      { cause: err },
    );
  }

  /** Remember the generation of a Validator or ScimFilter handed out. */
  function tag(value) {
    if (value !== null && typeof value === 'object' && !born.has(value)) {
      for (const Cls of classes) {
        if (value instanceof Cls) {
          born.set(value, generation);
          break;
        }
      }
    }
    return value;
  }

  /** Run `fn` (a call into the instance); a trap on the outermost call resets the instance. */
  function call(fn) {
    if (depth === 0) assertReady();
    if (depth === 0 && broken) {
      try {
        reset();
      } catch (resetErr) {
        throw new InternalError(`scimgate: the WebAssembly instance could not be recreated: ${resetErr}`, {
          cause: resetErr,
        });
      }
    }
    depth += 1;
    try {
      return tag(fn());
    } catch (err) {
      // A nested call leaves the reset to the outermost one: the instance is still running below.
      if (depth === 1 && isTrap(err)) throw recover(err);
      throw err;
    } finally {
      depth -= 1;
    }
  }

  /** Whether `self` was made by an instance that has since been replaced. */
  function stale(self) {
    const made = self !== null && typeof self === 'object' ? born.get(self) : undefined;
    return made !== undefined && made !== generation;
  }

  function staleError(self) {
    const name = self?.constructor?.name ?? 'object';
    return new InternalError(
      `scimgate: this ${name} was made before the WebAssembly instance trapped and was recreated; ` +
        `it cannot be used any more: make a new ${name}`,
    );
  }

  /** Guard the methods and accessors of a wasm-bindgen class, in place, and its constructor. */
  function guardClass(Cls) {
    classes.add(Cls);
    const proto = Cls.prototype;
    for (const key of [...Object.getOwnPropertyNames(proto), ...Object.getOwnPropertySymbols(proto)]) {
      if (key === 'constructor' || key === '__destroy_into_raw') continue;
      const d = Object.getOwnPropertyDescriptor(proto, key);
      const frees = key === 'free' || key === Symbol.dispose;
      const wrap = (f) =>
        function guarded(...args) {
          if (stale(this)) {
            if (frees) return undefined;
            throw staleError(this);
          }
          return call(() => f.apply(this, args));
        };
      if (typeof d.value === 'function') d.value = wrap(d.value);
      if (typeof d.get === 'function') d.get = wrap(d.get);
      if (typeof d.set === 'function') d.set = wrap(d.set);
      Object.defineProperty(proto, key, d);
    }
    // `new Validator(...)` calls into the instance too. The proxy is the same class otherwise:
    // same prototype, statics and `instanceof`.
    return new Proxy(Cls, {
      construct(target, args, newTarget) {
        return call(() => Reflect.construct(target, args, newTarget));
      },
    });
  }

  // A wasm-bindgen class (Validator, ScimFilter) has a `free()` method; its functions do not.
  const isClass = (f) => typeof f.prototype?.free === 'function';
  const out = {};
  for (const name of Object.keys(raw)) {
    const value = raw[name];
    if (name === '__wbg_reset_state' || name === 'default' || name === 'initSync') continue;
    if (typeof value !== 'function') {
      out[name] = value;
    } else if (isClass(value)) {
      out[name] = guardClass(value);
    } else {
      out[name] = function guarded(...args) {
        return call(() => value.apply(this, args));
      };
      Object.defineProperty(out[name], 'name', { value: name });
      Object.defineProperty(out[name], 'length', { value: value.length });
    }
  }
  return out;
}
