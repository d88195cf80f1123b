import { act, cleanup, fireEvent, render, screen } from "@testing-library/react";
import { useState } from "react";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { SETTINGS_KEY } from "./settings.ts";
import { Tabs } from "./Tabs.tsx";
import { TradeSettingsPanel, TradeSettingsProvider, useTradeSettings } from "./TradeSettings.tsx";

function Probe() {
  const s = useTradeSettings();
  return (
    <output data-testid="probe">
      {s.valid && s.slippage.ok && s.deadline.ok
        ? `${s.slippage.value}:${s.deadline.value}`
        : "invalid"}
    </output>
  );
}

function renderSettings() {
  return render(
    <TradeSettingsProvider>
      <TradeSettingsPanel />
      <Probe />
    </TradeSettingsProvider>,
  );
}

describe("trade settings", () => {
  beforeEach(() => localStorage.clear());
  afterEach(cleanup);

  it("defaults to 0.5% and 30 minutes", () => {
    renderSettings();
    expect(screen.getByTestId("settings-summary").textContent).toBe(
      "Slippage 0.5% · deadline 30 min",
    );
    expect(screen.getByTestId("probe").textContent).toBe(`${5n * 10n ** 15n}:1800`);
  });

  it("persists valid changes in localStorage and reads them back", () => {
    const first = renderSettings();
    fireEvent.click(screen.getByRole("button", { name: "Settings" }));
    fireEvent.change(screen.getByLabelText("Slippage tolerance (%)"), { target: { value: "1" } });
    fireEvent.change(screen.getByLabelText("Transaction deadline (minutes)"), {
      target: { value: "10" },
    });
    expect(JSON.parse(localStorage.getItem(SETTINGS_KEY) ?? "{}")).toEqual({
      slippage: "1",
      deadlineMinutes: "10",
    });
    first.unmount();
    renderSettings();
    expect(screen.getByTestId("settings-summary").textContent).toBe(
      "Slippage 1% · deadline 10 min",
    );
  });

  it("refuses slippage above 50% and keeps the last valid value saved", () => {
    renderSettings();
    fireEvent.click(screen.getByRole("button", { name: "Settings" }));
    const input = screen.getByLabelText("Slippage tolerance (%)");
    fireEvent.change(input, { target: { value: "60" } });
    expect(screen.getByTestId("setting-error").textContent).toContain("above 50%");
    expect(input.getAttribute("aria-invalid")).toBe("true");
    expect(screen.getByTestId("probe").textContent).toBe("invalid");
    expect(localStorage.getItem(SETTINGS_KEY)).toContain('"slippage":"0.5"');
    fireEvent.click(screen.getByRole("button", { name: "Reset" }));
    expect(screen.getByTestId("probe").textContent).not.toBe("invalid");
  });

  it("warns below 0.01% but accepts it", () => {
    renderSettings();
    fireEvent.click(screen.getByRole("button", { name: "Settings" }));
    fireEvent.change(screen.getByLabelText("Slippage tolerance (%)"), {
      target: { value: "0.001" },
    });
    expect(screen.getByTestId("setting-warning").textContent).toContain("0.01%");
    expect(screen.getByTestId("probe").textContent).toBe(`${10n ** 13n}:1800`);
  });

  it("refuses a deadline of 0 or a fraction", () => {
    renderSettings();
    fireEvent.click(screen.getByRole("button", { name: "Settings" }));
    const input = screen.getByLabelText("Transaction deadline (minutes)");
    for (const value of ["0", "1.5", "x"]) {
      fireEvent.change(input, { target: { value } });
      expect(screen.getByTestId("probe").textContent).toBe("invalid");
    }
  });

  it("ignores garbage in localStorage", () => {
    localStorage.setItem(SETTINGS_KEY, '{"slippage":"99","deadlineMinutes":"-1"}');
    renderSettings();
    expect(screen.getByTestId("settings-summary").textContent).toBe(
      "Slippage 0.5% · deadline 30 min",
    );
  });
});

function TabsHarness() {
  const [value, setValue] = useState<"a" | "b" | "c">("a");
  return (
    <Tabs
      label="Letters"
      idBase="t"
      value={value}
      onChange={setValue}
      options={[
        { value: "a", label: "A" },
        { value: "b", label: "B" },
        { value: "c", label: "C" },
      ]}
    />
  );
}

describe("Tabs", () => {
  afterEach(cleanup);
  it("selects with the arrow keys, Home and End, keeping one tab in the tab order", () => {
    render(<TabsHarness />);
    const tab = (name: string) => screen.getByRole("tab", { name });
    expect(tab("A").getAttribute("aria-selected")).toBe("true");
    expect(tab("B").tabIndex).toBe(-1);
    act(() => {
      fireEvent.keyDown(tab("A"), { key: "ArrowRight" });
    });
    expect(tab("B").getAttribute("aria-selected")).toBe("true");
    expect(tab("B").tabIndex).toBe(0);
    fireEvent.keyDown(tab("B"), { key: "End" });
    expect(tab("C").getAttribute("aria-selected")).toBe("true");
    fireEvent.keyDown(tab("C"), { key: "ArrowRight" });
    expect(tab("A").getAttribute("aria-selected")).toBe("true");
    fireEvent.keyDown(tab("A"), { key: "ArrowLeft" });
    expect(tab("C").getAttribute("aria-selected")).toBe("true");
    fireEvent.keyDown(tab("C"), { key: "Home" });
    expect(tab("A").getAttribute("aria-selected")).toBe("true");
    expect(screen.getByRole("tablist", { name: "Letters" })).toBeTruthy();
  });
});
