// Page-wide notices from the protocol's live events (the scheduled keepers, via the API's stream): a
// circuit breaker that tripped (minting and swaps of the asset paused) until it is re-armed, and a
// liquidation of the signed-in account's position. The events also refresh the views they make stale.
// The stream is opened for a signed-in session, so these follow signed-in accounts.
import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Link } from "react-router";
import { useConnection } from "wagmi";
import { useAppChainId } from "../hooks/useAppChain.ts";
import {
  dismissBreaker,
  dismissLiquidation,
  liquidationsOf,
  noNotices,
  noticesAfter,
  protocolKinds,
  refreshesFor,
} from "../stream/protocolEvents.ts";
import { useStreamEvents } from "../stream/useStream.ts";

export function ProtocolNotices() {
  const { address } = useConnection();
  return <ProtocolNoticesFor me={address} chainId={useAppChainId()} />;
}

/** The notices for the account `me` (the connected one) on `chainId`. */
export function ProtocolNoticesFor({ me, chainId }: { me: string | undefined; chainId: number }) {
  const queryClient = useQueryClient();
  const [notices, setNotices] = useState(noNotices);

  useStreamEvents((event) => {
    setNotices((current) => noticesAfter(current, event, { me, chainId }));
    for (const refresh of refreshesFor(event, me)) void queryClient.invalidateQueries(refresh);
  }, protocolKinds);

  return (
    <>
      {notices.breakers.map((breaker) => (
        <div
          key={breaker.asset}
          className="banner warn notice"
          role="alert"
          data-testid="breaker-banner"
          data-asset={breaker.asset}
        >
          <span>
            Circuit breaker tripped: minting and swaps of {breaker.symbol} paused. They resume once
            its price feed is re-armed.
          </span>
          <button
            type="button"
            className="button secondary"
            aria-label={`Dismiss the ${breaker.symbol} circuit breaker notice`}
            onClick={() => setNotices((current) => dismissBreaker(current, breaker.asset))}
          >
            Dismiss
          </button>
        </div>
      ))}
      {liquidationsOf(notices, me).map((liquidation) => (
        <div
          key={liquidation.eventId}
          className="banner danger notice"
          role="alert"
          data-testid="liquidation-notice"
        >
          <span>
            {liquidation.text} <Link to="/">See your positions</Link>
          </span>
          <button
            type="button"
            className="button secondary"
            aria-label="Dismiss the liquidation notice"
            onClick={() =>
              setNotices((current) => dismissLiquidation(current, liquidation.eventId))
            }
          >
            Dismiss
          </button>
        </div>
      ))}
    </>
  );
}
