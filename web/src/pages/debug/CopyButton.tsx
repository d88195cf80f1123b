// Copies a text (an address) to the clipboard and says so; where the clipboard is refused, says to
// select the text instead.
import { useEffect, useState } from "react";

export function CopyButton({ text, label }: { text: string; label: string }) {
  const [status, setStatus] = useState<"idle" | "copied" | "failed">("idle");
  useEffect(() => {
    if (status === "idle") return;
    const timer = setTimeout(() => setStatus("idle"), 2500);
    return () => clearTimeout(timer);
  }, [status]);
  return (
    <span className="debug-copy">
      <button
        type="button"
        className="button secondary debug-helper"
        onClick={async () => {
          try {
            await navigator.clipboard.writeText(text);
            setStatus("copied");
          } catch {
            setStatus("failed");
          }
        }}
      >
        {label}
      </button>
      <span role="status" className={status === "failed" ? "error" : "ok"}>
        {status === "copied"
          ? "Copied"
          : status === "failed"
            ? "Copy refused: select the text"
            : ""}
      </span>
    </span>
  );
}
