// Governance: proposals with their state, tally, quorum and countdowns; a proposal's decoded actions,
// votes and the vote / queue / execute buttons its state allows; delegation, FLX staking with its
// cooldown and fee rewards; and parameter-change proposals built from a form.
// Routes: /governance, /governance/new, /governance/<proposalId>.
import { Link, Route, Routes } from "react-router";
import { useAppChainId } from "../../hooks/useAppChain.ts";
import { Empty } from "../../ui/States.tsx";
import { CreateProposal } from "./CreateProposal.tsx";
import { Overview } from "./Overview.tsx";
import { ProposalPage } from "./ProposalDetail.tsx";
import "./governance.css";

export function Component() {
  const chainId = useAppChainId();
  return (
    <div className="page gov">
      <h1>Governance</h1>
      <Routes>
        <Route index element={<Overview chainId={chainId} />} />
        <Route path="new" element={<CreateProposal chainId={chainId} />} />
        <Route path=":proposalId" element={<ProposalPage chainId={chainId} />} />
        <Route
          path="*"
          element={
            <Empty>
              Nothing here. <Link to="/governance">All proposals</Link>
            </Empty>
          }
        />
      </Routes>
    </div>
  );
}
