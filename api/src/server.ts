// Entry point: validate the environment, build the app, listen, and close cleanly on SIGINT/SIGTERM.
import { buildApp } from "./app.ts";
import { ConfigError, loadConfig } from "./config.ts";

let config: ReturnType<typeof loadConfig>;
try {
  config = loadConfig();
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(`api: invalid configuration: ${error.message}`);
    process.exit(1);
  }
  throw error;
}

const app = await buildApp({ config });

let closing = false;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, "shutting down");
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    app.close().then(
      () => process.exit(0),
      (error) => {
        app.log.error({ err: error }, "shutdown failed");
        process.exit(1);
      },
    );
  });
}

try {
  const address = await app.listen({ host: config.host, port: config.port });
  app.log.info(`api listening on ${address} (docs at ${address}/docs)`);
} catch (error) {
  app.log.error({ err: error }, "could not start");
  process.exit(1);
}
