// Once per block: the chain's clock (the portfolio route values cooldowns against it) and proposal
// states that change with time alone.
import { ponder } from "ponder:registry";
import { chainClock } from "ponder:schema";
import { refreshOpenProposals } from "./governance.ts";

ponder.on("ChainClock:block", async ({ event, context }) => {
  const chainId = context.chain.id;
  const clock = { blockNumber: event.block.number, timestamp: event.block.timestamp };
  await context.db
    .insert(chainClock)
    .values({ chainId, ...clock })
    .onConflictDoUpdate(clock);
  await refreshOpenProposals(context.db, chainId, event.block.timestamp);
});
