// Where `npm run dev` keeps its runtime files (git-ignored).
import { fileURLToPath } from "node:url";

export const devDir = fileURLToPath(new URL("../../.dev/", import.meta.url));
export const devLogDir = `${devDir}logs/`;
/** Human-readable summary the deploy task writes for the supervisor to print. */
export const devSummaryPath = `${devDir}summary.txt`;
