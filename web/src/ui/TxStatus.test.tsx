import assert from "node:assert/strict";
import { cleanup, render, screen } from "@testing-library/react";
import { afterEach, describe, it } from "vitest";
import { TxStatus } from "./TxStatus.tsx";

afterEach(cleanup);

describe("<TxStatus>", () => {
  it("shows nothing while idle", () => {
    const { container } = render(<TxStatus state={{ stage: "idle" }} />);
    assert.equal(container.innerHTML, "");
  });

  it("announces each stage, the step of a multi-step flow and the hash", () => {
    const hash = `0x${"ab".repeat(32)}` as const;
    const { rerender } = render(
      <TxStatus state={{ stage: "signing", label: "Approve 5 USDC", step: 1, steps: 2 }} />,
    );
    assert.match(
      screen.getByRole("status").textContent ?? "",
      /Approve 5 USDC \(step 1 of 2\): Confirm in your wallet/,
    );
    rerender(<TxStatus state={{ stage: "pending", label: "Mint", hash, step: 2, steps: 2 }} />);
    assert.match(screen.getByRole("status").textContent ?? "", /Pending on chain.*0xabab…abab/);
    rerender(<TxStatus state={{ stage: "indexed", label: "Mint", hash, blockNumber: 12n }} />);
    assert.equal(screen.getByRole("status").getAttribute("data-stage"), "indexed");
    assert.match(
      screen.getByRole("status").textContent ?? "",
      /confirmed and indexed.*in block 12/,
    );
  });

  it("shows a failure in words as an alert, with its code, and can be dismissed", () => {
    let dismissed = false;
    render(
      <TxStatus
        state={{
          stage: "failed",
          label: "Mint",
          error: { code: "CollateralRatioTooLow", message: "Add collateral or mint less." },
        }}
        onDismiss={() => {
          dismissed = true;
        }}
      />,
    );
    const alert = screen.getByRole("alert");
    assert.match(alert.textContent ?? "", /Mint: Add collateral or mint less\./);
    assert.equal(
      alert.querySelector("[data-error-code]")?.getAttribute("data-error-code"),
      "CollateralRatioTooLow",
    );
    screen.getByRole("button", { name: "Dismiss" }).click();
    assert.equal(dismissed, true);
  });
});
