// The protocol's live notices as the stream delivers them: a breaker banner naming the asset until it
// is re-armed, the signed-in account's liquidation with the views it makes stale refreshed.
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { act, cleanup, render, screen } from "@testing-library/react";
import { MemoryRouter } from "react-router";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { StreamEvent } from "../stream/stream.ts";
import { ProtocolNoticesFor } from "./ProtocolNotices.tsx";

// The stream's fan-out, driven by the test instead of a WebSocket.
const stream = vi.hoisted(() => ({ listeners: new Set<(event: StreamEvent) => void>() }));
vi.mock("../stream/stream.ts", () => ({
  subscribe: (listener: (event: StreamEvent) => void) => {
    stream.listeners.add(listener);
    return () => stream.listeners.delete(listener);
  },
  streamConnected: () => true,
  subscribeStatus: () => () => undefined,
}));

const me = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
const weth = `0x${"aa".repeat(20)}`;

function emit(kind: string, data: Record<string, unknown>, account: string | null = null) {
  act(() => {
    for (const listener of stream.listeners) {
      listener({ kind, account, at: "2026-01-15T12:00:00.000Z", data });
    }
  });
}

function renderNotices(client = new QueryClient()) {
  render(
    <MemoryRouter>
      <QueryClientProvider client={client}>
        <ProtocolNoticesFor me={me} chainId={31337} />
      </QueryClientProvider>
    </MemoryRouter>,
  );
  return client;
}

afterEach(cleanup);

describe("<ProtocolNotices>", () => {
  it("shows nothing until an event arrives, and stops listening when unmounted", () => {
    const { container, unmount } = render(
      <MemoryRouter>
        <QueryClientProvider client={new QueryClient()}>
          <ProtocolNoticesFor me={me} chainId={31337} />
        </QueryClientProvider>
      </MemoryRouter>,
    );
    expect(container.innerHTML).toBe("");
    expect(stream.listeners.size).toBe(1);
    unmount();
    expect(stream.listeners.size).toBe(0);
  });

  it("a tripped breaker shows a banner naming the asset until that asset is re-armed", () => {
    renderNotices();
    emit("protocol.oracle.breaker_tripped", { asset: weth, symbol: "WETH", eventId: "7" });
    const banner = screen.getByTestId("breaker-banner");
    expect(banner.getAttribute("role")).toBe("alert");
    expect(banner.textContent).toMatch(
      /circuit breaker tripped: minting and swaps of WETH paused/i,
    );
    // Another asset's re-arm leaves it; its own clears it.
    emit("protocol.oracle.breaker_rearmed", { asset: `0x${"bb".repeat(20)}`, symbol: "WBTC" });
    expect(screen.queryByTestId("breaker-banner")).not.toBeNull();
    emit("protocol.oracle.breaker_rearmed", { asset: weth.toUpperCase().replace("0X", "0x") });
    expect(screen.queryByTestId("breaker-banner")).toBeNull();
  });

  it("a breaker banner can be dismissed", () => {
    renderNotices();
    emit("protocol.oracle.breaker_tripped", { asset: weth, symbol: "WETH" });
    act(() =>
      screen.getByRole("button", { name: "Dismiss the WETH circuit breaker notice" }).click(),
    );
    expect(screen.queryByTestId("breaker-banner")).toBeNull();
  });

  it("my liquidation shows a notice and refreshes the portfolio and positions", () => {
    const client = new QueryClient();
    const invalidate = vi.spyOn(client, "invalidateQueries");
    renderNotices(client);
    emit(
      "protocol.liquidation",
      {
        synthSymbol: "sUSD",
        collateralSymbol: "WETH",
        kind: "full",
        eventId: "9",
        synth: `0x${"cc".repeat(20)}`,
        collateral: weth,
      },
      me,
    );
    const notice = screen.getByTestId("liquidation-notice");
    expect(notice.textContent).toMatch(/Your sUSD position backed by WETH was liquidated\./);
    expect(screen.getByRole("link", { name: "See your positions" }).getAttribute("href")).toBe("/");
    expect(invalidate.mock.calls.map(([filter]) => filter)).toEqual([
      { queryKey: ["portfolio"] },
      { queryKey: ["activity"] },
      { queryKey: ["synths", "account"] },
      { queryKey: ["synths", "positions"] },
    ]);
    act(() => screen.getByRole("button", { name: "Dismiss the liquidation notice" }).click());
    expect(screen.queryByTestId("liquidation-notice")).toBeNull();
  });

  it("someone else's liquidation and other kinds show nothing", () => {
    const client = new QueryClient();
    const invalidate = vi.spyOn(client, "invalidateQueries");
    const { container } = render(
      <MemoryRouter>
        <QueryClientProvider client={client}>
          <ProtocolNoticesFor me={me} chainId={31337} />
        </QueryClientProvider>
      </MemoryRouter>,
    );
    emit("protocol.liquidation", { kind: "full" }, `0x${"dd".repeat(20)}`);
    emit("lightning.swap", { status: "invoice.set" }, me);
    expect(container.innerHTML).toBe("");
    expect(invalidate).not.toHaveBeenCalled();
    emit("protocol.fees.distributed", { symbol: "sUSD" });
    expect(container.innerHTML).toBe("");
    expect(invalidate).toHaveBeenCalledTimes(2);
  });
});
