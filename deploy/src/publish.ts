// After a deployment: persist its record and regenerate the typed module the other packages use.
import { readFileSync, writeFileSync } from "node:fs";
import type { ArtifactReader } from "./codegen.ts";
import { loadAbis, renderModule, writeModule } from "./codegen.ts";
import {
  type DeploymentRecord,
  deploymentPath,
  readDeployments,
  serializeDeployment,
} from "./deploymentRecord.ts";

export async function publishDeployment(
  record: DeploymentRecord,
  artifacts: ArtifactReader,
): Promise<string> {
  const path = deploymentPath(record.chainId);
  const text = serializeDeployment(record);
  let previous = "";
  try {
    previous = readFileSync(path, "utf8");
  } catch {}
  if (previous !== text) writeFileSync(path, text);
  writeModule(renderModule(await loadAbis(artifacts), readDeployments()));
  return path;
}
