// The Governor's settings read from the chain: its clock (ERC-6372), threshold, delays, quorum
// fraction and the Timelock's delay; and quorum(timepoint) for proposals whose snapshot has passed.
import { fluxionGovernorAbi, fluxionTimelockAbi } from "@fluxion/deploy";
import { useReadContracts } from "wagmi";
import { contractAddress } from "../../lib/deployment.ts";
import { type ClockMode, parseClockMode } from "./clock.ts";
import { liveInterval } from "./queries.ts";

export type GovernorInfo = {
  mode: ClockMode | undefined;
  clockModeText: string;
  threshold: bigint;
  votingDelay: bigint;
  votingPeriod: bigint;
  quorumNumerator: bigint;
  quorumDenominator: bigint;
  lateQuorumExtension: bigint;
  timelockDelay: bigint;
};

export function useGovernorInfo(chainId: number) {
  const governor = {
    chainId,
    address: contractAddress(chainId, "FluxionGovernor"),
    abi: fluxionGovernorAbi,
  } as const;
  const timelock = {
    chainId,
    address: contractAddress(chainId, "FluxionTimelock"),
    abi: fluxionTimelockAbi,
  } as const;
  const query = useReadContracts({
    allowFailure: false,
    contracts: [
      { ...governor, functionName: "CLOCK_MODE" },
      { ...governor, functionName: "proposalThreshold" },
      { ...governor, functionName: "votingDelay" },
      { ...governor, functionName: "votingPeriod" },
      { ...governor, functionName: "quorumNumerator" },
      { ...governor, functionName: "quorumDenominator" },
      { ...governor, functionName: "lateQuorumVoteExtension" },
      { ...timelock, functionName: "getMinDelay" },
    ],
    query: { refetchInterval: 30_000 },
  });
  const data: GovernorInfo | undefined = query.data
    ? {
        mode: parseClockMode(query.data[0]),
        clockModeText: query.data[0],
        threshold: query.data[1],
        votingDelay: query.data[2],
        votingPeriod: query.data[3],
        quorumNumerator: query.data[4],
        quorumDenominator: query.data[5],
        lateQuorumExtension: BigInt(query.data[6]),
        timelockDelay: query.data[7],
      }
    : undefined;
  return { ...query, data };
}

/** Governor.quorum(voteStart) for each proposal whose snapshot is in the past (undefined otherwise). */
export function useQuorums(chainId: number, snapshots: (bigint | undefined)[]) {
  const address = contractAddress(chainId, "FluxionGovernor");
  const wanted = snapshots.map((s, i) => ({ s, i })).filter((x) => x.s !== undefined);
  const query = useReadContracts({
    contracts: wanted.map(
      ({ s }) =>
        ({
          chainId,
          address,
          abi: fluxionGovernorAbi,
          functionName: "quorum",
          args: [s as bigint],
        }) as const,
    ),
    query: { refetchInterval: liveInterval, enabled: wanted.length > 0 },
  });
  const result: (bigint | undefined)[] = snapshots.map(() => undefined);
  wanted.forEach(({ i }, k) => {
    const entry = query.data?.[k];
    if (entry?.status === "success") result[i] = entry.result as bigint;
  });
  return result;
}
