// Tabs as ARIA describes them: a tablist of buttons (arrow keys, Home and End move between them),
// the selected one in the tab order, each controlling its panel.
import { type KeyboardEvent, useRef } from "react";

export function Tabs<T extends string>({
  label,
  idBase,
  options,
  value,
  onChange,
}: {
  label: string;
  idBase: string;
  options: readonly { value: T; label: string }[];
  value: T;
  onChange: (value: T) => void;
}) {
  const refs = useRef<(HTMLButtonElement | null)[]>([]);
  const onKey = (event: KeyboardEvent, index: number) => {
    const last = options.length - 1;
    const next =
      event.key === "ArrowRight"
        ? index === last
          ? 0
          : index + 1
        : event.key === "ArrowLeft"
          ? index === 0
            ? last
            : index - 1
          : event.key === "Home"
            ? 0
            : event.key === "End"
              ? last
              : undefined;
    if (next === undefined) return;
    event.preventDefault();
    onChange(options[next]!.value);
    refs.current[next]?.focus();
  };
  return (
    <div className="tabs" role="tablist" aria-label={label}>
      {options.map((o, index) => (
        <button
          key={o.value}
          ref={(el) => {
            refs.current[index] = el;
          }}
          type="button"
          role="tab"
          id={tabId(idBase, o.value)}
          aria-selected={o.value === value}
          aria-controls={panelId(idBase, o.value)}
          tabIndex={o.value === value ? 0 : -1}
          onClick={() => onChange(o.value)}
          onKeyDown={(e) => onKey(e, index)}
        >
          {o.label}
        </button>
      ))}
    </div>
  );
}

export const tabId = (base: string, value: string) => `${base}-tab-${value}`;
export const panelId = (base: string, value: string) => `${base}-panel-${value}`;
