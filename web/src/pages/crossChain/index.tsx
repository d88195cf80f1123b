// Cross-chain: move synths between the chains Fluxion runs on over Chainlink CCIP. Send (the fee quoted
// live, in ETH or LINK, with the lane's rate limit beside it), then follow the message on both chains
// until it is delivered, or retry it when it failed; and the account's messages on every chain.
import { useCallback, useState } from "react";
import type { Address } from "viem";
import { useConnection } from "wagmi";
import { useAppChainId } from "../../hooks/useAppChain.ts";
import { Empty } from "../../ui/States.tsx";
import { loadFollowed, saveFollowed } from "./followed.ts";
import { ccipChain, ccipChains } from "./lanes.ts";
import { MessageList } from "./MessageList.tsx";
import { MessageProgress } from "./MessageProgress.tsx";
import { type MessageRef, useFollowMessage } from "./queries.ts";
import { SendForm } from "./SendForm.tsx";
import "./crossChain.css";

export function Component() {
  const { address } = useConnection();
  const appChain = useAppChainId();
  let body: React.ReactNode;
  if (ccipChains.length < 2) {
    body = (
      <Empty>
        Cross-chain transfers need Fluxion on two chains joined by CCIP lanes, and this deployment
        has {ccipChains.length === 0 ? "none" : "only one"}.
      </Empty>
    );
  } else if (!address) {
    body = <Empty>Connect a wallet to move synths between chains and follow your transfers.</Empty>;
  } else {
    body = <CrossChain key={address} account={address} appChain={appChain} />;
  }
  return (
    <div className="page cc-page">
      <h1>Cross-chain</h1>
      <p className="muted">
        Move synths between {ccipChains.map((c) => c.name).join(" and ") || "chains"} with Chainlink
        CCIP: burnt on one chain, minted on the other once the message is final and delivered.
      </p>
      {body}
    </div>
  );
}

function focusProgress() {
  requestAnimationFrame(() => document.getElementById("cc-progress-title")?.focus());
}

function CrossChain({ account, appChain }: { account: Address; appChain: number }) {
  const [sourceChoice, setSourceChoice] = useState<number>();
  const source =
    sourceChoice ?? (ccipChain(appChain) ? appChain : (ccipChains[0]?.chainId ?? appChain));
  const [followed, setFollowedState] = useState<MessageRef | undefined>(() =>
    loadFollowed(sessionStorage, account),
  );
  const setFollowed = useCallback(
    (ref: MessageRef | undefined) => {
      saveFollowed(sessionStorage, account, ref);
      setFollowedState(ref);
    },
    [account],
  );
  const follow = useFollowMessage(followed);
  const onSent = useCallback(
    (ref: MessageRef) => {
      setFollowed(ref);
      focusProgress();
    },
    [setFollowed],
  );
  return (
    <>
      <div className="grid cc-grid">
        <SendForm
          account={account}
          sourceChainId={source}
          onSource={setSourceChoice}
          onSent={onSent}
        />
        {followed ? (
          <MessageProgress
            key={followed.messageId}
            messageRef={followed}
            follow={follow}
            onClose={() => setFollowed(undefined)}
          />
        ) : null}
      </div>
      <MessageList
        account={account}
        followed={followed ? { messageId: followed.messageId, status: follow.status } : undefined}
        onFollow={(ref) => {
          setFollowed(ref);
          focusProgress();
        }}
      />
    </>
  );
}
