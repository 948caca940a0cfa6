# workerd's own configuration for the bundle (dist/worker.js) and the package's .wasm, as wrangler
# deploys them: the .wasm as a compiled-module (CompiledWasm) module.
using Workerd = import "/workerd/workerd.capnp";

const config :Workerd.Config = (
  services = [(name = "main", worker = .worker)],
  sockets = [(name = "http", address = "127.0.0.1:0", http = (), service = "main")],
);

const worker :Workerd.Worker = (
  modules = [
    (name = "worker.js", esModule = embed "dist/worker.js"),
    (name = "scimgate_bg.wasm", wasm = embed "dist/scimgate_bg.wasm"),
  ],
  compatibilityDate = "2025-01-01",
);
