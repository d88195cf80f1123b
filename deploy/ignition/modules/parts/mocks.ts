// Local chains only: MockPriceFeed price feeds (Chainlink Local's MockV3Aggregator, plus the AnswerUpdated/NewRound
// events of a real Chainlink aggregator) and faucet ERC20 collateral.
import { type Context, futureId } from "./context.ts";

export function deployMocks(ctx: Context): void {
  const { m, config } = ctx;
  for (const f of config.mocks.feeds) {
    ctx.mockFeeds.set(
      f.pair,
      m.contract("MockPriceFeed", [f.decimals, f.answer], { id: futureId("Feed", f.pair) }),
    );
  }
  for (const t of config.mocks.tokens) {
    ctx.mockTokens.set(
      t.symbol,
      m.contract("MockERC20", [t.name, t.symbol, t.decimals], { id: futureId("Token", t.symbol) }),
    );
  }
}
