import type { ReactNode } from "react";

/**
 * A table that scrolls sideways on narrow screens. The scrolling region takes keyboard focus and has a
 * name, so keyboard users can scroll it too (WCAG: scrollable regions must be focusable).
 */
export function TableWrap({ label, children }: { label: string; children: ReactNode }) {
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard
    <section className="table-wrap" tabIndex={0} aria-label={label}>
      {children}
    </section>
  );
}
