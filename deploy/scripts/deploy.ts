// `npm run deploy -- --network <name>`: deploys Fluxion with the network's config file
// (deploy/networks/<name>.json), records it in deploy/deployments/<chainId>.json and regenerates
// deploy/generated/fluxion.ts. Ignition keeps its journal in deploy/ignition/deployments, so an
// interrupted deploy resumes where it stopped.
import { artifacts, network } from "hardhat";
import { loadNetworkConfig } from "../src/config.ts";
import { deployFluxion } from "../src/deployFluxion.ts";
import { publishDeployment } from "../src/publish.ts";

const connection = await network.create();
const config = loadNetworkConfig(connection.networkName);
const record = await deployFluxion(connection, config, { displayUi: true });
const path = await publishDeployment(record, artifacts);
console.log(`Deployed Fluxion on chain ${record.chainId} (${record.network}); record: ${path}`);
