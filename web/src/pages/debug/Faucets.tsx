// Dev faucets for the connected account on a local chain: ETH straight from the dev node
// (`hardhat_setBalance` through the chain's RPC: no transaction, so an empty account can start), and
// each collateral token minted by the account itself (MockERC20.mint is open to anyone) through the
// transaction lifecycle. An account without ETH (the new dev burner wallet) is offered "Fund this
// account" first: ETH, then every collateral, in one go. Balances update afterwards.
import { mockERC20Abi } from "@fluxion/deploy";
import { useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { type Address, createTestClient, http, parseEther, parseUnits } from "viem";
import { useBalance, useConfig, useConnection, useReadContracts } from "wagmi";
import { getBalance } from "wagmi/actions";
import { appChains, rpcUrl } from "../../lib/chains.ts";
import { deploymentOf } from "../../lib/deployment.ts";
import { decodeError } from "../../tx/decodeError.ts";
import type { ContractCall } from "../../tx/lifecycle.ts";
import { useTransaction } from "../../tx/useTransaction.ts";
import { formatAmount, parseAmount } from "../../ui/format.ts";
import { Loading } from "../../ui/States.tsx";
import { TxStatus } from "../../ui/TxStatus.tsx";
import { CopyButton } from "./CopyButton.tsx";

/** What "Fund this account" gives: ETH topped up to this, and this many of each collateral. */
export const fundEth = parseEther("100");
export const fundTokens = "1000";

type Token = { symbol: string; address: Address; decimals: number };

function collateralOf(chainId: number): Token[] {
  const deployment = deploymentOf(chainId);
  if (!deployment) return [];
  return Object.values(deployment.collateral).map((c) => ({
    symbol: c.symbol,
    address: c.address,
    decimals: c.decimals,
  }));
}

/** Sets an account's ETH on a dev node (Hardhat's and Anvil's `hardhat_setBalance`). */
async function setEthBalance(chainId: number, address: Address, value: bigint): Promise<void> {
  const chain = appChains.find((c) => c.id === chainId);
  const client = createTestClient({ chain, mode: "hardhat", transport: http(rpcUrl(chainId)) });
  await client.setBalance({ address, value });
}

export function Faucets({ chainId }: { chainId: number }) {
  const { address } = useConnection();
  return (
    <section className="card debug-faucets" aria-labelledby="faucets-title">
      <h2 id="faucets-title">Dev faucets</h2>
      {address ? (
        <FaucetsFor chainId={chainId} address={address} />
      ) : (
        <p className="muted">
          Connect a wallet to get dev ETH and collateral. No wallet extension? Choose “Dev burner
          wallet” under Connect wallet: it makes an account in this browser, then fund it here.
        </p>
      )}
    </section>
  );
}

type EthStatus = { kind: "busy" | "ok" | "failed"; text: string; code?: string };

function FaucetsFor({ chainId, address }: { chainId: number; address: Address }) {
  const config = useConfig();
  const queryClient = useQueryClient();
  const tokens = collateralOf(chainId);
  const eth = useBalance({ address, chainId });
  const balances = useReadContracts({
    contracts: tokens.map((t) => ({
      chainId,
      address: t.address,
      abi: mockERC20Abi,
      functionName: "balanceOf" as const,
      args: [address] as const,
    })),
  });
  const tx = useTransaction();
  const [ethStatus, setEthStatus] = useState<EthStatus>();
  const [ethAmount, setEthAmount] = useState("10");
  const [ethError, setEthError] = useState<string>();
  const [amounts, setAmounts] = useState<Record<string, string>>(() =>
    Object.fromEntries(tokens.map((t) => [t.symbol, fundTokens])),
  );
  const [amountErrors, setAmountErrors] = useState<Record<string, string>>({});
  const busy = tx.busy || ethStatus?.kind === "busy";
  const hasEth = eth.data !== undefined && eth.data.value > 0n;

  /** Adds `add` ETH, or tops the balance up to `topUpTo`; false when the node refused. */
  const addEth = async (change: { add: bigint } | { topUpTo: bigint }): Promise<boolean> => {
    setEthStatus({ kind: "busy", text: "Adding ETH…" });
    try {
      const current = (await getBalance(config, { address, chainId })).value;
      const next = "add" in change ? current + change.add : change.topUpTo;
      if (next <= current) {
        setEthStatus({
          kind: "ok",
          text: `This account already has ${formatAmount(current, 18)} ETH.`,
        });
        return true;
      }
      await setEthBalance(chainId, address, next);
      await queryClient.invalidateQueries();
      setEthStatus({
        kind: "ok",
        text: `Added ${formatAmount(next - current, 18)} ETH: the balance is now ${formatAmount(next, 18)} ETH.`,
      });
      return true;
    } catch (error) {
      const decoded = decodeError(error);
      setEthStatus({
        kind: "failed",
        text: `The dev node did not set the balance: ${decoded.message}`,
        code: decoded.code,
      });
      return false;
    }
  };

  const mintCalls = (list: { token: Token; amount: bigint }[]): ContractCall[] =>
    list.map(({ token, amount }) => ({
      label: `Mint ${formatAmount(amount, token.decimals)} ${token.symbol}`,
      address: token.address,
      abi: mockERC20Abi,
      functionName: "mint",
      args: [address, amount],
    }));

  const fundAll = async () => {
    tx.reset();
    // ETH first: the mints are transactions this account pays gas for.
    if (!(await addEth({ topUpTo: fundEth }))) return;
    await tx.send(
      chainId,
      mintCalls(tokens.map((token) => ({ token, amount: parseUnits(fundTokens, token.decimals) }))),
    );
  };

  const submitEth = async (event: FormEvent) => {
    event.preventDefault();
    const wei = parseAmount(ethAmount, 18);
    if (wei === undefined || wei === 0n) {
      setEthError("Enter an amount of ETH greater than 0, like 10.");
      return;
    }
    setEthError(undefined);
    await addEth({ add: wei });
  };

  const submitToken = (token: Token) => async (event: FormEvent) => {
    event.preventDefault();
    const amount = parseAmount(amounts[token.symbol] ?? "", token.decimals);
    if (amount === undefined || amount === 0n) {
      setAmountErrors((old) => ({
        ...old,
        [token.symbol]: `Enter an amount of ${token.symbol} greater than 0 (at most ${token.decimals} decimals).`,
      }));
      return;
    }
    setAmountErrors((old) => ({ ...old, [token.symbol]: "" }));
    await tx.send(chainId, mintCalls([{ token, amount }]));
  };

  const tokenList = tokens.map((t) => t.symbol).join(", ");
  return (
    <div className="debug-faucet-body">
      <p className="debug-account">
        <span className="muted">Account </span>
        <code data-testid="faucet-account">{address}</code>{" "}
        <CopyButton text={address} label="Copy account address" />
      </p>
      {eth.isPending ? (
        <Loading what="the account's ETH" />
      ) : !hasEth && !eth.error ? (
        <div className="debug-fund-first">
          <p>
            <strong>This account has no ETH yet</strong>, so it cannot pay for any transaction.
            Start here: fund it with {formatAmount(fundEth, 18)} ETH and{" "}
            {formatAmount(BigInt(fundTokens), 0)} each of {tokenList}.
          </p>
          <button
            type="button"
            className="button debug-fund-button"
            disabled={busy}
            onClick={() => void fundAll()}
          >
            Fund this account
          </button>
        </div>
      ) : (
        <div className="row">
          <button
            type="button"
            className="button secondary"
            disabled={busy}
            onClick={() => void fundAll()}
          >
            Fund this account
          </button>
          <span className="hint">
            Tops ETH up to {formatAmount(fundEth, 18)} and mints{" "}
            {formatAmount(BigInt(fundTokens), 0)} each of {tokenList}.
          </span>
        </div>
      )}
      <ul className="debug-faucet-list">
        <li>
          <form className="debug-faucet" onSubmit={submitEth} noValidate>
            <div className="debug-faucet-asset">
              <strong>ETH</strong>
              <span className="mono" data-testid="balance-ETH">
                {eth.data ? formatAmount(eth.data.value, 18) : eth.error ? "unavailable" : "…"}
              </span>
            </div>
            <div className="field">
              <label htmlFor="faucet-eth">ETH to add</label>
              <input
                id="faucet-eth"
                type="text"
                inputMode="decimal"
                value={ethAmount}
                disabled={busy}
                onChange={(e) => {
                  setEthAmount(e.target.value);
                  setEthError(undefined);
                }}
                aria-invalid={ethError ? true : undefined}
                aria-describedby={ethError ? "faucet-eth-error" : undefined}
              />
              {ethError ? (
                <p id="faucet-eth-error" className="error debug-field-error">
                  {ethError}
                </p>
              ) : null}
            </div>
            <button type="submit" className="button secondary" disabled={busy}>
              Add ETH
            </button>
          </form>
        </li>
        {tokens.map((token, i) => {
          const balance = balances.data?.[i];
          const id = `faucet-${token.symbol}`;
          const error = amountErrors[token.symbol];
          return (
            <li key={token.address}>
              <form className="debug-faucet" onSubmit={submitToken(token)} noValidate>
                <div className="debug-faucet-asset">
                  <strong>{token.symbol}</strong>
                  <span className="mono" data-testid={`balance-${token.symbol}`}>
                    {balance?.status === "success"
                      ? formatAmount(balance.result as bigint, token.decimals)
                      : balances.isPending
                        ? "…"
                        : "unavailable"}
                  </span>
                </div>
                <div className="field">
                  <label htmlFor={id}>{token.symbol} to mint</label>
                  <input
                    id={id}
                    type="text"
                    inputMode="decimal"
                    value={amounts[token.symbol] ?? ""}
                    disabled={busy}
                    onChange={(e) => {
                      setAmounts((old) => ({ ...old, [token.symbol]: e.target.value }));
                      setAmountErrors((old) => ({ ...old, [token.symbol]: "" }));
                    }}
                    aria-invalid={error ? true : undefined}
                    aria-describedby={error ? `${id}-error` : undefined}
                  />
                  {error ? (
                    <p id={`${id}-error`} className="error debug-field-error">
                      {error}
                    </p>
                  ) : null}
                </div>
                <button type="submit" className="button secondary" disabled={busy || !hasEth}>
                  Mint {token.symbol}
                </button>
              </form>
            </li>
          );
        })}
      </ul>
      {hasEth ? null : <p className="hint">Minting collateral needs gas: add ETH first.</p>}
      {ethStatus ? (
        <p
          className={
            ethStatus.kind === "failed" ? "error" : ethStatus.kind === "ok" ? "ok" : "muted"
          }
          role={ethStatus.kind === "failed" ? "alert" : "status"}
          data-testid="eth-faucet-status"
          data-error-code={ethStatus.code}
        >
          {ethStatus.text}
        </p>
      ) : null}
      <TxStatus state={tx.state} onDismiss={tx.reset} />
    </div>
  );
}
