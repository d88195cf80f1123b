// A described value (abiOutput.ts) on screen: numbers exact with their hint, addresses short with the
// full address on hover (and the contract's name), tuples as labelled fields, arrays numbered.
import type { Display } from "./abiOutput.ts";

export function ValueView({ display }: { display: Display }) {
  switch (display.kind) {
    case "int":
      return (
        <span className="debug-value">
          <span className="mono">{display.text}</span>
          {display.hint ? <span className="hint debug-hint">{display.hint}</span> : null}
        </span>
      );
    case "address":
      return (
        <span className="debug-value">
          <abbr className="mono debug-address" title={display.full}>
            {display.short}
          </abbr>
          {display.label ? <span className="hint debug-hint">{display.label}</span> : null}
        </span>
      );
    case "bool":
      return (
        <span className={`mono ${display.text === "true" ? "ok" : "muted"}`}>{display.text}</span>
      );
    case "bytes":
      return (
        <span className="debug-value">
          <span className="mono">{display.text === "0x" ? "0x (empty)" : display.text}</span>
          {display.hint ? <span className="hint debug-hint">{display.hint}</span> : null}
        </span>
      );
    case "string":
      return display.text === "" ? (
        <span className="muted">(empty text)</span>
      ) : (
        <span className="debug-string">{display.text}</span>
      );
    case "unknown":
      return <span className="mono">{display.text}</span>;
    case "list":
      return display.items.length === 0 ? (
        <span className="muted">[] (no items)</span>
      ) : (
        <ol className="debug-list" start={0}>
          {display.items.map((item, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: an array item's identity is its index
            <li key={i}>
              <ValueView display={item} />
            </li>
          ))}
        </ol>
      );
    case "tuple":
      return (
        <dl className="debug-tuple">
          {display.fields.map((field, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: a field's identity is its position
            <div key={i}>
              <dt>{field.label}</dt>
              <dd>
                <ValueView display={field.value} />
              </dd>
            </div>
          ))}
        </dl>
      );
  }
}
