// `npm run ml:train [-- --seed N --data labelled.csv --out dir --check]`: trains the risk model
// with the system Python and writes ml/model/risk.onnx, probe.json, features.json, metrics.json
// and MODEL_CARD.md. Arguments go to ml/train.py unchanged.
import { join } from "node:path";
import { checkPython, describeMissing, mlDir, runPython } from "./python.ts";

const check = checkPython();
if (!check.ok) {
  console.error(`ml:train: ${describeMissing(check)}`);
  process.exit(1);
}
// npm runs scripts from the repo root; resolve a relative --data path from where the user typed.
process.exit(runPython([join(mlDir, "train.py"), ...process.argv.slice(2)], process.env.INIT_CWD));
