// Every position the account holds on this chain (as indexed), to switch the page to another pair.
import type { Address } from "viem";
import { tokenByAddress } from "../../lib/deployment.ts";
import { formatAmount, formatRatio, shortAddress } from "../../ui/format.ts";
import { QueryView } from "../../ui/States.tsx";
import { HealthBadge } from "./ActionForm.tsx";
import { useMyPositions } from "./queries.ts";

const healths = ["no_debt", "healthy", "below_issuance", "liquidatable", "unpriced"] as const;
type Health = (typeof healths)[number];

export function MyPositions({
  chainId,
  owner,
  current,
  onPick,
}: {
  chainId: number;
  owner: Address;
  current: { synth: string; collateral: string };
  onPick: (synth: string, collateral: string) => void;
}) {
  const query = useMyPositions(chainId, owner);
  return (
    <section className="card" aria-labelledby="synths-all">
      <h2 id="synths-all">All your positions</h2>
      <QueryView
        query={query}
        what="your positions"
        isEmpty={(items) => items.length === 0}
        empty="No open positions yet."
      >
        {(items) => (
          // A scrolling region on narrow screens: focusable so the keyboard can scroll it.
          // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be focusable (WCAG 2.1.1)
          <section className="table-wrap" aria-label="Your positions" tabIndex={0}>
            <table>
              <thead>
                <tr>
                  <th scope="col">Position</th>
                  <th scope="col" className="num">
                    Collateral
                  </th>
                  <th scope="col" className="num">
                    Debt
                  </th>
                  <th scope="col" className="num">
                    Ratio
                  </th>
                  <th scope="col">Health</th>
                  <th scope="col">
                    <span className="synths-sr-only">Action</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {items.map((p) => {
                  const synth = tokenByAddress(chainId, p.synth);
                  const collateral = tokenByAddress(chainId, p.collateral);
                  const name = `${synth?.symbol ?? shortAddress(p.synth)} against ${collateral?.symbol ?? shortAddress(p.collateral)}`;
                  const isCurrent =
                    synth?.symbol === current.synth && collateral?.symbol === current.collateral;
                  const health: Health = (healths as readonly string[]).includes(p.health)
                    ? (p.health as Health)
                    : "unpriced";
                  return (
                    <tr key={`${p.collateral}-${p.synth}`}>
                      <th scope="row">{name}</th>
                      <td className="num">
                        {formatAmount(p.collateralAmount, collateral?.decimals ?? 18)}{" "}
                        {collateral?.symbol}
                      </td>
                      <td className="num">
                        {formatAmount(p.debt, synth?.decimals ?? 18)} {synth?.symbol}
                      </td>
                      <td className="num">
                        {p.debt === "0" ? "—" : formatRatio(p.collateralRatio)}
                      </td>
                      <td>
                        <HealthBadge health={health} />
                      </td>
                      <td>
                        {isCurrent ? (
                          <span className="muted">Shown above</span>
                        ) : synth && collateral ? (
                          <button
                            type="button"
                            className="button secondary"
                            aria-label={`Manage ${name}`}
                            onClick={() => onPick(synth.symbol, collateral.symbol)}
                          >
                            Manage
                          </button>
                        ) : null}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </section>
        )}
      </QueryView>
    </section>
  );
}
