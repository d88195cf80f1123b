// The committed generated module is current: same ABIs as the compiled contracts, and the same
// deployment records as deploy/deployments/*.json. A deploy of the local config on a fresh chain
// reproduces the committed local record exactly (addresses and blocks are deterministic).
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";
import { artifacts } from "hardhat";
import { generatedModulePath, loadAbis, renderModule } from "../src/codegen.ts";
import { deploymentPath, readDeployments, serializeDeployment } from "../src/deploymentRecord.ts";
import { deployLocal } from "../src/testing/deployed.ts";

describe("generated module", () => {
  it("matches the compiled ABIs and the recorded deployments", async () => {
    const expected = renderModule(await loadAbis(artifacts), readDeployments());
    assert.ok(
      readFileSync(generatedModulePath, "utf8") === expected,
      "deploy/generated/fluxion.ts is stale: run `npm run deploy:codegen` and commit it",
    );
  });

  it("records the same local deployment that a fresh deploy produces", async () => {
    const { record } = await deployLocal();
    const committed = readFileSync(deploymentPath(record.chainId), "utf8");
    assert.equal(serializeDeployment({ ...record, network: JSON.parse(committed).network }), committed);
  });
});
