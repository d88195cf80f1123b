// @fluxion/keepers: the Lightning bridge's building blocks (see README "Lightning bridge").
export { BridgeKeeper, type BridgeKeeperOptions } from "./bridge/keeper.ts";
export {
  BridgeService,
  type CreateMintParameters,
  type RegisterBurnParameters,
} from "./bridge/service.ts";
export { type BridgeSettings, defaultBridgeSettings } from "./bridge/settings.ts";
export { Gateway, type OnChainSwap } from "./chain/gateway.ts";
export { type ChainTx, NonceSigner, type SendRequest } from "./chain/nonceSigner.ts";
export { migrate } from "./db/migrate.ts";
export { openSql, type Sql } from "./db/sql.ts";
export { isRetryable, KeeperError } from "./errors.ts";
export { InvoiceWatcher } from "./lightning/invoiceWatcher.ts";
export { LightningNode, networkOfRequest } from "./lightning/lnd.ts";
export { type Direction, isFinal, type SwapState } from "./swaps/states.ts";
export { LeaseLostError, type Swap, SwapStore } from "./swaps/store.ts";
