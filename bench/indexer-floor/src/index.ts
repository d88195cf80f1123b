// One handler, one insert per event: all the floor app does.
import { ponder } from "ponder:registry";
import { swap } from "ponder:schema";

ponder.on("LiquidityPoolManager:Swap", async ({ event, context }) => {
  await context.db.insert(swap).values({
    id: event.id,
    poolId: event.args.poolId,
    amountIn: event.args.amountIn,
    amountOut: event.args.amountOut,
    blockNumber: event.block.number,
  });
});
