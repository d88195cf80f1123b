// The form's states as a person meets them: the submit button disabled with its reason attached
// (aria-describedby), the input marked invalid, the preview before signing, keyboard tabs, Max.
import { cleanup, fireEvent, render, screen } from "@testing-library/react";
import { useState } from "react";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { TxState } from "../../tx/lifecycle.ts";
import { ActionForm } from "./ActionForm.tsx";
import { type Action, evaluate, type Inputs, type PositionContext } from "./actions.ts";
import { WAD } from "./math.ts";

const e18 = (n: number) => BigInt(n) * WAD;
const ctx: PositionContext = {
  collateral: { symbol: "WETH", decimals: 18 },
  synth: { symbol: "sUSD", decimals: 18 },
  collateralPrice: e18(3000),
  synthPrice: WAD,
  issuanceRatio: 1_500_000_000_000_000_000n,
  liquidationRatio: 1_200_000_000_000_000_000n,
  collateralEnabled: true,
  mintFee: 3_000_000_000_000_000n,
  burnFee: 1_000_000_000_000_000n,
  debtCeiling: e18(10_000_000),
  synthActive: true,
  totalDebt: 0n,
  paused: false,
  position: { collateral: e18(2), debt: e18(1003) },
  balances: { collateral: e18(998), synth: e18(1000) },
};

function Harness({
  context = ctx,
  onSubmit = () => undefined,
  txState = { stage: "idle" },
}: {
  context?: PositionContext;
  onSubmit?: () => void;
  txState?: TxState;
}) {
  const [action, setAction] = useState<Action>("deposit");
  const [inputs, setInputs] = useState<Inputs>({ primary: "", secondary: "" });
  return (
    <ActionForm
      ctx={context}
      action={action}
      onAction={(a) => {
        setAction(a);
        setInputs({ primary: "", secondary: "" });
      }}
      inputs={inputs}
      onInputs={setInputs}
      evaluation={evaluate(action, inputs, context)}
      busy={false}
      onSubmit={onSubmit}
      txState={txState}
      onDismiss={() => undefined}
    />
  );
}

/** The "before → after" of a preview row. */
const change = (testId: string) => {
  const row = screen.getByTestId(testId);
  const part = (name: string) => row.querySelector(`[data-part=${name}]`)?.textContent;
  return `${part("before")} -> ${part("after")}`;
};
const submit = (name: RegExp | string) => screen.getByRole("button", { name }) as HTMLButtonElement;
const describedBy = (el: HTMLElement) =>
  (el.getAttribute("aria-describedby") ?? "")
    .split(" ")
    .filter(Boolean)
    .map((id) => document.getElementById(id)?.textContent ?? "")
    .join(" | ");

describe("the action form", () => {
  afterEach(cleanup);

  it("starts disabled, saying what is missing", () => {
    render(<Harness />);
    const button = submit("Deposit WETH");
    expect(button.disabled).toBe(true);
    expect(describedBy(button)).toBe("Enter the amount to deposit.");
    const input = screen.getByLabelText("Amount to deposit (WETH)");
    expect(input.getAttribute("aria-invalid")).toBe("false");
  });

  it("marks garbage invalid, attaches the reason to the input and the button", () => {
    render(<Harness />);
    const input = screen.getByLabelText("Amount to deposit (WETH)");
    for (const [text, reason] of [
      ["abc", /Enter a number/],
      ["-3", /cannot be negative/],
      ["0", /greater than zero/],
      ["1.0000000000000000001", /at most 18 digits/],
      [`1${"0".repeat(90)}`, /far too large/],
      ["999", /You hold 998 WETH/],
    ] as const) {
      fireEvent.change(input, { target: { value: text } });
      expect(input.getAttribute("aria-invalid"), text).toBe("true");
      expect(describedBy(input), text).toMatch(reason);
      const button = submit("Deposit WETH");
      expect(button.disabled, text).toBe(true);
      expect(describedBy(button), text).toMatch(reason);
      // What was typed stays.
      expect((input as HTMLInputElement).value).toBe(text);
    }
  });

  it("enables the button with a preview for a valid amount, and submits", () => {
    const onSubmit = vi.fn();
    render(<Harness onSubmit={onSubmit} />);
    fireEvent.change(screen.getByLabelText("Amount to deposit (WETH)"), {
      target: { value: "1" },
    });
    const button = submit("Deposit WETH");
    expect(button.disabled).toBe(false);
    expect(button.getAttribute("aria-describedby")).toBeNull();
    expect(change("preview-ratio")).toBe("598.2% -> 897.3%");
    expect(change("preview-liquidation")).toBe("WETH below $601.80 -> WETH below $401.20");
    fireEvent.click(button);
    expect(onSubmit).toHaveBeenCalledTimes(1);
  });

  it("moves between tabs with the arrow keys and shows each action's rules", () => {
    render(<Harness />);
    const deposit = screen.getByRole("tab", { name: "Deposit" });
    expect(deposit.getAttribute("aria-selected")).toBe("true");
    fireEvent.keyDown(deposit, { key: "ArrowRight" });
    const mint = screen.getByRole("tab", { name: "Mint" });
    expect(mint.getAttribute("aria-selected")).toBe("true");
    expect(document.activeElement).toBe(mint);
    expect(screen.getByRole("tabpanel").getAttribute("aria-labelledby")).toBe(mint.id);
    fireEvent.keyDown(mint, { key: "End" });
    expect(screen.getByRole("tab", { name: "Withdraw" }).getAttribute("aria-selected")).toBe(
      "true",
    );
    fireEvent.keyDown(document.activeElement!, { key: "ArrowRight" });
    expect(screen.getByRole("tab", { name: "Deposit" }).getAttribute("aria-selected")).toBe("true");
  });

  it("refuses a mint below the issuance ratio with the most it accepts; Max fills it exactly", () => {
    render(<Harness />);
    fireEvent.click(screen.getByRole("tab", { name: "Mint" }));
    const input = screen.getByLabelText("Amount to mint (sUSD)") as HTMLInputElement;
    fireEvent.change(input, { target: { value: "3000" } });
    const button = submit("Mint sUSD");
    expect(button.disabled).toBe(true);
    expect(describedBy(button)).toMatch(
      /below the 150% issuance ratio\. Mint at most 2,988\.035892 sUSD/,
    );
    fireEvent.click(screen.getByRole("button", { name: /^Max: 2,988\.035892 sUSD$/ }));
    expect(input.value).toBe("2988.035892323030907278");
    expect(submit("Mint sUSD").disabled).toBe(false);
    expect(screen.getByTestId("preview-fee").textContent).toBe("8.964107 sUSD (0.3%)");
  });

  it("explains repay as a burn and shows the burn it takes", () => {
    render(<Harness />);
    fireEvent.click(screen.getByRole("tab", { name: "Repay" }));
    expect(screen.getByText(/Burn and Repay are the same vault call/)).toBeTruthy();
    fireEvent.change(screen.getByLabelText("Debt to repay (sUSD)"), {
      target: { value: "499.5" },
    });
    expect(screen.getByTestId("preview-burn").textContent).toBe("500 sUSD");
    expect(screen.getByTestId("preview-fee").textContent).toBe("0.5 sUSD (0.1%)");
    expect(change("preview-debt")).toBe("1,003 sUSD -> 503.5 sUSD");
    expect(submit("Repay sUSD debt").disabled).toBe(false);
  });

  it("keeps minting disabled while the oracle refuses, but not deposits or burns", () => {
    const refused = { ...ctx, oracleRefusal: "the sUSD price is stale." };
    render(<Harness context={refused} />);
    fireEvent.click(screen.getByRole("tab", { name: "Mint" }));
    fireEvent.change(screen.getByLabelText("Amount to mint (sUSD)"), { target: { value: "1" } });
    expect(submit("Mint sUSD").disabled).toBe(true);
    expect(describedBy(submit("Mint sUSD"))).toBe("Minting is paused: the sUSD price is stale.");
    fireEvent.click(screen.getByRole("tab", { name: "Burn" }));
    fireEvent.change(screen.getByLabelText("Amount to burn (sUSD)"), { target: { value: "1" } });
    expect(submit("Burn sUSD").disabled).toBe(false);
  });

  it("shows a failed transaction decoded, with its error name", () => {
    render(
      <Harness
        txState={{
          stage: "failed",
          label: "Mint 1 sUSD",
          error: { code: "CircuitBroken", message: "Minting and trading are on hold." },
        }}
      />,
    );
    const alert = screen.getByRole("alert");
    expect(alert.textContent).toMatch(/Minting and trading are on hold/);
    expect(alert.querySelector("[data-error-code]")?.getAttribute("data-error-code")).toBe(
      "CircuitBroken",
    );
  });
});
