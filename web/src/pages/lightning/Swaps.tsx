// The account's swaps: refunds (locks whose timelock passed, or when it will) and the history, both
// live from the stream. A refund is the gateway's refundBurn (the synths come back) or refundMint (the
// payer's sats are released), which anyone may send once the timelock passed.
import { lightningGatewayAbi } from "@fluxion/deploy";
import type { Hex } from "viem";
import { tokenByAddress } from "../../lib/deployment.ts";
import { useTransaction } from "../../tx/useTransaction.ts";
import { formatAmount, shortAddress } from "../../ui/format.ts";
import { Empty, QueryView } from "../../ui/States.tsx";
import { TxStatus } from "../../ui/TxStatus.tsx";
import { formatSats } from "./amounts.ts";
import { formatDuration, formatTime, refundWindow } from "./countdown.ts";
import { TableScroll } from "./parts.tsx";
import { type GatewayInfo, type Swap, useChainNow, type useSwaps } from "./queries.ts";
import { isFinalStatus, progressOf } from "./swapStatus.ts";

type SwapsQuery = ReturnType<typeof useSwaps>;

export function Refunds({
  chainId,
  gateway,
  swaps,
}: {
  chainId: number;
  gateway: GatewayInfo;
  swaps: SwapsQuery;
}) {
  const now = useChainNow(chainId);
  return (
    <section className="card" aria-labelledby="ln-refunds">
      <h2 id="ln-refunds">Refunds</h2>
      <QueryView query={swaps} what="your refunds">
        {(data) => {
          // Locks whose refund is open (or sent), and failed swaps counting down to it. A swap still
          // going its way shows its countdown in the history only.
          const open = data.items.filter((s) => {
            const kind = refundWindow(s, now).kind;
            if (kind === "none") return false;
            return kind !== "waiting" || progressOf(s.direction, s.status).failed;
          });
          if (open.length === 0) {
            return (
              <Empty>
                Nothing to refund. A burn that is not paid, or a mint nobody claims, appears here
                with the time its refund opens.
              </Empty>
            );
          }
          return (
            <ul className="ln-list">
              {open.map((s) => (
                <RefundRow
                  key={s.paymentHash}
                  swap={s}
                  now={now}
                  chainId={chainId}
                  gateway={gateway}
                />
              ))}
            </ul>
          );
        }}
      </QueryView>
    </section>
  );
}

function RefundRow({
  swap,
  now,
  chainId,
  gateway,
}: {
  swap: Swap;
  now: number;
  chainId: number;
  gateway: GatewayInfo;
}) {
  const tx = useTransaction();
  const token = tokenByAddress(chainId, swap.synth);
  const window = refundWindow(swap, now);
  const what =
    swap.direction === "burn"
      ? `${formatAmount(swap.amount, token?.decimals ?? 18, 6)} ${token?.symbol ?? ""} locked to pay ${formatSats(swap.sats)}`
      : `A mint of ${formatSats(swap.sats)} (refunding releases the payer's sats; nothing is minted)`;
  const refund = () =>
    tx.send(chainId, [
      {
        label: swap.direction === "burn" ? "Refund your synths" : "Refund the mint's lock",
        address: gateway.address,
        abi: lightningGatewayAbi,
        functionName: swap.direction === "burn" ? "refundBurn" : "refundMint",
        args: [`0x${swap.paymentHash.replace(/^0x/, "")}` as Hex],
      },
    ]);
  return (
    <li className="ln-refund" data-payment-hash={swap.paymentHash}>
      <p>{what}</p>
      <p className="muted">{progressOf(swap.direction, swap.status).words}</p>
      {window.kind === "waiting" ? (
        <p>
          Refund opens {formatTime(window.at)}:{" "}
          <strong>
            in <span data-testid="refund-countdown">{formatDuration(window.opensIn)}</span>
          </strong>{" "}
          <span className="hint">(chain time)</span>
        </p>
      ) : window.kind === "sent" ? (
        <p className="ok">The keeper has sent the refund.</p>
      ) : (
        <p className="ok">
          The refund is open since {formatTime(window.kind === "open" ? window.at : 0)}.
        </p>
      )}
      {window.kind !== "sent" ? (
        <button
          type="button"
          className="button warn"
          disabled={window.kind !== "open" || tx.busy}
          onClick={() => void refund()}
          aria-label={`Refund ${swap.direction} ${shortAddress(`0x${swap.paymentHash}`)}`}
        >
          Refund
        </button>
      ) : null}
      <TxStatus state={tx.state} onDismiss={tx.reset} />
    </li>
  );
}

export function History({
  chainId,
  swaps,
  onFollow,
}: {
  chainId: number;
  swaps: SwapsQuery;
  onFollow: (swap: Swap) => void;
}) {
  const now = useChainNow(chainId);
  return (
    <section className="card" aria-labelledby="ln-history">
      <h2 id="ln-history">Your swaps</h2>
      <QueryView
        query={swaps}
        what="your swaps"
        isEmpty={(d) => d.items.length === 0}
        empty="No Lightning swaps yet."
      >
        {(data) => (
          <TableScroll label="Your swaps">
            <table>
              <thead>
                <tr>
                  <th scope="col">Started</th>
                  <th scope="col">Swap</th>
                  <th scope="col" className="num">
                    Sats
                  </th>
                  <th scope="col" className="num">
                    Synths
                  </th>
                  <th scope="col">State</th>
                  <th scope="col">Refund</th>
                  <th scope="col">
                    <span className="ln-sr">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {data.items.map((s) => {
                  const token = tokenByAddress(chainId, s.synth);
                  const p = progressOf(s.direction, s.status);
                  const window = refundWindow(s, now);
                  const badge = p.failed
                    ? "danger"
                    : p.done
                      ? "ok"
                      : p.tone === "warn"
                        ? "warn"
                        : "";
                  return (
                    <tr
                      key={s.paymentHash}
                      data-payment-hash={s.paymentHash}
                      data-status={s.status}
                    >
                      <td>{new Date(s.createdAt).toLocaleString("en-GB")}</td>
                      <td>
                        {s.direction === "mint" ? "Mint" : "Burn"}{" "}
                        <code title={s.paymentHash}>{s.paymentHash.slice(0, 8)}…</code>
                      </td>
                      <td className="num">{BigInt(s.sats).toLocaleString("en-US")}</td>
                      <td className="num">
                        {formatAmount(s.amount, token?.decimals ?? 18)} {token?.symbol}
                      </td>
                      <td>
                        <span className={`badge ${badge}`}>{p.words}</span>
                        {s.failure ? (
                          <div className="error">{s.failure.message ?? s.failure.code}</div>
                        ) : null}
                      </td>
                      <td>
                        {window.kind === "waiting"
                          ? `in ${formatDuration(window.opensIn)}`
                          : window.kind === "open"
                            ? "open now"
                            : window.kind === "sent"
                              ? "sent"
                              : s.state === "refunded"
                                ? "refunded"
                                : "—"}
                      </td>
                      <td>
                        {isFinalStatus(s.direction, s.status) ? null : (
                          <button type="button" className="link" onClick={() => onFollow(s)}>
                            Follow
                            <span className="ln-sr">
                              {" "}
                              {s.direction} {s.paymentHash.slice(0, 8)}
                            </span>
                          </button>
                        )}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </TableScroll>
        )}
      </QueryView>
    </section>
  );
}
