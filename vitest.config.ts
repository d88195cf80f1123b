// Every TypeScript suite runs under vitest, one project per workspace and kind, so one part runs (or is
// watched) alone: `npx vitest --project api`, `npx vitest run --project 'keepers*'`. `npm test`
// (scripts/test.ts) runs them all, then the ML and Solidity suites. Projects:
//   unit      tests beside the code, in-process (databases in memory, chains in-process, ephemeral ports)
//   :db       suites that run once on PGlite and once on Postgres (they import a `testing/backends.ts`)
//   :chain    the whole protocol deployed on an in-process Hardhat network (deploy/test)
//   :e2e, e2e real processes: a Hardhat node, dev Lightning nodes, Ponder, keepers, `npm run dev`
//   web       the web app's components and hooks in happy-dom
//   web:e2e   the web app in a real Chromium against one shared `npm run dev` stack (test/web/stack.ts)
// Unit and database projects share the workers (group 0); the process suites run after them, one file
// at a time (group 1), because each one starts nodes and services that need a core of their own.
// node:test had no default timeout: these are hang guards, generous on a loaded 2-core machine.
import { globSync, readFileSync } from "node:fs";
import { defineConfig, type TestProjectInlineConfiguration } from "vitest/config";

/** Test files under `dir` that run on both databases (they use the workspace's backends helper). */
function databaseSuites(dir: string): string[] {
  return globSync(`${dir}/**/*.test.ts`).filter((file) =>
    /from "(\.\.?\/)+testing\/backends\.ts"|from "\.\/backends\.ts"/.test(
      readFileSync(file, "utf8"),
    ),
  );
}

const inProcess = { testTimeout: 120_000, hookTimeout: 120_000 };
const processes = { testTimeout: 600_000, hookTimeout: 600_000 };

function project(
  name: string,
  include: string[],
  options: {
    exclude?: string[];
    group?: 0 | 1;
    environment?: "node" | "happy-dom";
    globalSetup?: string[];
  } = {},
): TestProjectInlineConfiguration {
  const group = options.group ?? 0;
  return {
    extends: true,
    test: {
      name,
      include,
      exclude: options.exclude ?? [],
      ...(group === 0 ? inProcess : processes),
      sequence: { groupOrder: group },
      maxWorkers: group === 0 ? 2 : 1,
      environment: options.environment ?? "node",
      globalSetup: options.globalSetup ?? [],
    },
  };
}

const apiDatabase = databaseSuites("api/src");
const keepersDatabase = databaseSuites("keepers/src");

export default defineConfig({
  test: {
    // Child processes, native addons (onnxruntime, Hardhat's EDR) and process.chdir need real processes.
    pool: "forks",
    // A passing test's console output is noise; a failing one's is shown with it.
    silent: "passed-only",
    // Stopping the browser tests' shared stack (two chains, relay, indexer, API, keepers, web) takes
    // longer than the default 10 s.
    teardownTimeout: 60_000,
    // `npm run coverage` (scripts/coverage.ts): the in-process projects; code the e2e suites run in child
    // processes (keepers, API, Ponder, dev nodes) is outside what the v8 provider sees.
    coverage: {
      provider: "v8",
      include: [
        "scripts/**/*.ts",
        "deploy/src/**/*.ts",
        "api/src/**/*.ts",
        "keepers/src/**/*.ts",
        "tools/lnd-dev/src/**/*.ts",
        "indexer/src/**/*.ts",
        "web/src/**/*.{ts,tsx}",
      ],
      exclude: ["**/*.test.ts", "**/testing/**"],
      reportsDirectory: "coverage/typescript",
      reporter: ["text", "json-summary", "html", "lcov"],
    },
    projects: [
      project("scripts", ["scripts/**/*.test.ts"]),
      project("deploy", ["deploy/src/**/*.test.ts"]),
      project("deploy:chain", ["deploy/test/**/*.test.ts"]),
      project("api", ["api/src/**/*.test.ts"], { exclude: apiDatabase }),
      project("api:db", apiDatabase),
      project("keepers", ["keepers/src/**/*.test.ts"], { exclude: keepersDatabase }),
      project("keepers:db", keepersDatabase),
      project("lnd-dev", ["tools/lnd-dev/src/**/*.test.ts"]),
      project("indexer", ["indexer/src/**/*.test.ts"]),
      project("indexer:e2e", ["indexer/test/**/*.test.ts"], { group: 1 }),
      project("web", ["web/src/**/*.test.{ts,tsx}", "web/scripts/**/*.test.ts"], {
        environment: "happy-dom",
      }),
      project("e2e", ["test/**/*.test.ts"], { group: 1, exclude: ["test/web/**"] }),
      project("web:e2e", ["test/web/**/*.test.ts"], {
        group: 1,
        globalSetup: ["test/web/stack.ts"],
      }),
    ],
  },
});
