// Where `npm run dev` keeps its runtime files (git-ignored): `.dev/`, or FLUXION_DEV_DIR (the browser
// tests run their own stack beside a developer's).
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";

const defaultDir = fileURLToPath(new URL("../../.dev/", import.meta.url));
export const devDir = process.env.FLUXION_DEV_DIR
  ? `${resolve(process.env.FLUXION_DEV_DIR)}/`
  : defaultDir;
export const devLogDir = `${devDir}logs/`;
/** Human-readable summary the deploy task writes for the supervisor to print. */
export const devSummaryPath = `${devDir}summary.txt`;
