// The flow's pieces as a person meets them: the step indicator says which step is done, in progress or
// failed (in words too, not only by colour), the status is announced, and the invoice is a QR code with
// a name, its text in a labelled field, a copy button, and an expiry.
import { cleanup, fireEvent, render, screen } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { InvoiceBox, StatusLine, StepIndicator, Timeline } from "./parts.tsx";

const invoice =
  "lnbcrt200u1pj48ugqpp5v2sjjj59ean2l42x2r68hak65lt27ycl7ahfjdm93ryf6tecwguqxqrrssdqz0qnp4qgsmldzkdu2cj8su2pe6nx0xgt7n8reeje72rwjysnhw8g9x22326zfuje4mcgsdtggy6amdjt954d6j3jw85r8qu9wf3sx7anmxd6rjpv53h2jac2udj8nhfyynmg5jz794ue6h07v90hdkpru28zzfx60qq9wnj6w";

afterEach(cleanup);

describe("StepIndicator", () => {
  it("marks the current step for assistive technology", () => {
    render(<StepIndicator direction="mint" status="transaction.locked" />);
    const items = screen.getAllByRole("listitem");
    expect(items.map((i) => i.textContent)).toEqual([
      "✓Invoice created (done)",
      "✓Payment held (done)",
      "✓Locked on chain (done)",
      "4Minted (in progress)",
    ]);
    expect(items[3]?.getAttribute("aria-current")).toBe("step");
  });

  it("shows where a failed swap stopped", () => {
    render(<StepIndicator direction="burn" status="invoice.failed_to_pay" />);
    expect(screen.getByText(/Invoice paid/).textContent).toContain("(failed)");
  });
});

describe("StatusLine and Timeline", () => {
  it("announces the status in words", () => {
    render(<StatusLine direction="mint" status="swap.review" />);
    expect(screen.getByRole("status").textContent).toMatch(/waiting for a reviewer/);
  });

  it("lists what happened", () => {
    render(
      <Timeline
        direction="burn"
        timeline={[
          { status: "swap.created", at: 0 },
          { status: "invoice.paid", at: 1000 },
        ]}
      />,
    );
    const list = screen.getByRole("list", { name: "What happened" });
    expect(list.textContent).toMatch(/Registered[\s\S]*Paid/);
  });
});

describe("InvoiceBox", () => {
  it("shows the invoice as a named QR code and as text to copy", async () => {
    const writeText = vi.fn(async () => undefined);
    Object.defineProperty(navigator, "clipboard", { value: { writeText }, configurable: true });
    render(<InvoiceBox invoice={invoice} expiresAt={1600} now={1000} />);
    expect(screen.getByRole("img", { name: /QR code of the Lightning invoice/ })).toBeTruthy();
    expect((screen.getByLabelText("Lightning invoice") as HTMLTextAreaElement).value).toBe(invoice);
    expect(screen.getByRole("link", { name: "Open in wallet" }).getAttribute("href")).toBe(
      `lightning:${invoice}`,
    );
    expect(screen.getByText("Pay within 10 min 00 s.")).toBeTruthy();
    fireEvent.click(screen.getByRole("button", { name: "Copy invoice" }));
    await screen.findByText("Copied to the clipboard.");
    expect(writeText).toHaveBeenCalledWith(invoice);
  });

  it("says when the invoice expired", () => {
    render(<InvoiceBox invoice={invoice} expiresAt={900} now={1000} />);
    expect(screen.getByText(/This invoice has expired/)).toBeTruthy();
  });
});
