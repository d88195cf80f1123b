// Supply chain: items with their status, custodian and checkpoints; an item's custody history,
// checkpoints and flags; offering and accepting custody; and checkpoints signed in the wallet by an
// attestor (EIP-712, as SupplyChainTracker verifies them) and submitted by anyone.
// Routes: /supply-chain and /supply-chain/<itemId>.
import { Link, Route, Routes } from "react-router";
import { useAppChainId } from "../../hooks/useAppChain.ts";
import { Empty } from "../../ui/States.tsx";
import { ItemPage } from "./ItemDetail.tsx";
import { ItemList } from "./ItemList.tsx";
import "./supplyChain.css";

export function Component() {
  const chainId = useAppChainId();
  return (
    <div className="page sc">
      <h1>Supply chain</h1>
      <Routes>
        <Route index element={<ItemList chainId={chainId} />} />
        <Route path=":itemId" element={<ItemPage chainId={chainId} />} />
        <Route
          path="*"
          element={
            <Empty>
              Nothing here. <Link to="/supply-chain">All items</Link>
            </Empty>
          }
        />
      </Routes>
    </div>
  );
}
