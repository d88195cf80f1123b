// Items moving through custody: a cold-chain vaccine batch in transit with an in-range checkpoint,
// a coffee lot flagged by a humidity reading, and an insulin pallet waiting for its next custodian.
import { type Hex, keccak256, stringToHex, toHex } from "viem";
import { supplyChainTrackerAbi } from "../../generated/fluxion.ts";
import { type ActorName, must, type SeedContext } from "./actors.ts";

/** Sensor ids are keccak256 of a name that carries the unit and scale. */
export const sensors = {
  temperature: keccak256(toHex("temperature.celsius_x100")),
  humidity: keccak256(toHex("humidity.percent_x100")),
} as const;

const Status = { Registered: 0, InTransit: 1, Stored: 2, Delivered: 3, Recalled: 4 } as const;

type ItemPlan = {
  name: string;
  creator: ActorName;
  ranges: { sensor: Hex; min: bigint; max: bigint }[];
  status: number;
  handTo?: ActorName;
  acceptedBy?: boolean;
  checkpoint?: { location: string; readings: { sensor: Hex; value: bigint }[] };
};

const items: ItemPlan[] = [
  {
    name: "Vaccine batch A-1042",
    creator: "alice",
    ranges: [{ sensor: sensors.temperature, min: 200n, max: 800n }],
    status: Status.InTransit,
    handTo: "bob",
    acceptedBy: true,
    checkpoint: { location: "u33dc0", readings: [{ sensor: sensors.temperature, value: 460n }] },
  },
  {
    name: "Coffee lot 77",
    creator: "carol",
    ranges: [{ sensor: sensors.humidity, min: 4000n, max: 6500n }],
    status: Status.Stored,
    checkpoint: { location: "6gycf", readings: [{ sensor: sensors.humidity, value: 7200n }] },
  },
  {
    name: "Insulin pallet P-9",
    creator: "bob",
    ranges: [{ sensor: sensors.temperature, min: 200n, max: 800n }],
    status: Status.InTransit,
    handTo: "dave",
    acceptedBy: false,
  },
];

export async function seedSupplyChain(ctx: SeedContext): Promise<void> {
  const { record, wallets, publicClient } = ctx;
  const tracker = must(record.contracts.SupplyChainTracker, "SupplyChainTracker").address;
  const chainId = await publicClient.getChainId();
  for (const plan of items) {
    const creator = wallets[plan.creator];
    const args = [
      keccak256(toHex(plan.name)),
      `demo://supply-chain/${encodeURIComponent(plan.name)}`,
      plan.ranges,
    ] as const;
    const { result: itemId } = await publicClient.simulateContract({
      account: creator.account,
      address: tracker,
      abi: supplyChainTrackerAbi,
      functionName: "registerItem",
      args,
    });
    await ctx.send(
      `register ${plan.name}`,
      creator.writeContract({
        address: tracker,
        abi: supplyChainTrackerAbi,
        functionName: "registerItem",
        args,
      }),
    );
    await ctx.send(
      `${plan.name} status`,
      creator.writeContract({
        address: tracker,
        abi: supplyChainTrackerAbi,
        functionName: "updateStatus",
        args: [itemId, plan.status],
      }),
    );
    if (plan.handTo) {
      await ctx.send(
        `${plan.name} offered to ${plan.handTo}`,
        creator.writeContract({
          address: tracker,
          abi: supplyChainTrackerAbi,
          functionName: "offerCustody",
          args: [itemId, ctx.address(plan.handTo)],
        }),
      );
      if (plan.acceptedBy) {
        await ctx.send(
          `${plan.handTo} accepts ${plan.name}`,
          wallets[plan.handTo].writeContract({
            address: tracker,
            abi: supplyChainTrackerAbi,
            functionName: "acceptCustody",
            args: [itemId],
          }),
        );
      }
    }
    if (plan.checkpoint) {
      const now = (await publicClient.getBlock()).timestamp;
      const checkpoint = {
        itemId,
        sequence: 0n,
        timestamp: now,
        location: stringToHex(plan.checkpoint.location, { size: 32 }),
        readings: plan.checkpoint.readings,
      };
      const signature = await wallets.attestor.signTypedData({
        domain: {
          name: "Fluxion SupplyChainTracker",
          version: "1",
          chainId,
          verifyingContract: tracker,
        },
        types: {
          Checkpoint: [
            { name: "itemId", type: "uint256" },
            { name: "sequence", type: "uint64" },
            { name: "timestamp", type: "uint64" },
            { name: "location", type: "bytes32" },
            { name: "readings", type: "SensorReading[]" },
          ],
          SensorReading: [
            { name: "sensor", type: "bytes32" },
            { name: "value", type: "int256" },
          ],
        },
        primaryType: "Checkpoint",
        message: checkpoint,
      });
      // Anyone may relay an attestor's signed checkpoint; the creator does here.
      await ctx.send(
        `checkpoint for ${plan.name}`,
        creator.writeContract({
          address: tracker,
          abi: supplyChainTrackerAbi,
          functionName: "recordCheckpoint",
          args: [checkpoint, signature],
        }),
      );
    }
  }
}
