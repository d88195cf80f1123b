// `npm run deploy:codegen`: rebuilds deploy/generated/fluxion.ts from the Hardhat artifacts and
// deploy/deployments/*.json. With --check it only verifies the committed module is current.

import { readFileSync } from "node:fs";
import { artifacts } from "hardhat";
import { generatedModulePath, loadAbis, renderModule, writeModule } from "../src/codegen.ts";
import { readDeployments } from "../src/deploymentRecord.ts";

const source = renderModule(await loadAbis(artifacts), readDeployments());
if (process.argv.includes("--check")) {
  let current = "";
  try {
    current = readFileSync(generatedModulePath, "utf8");
  } catch {}
  if (current !== source) {
    console.error(
      "deploy/generated/fluxion.ts is stale: run `npm run deploy:codegen` and commit it.",
    );
    process.exit(1);
  }
  console.log("deploy/generated/fluxion.ts is up to date.");
} else {
  console.log(writeModule(source) ? `wrote ${generatedModulePath}` : "generated module unchanged");
}
