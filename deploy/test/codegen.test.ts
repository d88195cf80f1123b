// The committed generated module is current: same ABIs as the compiled contracts, and the same
// deployment records as deploy/deployments/*.json. (That `npm run dev` reproduces the committed
// local record is checked by test/dev.test.ts, which deploys the same way dev does.)
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { artifacts } from "hardhat";
import { describe, it } from "vitest";
import { generatedModulePath, loadAbis, renderModule } from "../src/codegen.ts";
import { readDeployments } from "../src/deploymentRecord.ts";

describe("generated module", () => {
  it("matches the compiled ABIs and the recorded deployments", async () => {
    const expected = renderModule(await loadAbis(artifacts), readDeployments());
    assert.ok(
      readFileSync(generatedModulePath, "utf8") === expected,
      "deploy/generated/fluxion.ts is stale: run `npm run deploy:codegen` and commit it",
    );
  });
});
