// The function forms in happy-dom: fields built from the ABI (nested tuple and array), per-field
// errors on submit with nothing sent, the ×1e18 helper, and JSON editing carried across.
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { cleanup, fireEvent, render, screen, within } from "@testing-library/react";
import type { ReactNode } from "react";
import type { Abi } from "viem";
import { afterEach, describe, expect, it } from "vitest";
import { WagmiProvider } from "wagmi";
import { wagmiConfig } from "../../wallet/config.ts";
import { type DebugContract, functionsOf } from "./contracts.ts";
import { FunctionPanel } from "./Functions.tsx";

const abi = [
  {
    type: "function",
    name: "configure",
    stateMutability: "payable",
    outputs: [],
    inputs: [
      { name: "asset", type: "address" },
      {
        name: "config",
        type: "tuple",
        internalType: "struct Feed",
        components: [
          { name: "heartbeat", type: "uint32" },
          { name: "ids", type: "uint8[]" },
        ],
      },
      { name: "salt", type: "bytes32" },
      { name: "on", type: "bool" },
    ],
  },
] as const satisfies Abi;

const contract: DebugContract = {
  key: "Test",
  label: "Test",
  group: "Core",
  abiName: "MockERC20",
  abi,
  address: "0x5FbDB2315678afecb367f032d93F642f64180aa3",
  decimals: 18,
};

function wrap(children: ReactNode) {
  const client = new QueryClient();
  return (
    <WagmiProvider config={wagmiConfig}>
      <QueryClientProvider client={client}>{children}</QueryClientProvider>
    </WagmiProvider>
  );
}

function renderPanel() {
  const fn = functionsOf(abi)[0];
  if (!fn) throw new Error("no function");
  render(
    wrap(
      <FunctionPanel
        fn={fn}
        open
        onToggle={() => {}}
        contract={contract}
        chainId={31337}
        context={{ decimals: 18 }}
      />,
    ),
  );
  return screen.getByRole("region", { name: "configure (payable write)" });
}

const type = (el: HTMLElement, text: string) => fireEvent.change(el, { target: { value: text } });

afterEach(cleanup);

describe("a write's form", () => {
  it("builds labelled fields for every parameter, nested ones included", () => {
    const panel = renderPanel();
    expect(within(panel).getByLabelText("asset (address)")).toBeTruthy();
    expect(within(panel).getByRole("group", { name: "config (Feed)" })).toBeTruthy();
    expect(within(panel).getByLabelText("heartbeat (uint32)")).toBeTruthy();
    expect(within(panel).getByRole("group", { name: "ids (uint8[])" })).toBeTruthy();
    expect(within(panel).getByLabelText("salt (bytes32)")).toBeTruthy();
    expect(within(panel).getByLabelText("on (bool)").tagName).toBe("SELECT");
    expect(within(panel).getByLabelText(/Value to send/)).toBeTruthy();
  });

  it("shows each error beside its field and sends nothing", () => {
    const panel = renderPanel();
    const q = within(panel);
    type(q.getByLabelText("asset (address)"), "0x1234");
    type(q.getByLabelText("heartbeat (uint32)"), "-1");
    fireEvent.click(q.getByRole("button", { name: "Add an item to ids" }));
    type(q.getByLabelText("ids[0] (uint8)"), "300");
    type(q.getByLabelText("salt (bytes32)"), "0xab");
    type(q.getByLabelText(/Value to send/), "lots");
    fireEvent.click(q.getByRole("button", { name: "Send" }));
    const asset = q.getByLabelText("asset (address)");
    expect(asset.getAttribute("aria-invalid")).toBe("true");
    const describedBy = asset.getAttribute("aria-describedby") ?? "";
    expect(document.getElementById(describedBy)?.textContent).toMatch(/40 hex digits/);
    expect(q.getByText(/uint32 cannot be negative/)).toBeTruthy();
    expect(q.getByText(/uint8 holds 0 to 255/)).toBeTruthy();
    expect(q.getByText(/bytes32 needs exactly 32 bytes/)).toBeTruthy();
    expect(q.getByText(/Enter an amount of ETH/)).toBeTruthy();
    expect(panel.querySelector(".tx-status")).toBeNull();
    // Editing a field clears its error.
    type(q.getByLabelText("heartbeat (uint32)"), "60");
    expect(q.queryByText(/uint32 cannot be negative/)).toBeNull();
  });

  it("scales with ×1e18 and hashes text with keccak256", () => {
    const q = within(renderPanel());
    const heartbeat = q.getByLabelText("heartbeat (uint32)") as HTMLInputElement;
    type(heartbeat, "1.5");
    fireEvent.click(q.getByRole("button", { name: /×1e18: multiply heartbeat/ }));
    expect(heartbeat.value).toBe("1500000000000000000");
    type(heartbeat, "nope");
    fireEvent.click(q.getByRole("button", { name: /×1e18: multiply heartbeat/ }));
    expect(q.getByText(/Type a plain number first/)).toBeTruthy();
    const salt = q.getByLabelText("salt (bytes32)") as HTMLInputElement;
    type(salt, "MINTER_ROLE");
    fireEvent.click(q.getByRole("button", { name: /keccak256/ }));
    expect(salt.value).toBe("0x9f2df0fed2c77648de5860a4cc508cd0818c85b8b8a1ab4ceeef8d981c8956a6");
  });

  it("carries a tuple's value to JSON and back", () => {
    const q = within(renderPanel());
    type(q.getByLabelText("heartbeat (uint32)"), "60");
    fireEvent.click(q.getByRole("button", { name: "Add an item to ids" }));
    type(q.getByLabelText("ids[0] (uint8)"), "7");
    const config = q.getByRole("group", { name: "config (Feed)" });
    fireEvent.click(
      within(config).getAllByRole("button", { name: "Edit as JSON" })[0] as HTMLElement,
    );
    const json = q.getByLabelText("config as JSON (Feed)") as HTMLTextAreaElement;
    expect(json.value).toBe('["60",["7"]]');
    type(json, '{"heartbeat": 90, "ids": [1, 2]}');
    fireEvent.click(q.getByRole("button", { name: "Edit as fields" }));
    expect((q.getByLabelText("heartbeat (uint32)") as HTMLInputElement).value).toBe("90");
    expect((q.getByLabelText("ids[1] (uint8)") as HTMLInputElement).value).toBe("2");
  });

  it("reports JSON garbage at the JSON field", () => {
    const q = within(renderPanel());
    const config = q.getByRole("group", { name: "config (Feed)" });
    fireEvent.click(
      within(config).getAllByRole("button", { name: "Edit as JSON" })[0] as HTMLElement,
    );
    type(q.getByLabelText("config as JSON (Feed)"), '{"heartbeat": 1, "ids": [[1]]}');
    fireEvent.click(q.getByRole("button", { name: "Send" }));
    expect(q.getByText(/At ids\[0\]: Expected a number, got a list/)).toBeTruthy();
  });
});
