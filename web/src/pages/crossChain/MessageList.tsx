// The account's cross-chain messages on every chain, sent and received, newest first, each with its
// route, amount, the other party and where it stands; any can be followed, and a failed one retried
// (following it opens its Retry).
import type { Address } from "viem";
import { formatAmount, relativeTime, shortAddress } from "../../ui/format.ts";
import { Empty, QueryView } from "../../ui/States.tsx";
import { TableWrap } from "../../ui/TableWrap.tsx";
import { ccipChain } from "./lanes.ts";
import { type Status, stateLabel, toneOf } from "./messageState.ts";
import { type MessageRef, useMyMessages } from "./queries.ts";
import { rowsOf } from "./rows.ts";

export function MessageList({
  account,
  followed,
  onFollow,
}: {
  account: Address;
  followed?: { messageId: string; status: Status | undefined };
  onFollow: (ref: MessageRef) => void;
}) {
  const query = useMyMessages(account);
  return (
    <section className="card cc-list" aria-labelledby="cc-list-title">
      <h2 id="cc-list-title">Your cross-chain messages</h2>
      <QueryView
        query={query}
        what="your cross-chain messages"
        isEmpty={(items) => items.length === 0}
        empty="No cross-chain transfers yet: send one above."
      >
        {(items) => {
          const rows = rowsOf(items, account, followed);
          if (rows.length === 0)
            return <Empty>No cross-chain transfers yet: send one above.</Empty>;
          return (
            <TableWrap label="Your cross-chain messages">
              <table>
                <thead>
                  <tr>
                    <th scope="col">When</th>
                    <th scope="col">Route</th>
                    <th scope="col" className="num">
                      Amount
                    </th>
                    <th scope="col">With</th>
                    <th scope="col">State</th>
                    <th scope="col">
                      <span className="visually-hidden">Actions</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {rows.map((row) => {
                    const from =
                      ccipChain(row.ref.sourceChainId)?.name ?? `chain ${row.ref.sourceChainId}`;
                    const to =
                      ccipChain(row.ref.destChainId)?.name ?? `chain ${row.ref.destChainId}`;
                    const tone = toneOf(row.status);
                    const short = shortAddress(row.ref.messageId);
                    return (
                      <tr
                        key={row.ref.messageId}
                        data-testid="cc-message-row"
                        data-message-id={row.ref.messageId}
                        data-state={row.status.state}
                      >
                        <td>{relativeTime(row.at)}</td>
                        <td>
                          {from} → {to}
                        </td>
                        <td className="num">
                          {row.amount === null ? "—" : formatAmount(row.amount, row.decimals, 6)}{" "}
                          {row.symbol}
                        </td>
                        <td>
                          {row.outgoing ? "to " : "from "}
                          {row.counterparty?.toLowerCase() === account.toLowerCase() ? (
                            "yourself"
                          ) : (
                            <code title={row.counterparty ?? undefined}>
                              {shortAddress(row.counterparty)}
                            </code>
                          )}
                        </td>
                        <td>
                          <span className={`badge ${tone === "info" ? "" : tone}`}>
                            {row.rawState ?? stateLabel(row.status)}
                          </span>
                        </td>
                        <td>
                          <button
                            type="button"
                            className={
                              row.status.state === "failed" ? "button" : "button secondary"
                            }
                            aria-label={`${row.status.state === "failed" ? "Retry" : "Follow"} message ${short}`}
                            onClick={() => onFollow(row.ref)}
                          >
                            {row.status.state === "failed" ? "Retry" : "Follow"}
                          </button>
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </TableWrap>
          );
        }}
      </QueryView>
    </section>
  );
}
