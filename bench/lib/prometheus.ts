// A reader for Prometheus' text exposition format (what Ponder serves at /metrics): every sample with
// its labels, and sums of one metric grouped by a label.

export type PromSample = { name: string; labels: Record<string, string>; value: number };

const labelPattern = /([A-Za-z_][A-Za-z0-9_]*)="((?:[^"\\]|\\.)*)"/g;

/** Every sample of a /metrics text (comments and blank lines skipped). */
export function parsePrometheus(text: string): PromSample[] {
  const samples: PromSample[] = [];
  for (const raw of text.split("\n")) {
    const line = raw.trim();
    if (line === "" || line.startsWith("#")) continue;
    const brace = line.indexOf("{");
    const space = line.lastIndexOf(" ");
    if (space < 0) continue;
    let name: string;
    const labels: Record<string, string> = {};
    if (brace >= 0 && brace < space) {
      name = line.slice(0, brace);
      const close = line.lastIndexOf("}");
      for (const match of line.slice(brace + 1, close).matchAll(labelPattern)) {
        labels[match[1]!] = match[2]!.replace(/\\(.)/g, (_, c: string) => (c === "n" ? "\n" : c));
      }
    } else {
      name = line.slice(0, line.indexOf(" "));
    }
    const value = Number(line.slice(space + 1));
    if (Number.isNaN(value)) continue;
    samples.push({ name, labels, value });
  }
  return samples;
}

/** Sum of a metric's samples grouped by the values of `labels` (joined with ":"). */
export function sumBy(samples: PromSample[], name: string, labels: string[]): Map<string, number> {
  const sums = new Map<string, number>();
  for (const sample of samples) {
    if (sample.name !== name) continue;
    const key = labels.map((l) => sample.labels[l] ?? "").join(":");
    sums.set(key, (sums.get(key) ?? 0) + sample.value);
  }
  return sums;
}

/** Sum of every sample of a metric. */
export function total(samples: PromSample[], name: string): number {
  let sum = 0;
  for (const sample of samples) if (sample.name === name) sum += sample.value;
  return sum;
}
