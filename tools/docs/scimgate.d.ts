// The npm package's API as TypeDoc documents it: the generated declarations (functions, classes,
// error classes, types) and the loading entry points (ready, init, initSync), as the package's
// index.d.ts and web.d.ts export them.
export * from '../../bindings-wasm/js/index.gen';
export * from '../../bindings-wasm/js/init';
