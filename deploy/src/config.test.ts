import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, it } from "vitest";
import {
  configFileFor,
  DeployConfigError,
  loadNetworkConfig,
  parseNetworkConfig,
  resolveAccount,
} from "./config.ts";

const localRaw = () => JSON.parse(readFileSync(configFileFor("localhost"), "utf8"));
const parse = (raw: unknown) => parseNetworkConfig(raw, "test.json", "test");
const rejects = (raw: unknown, message: RegExp) =>
  assert.throws(
    () => parse(raw),
    (e: unknown) =>
      e instanceof DeployConfigError &&
      e.code === "deploy.invalid_config" &&
      message.test(e.message),
  );

describe("network config", () => {
  it("loads the local config with exact fixed-point and token units", () => {
    const config = loadNetworkConfig("localhost");
    assert.equal(config.governance.cap, 1_000_000_000n * 10n ** 18n);
    assert.equal(config.collateral[0]?.issuanceRatio, 15n * 10n ** 17n);
    assert.equal(config.synths[0]?.mintFee, 3n * 10n ** 15n);
    assert.equal(config.mocks.feeds.find((f) => f.pair === "BTC/USD")?.answer, 60_000n * 10n ** 8n);
    const stable = config.pools.list.find((p) => p.kind === "stable");
    assert.equal(stable?.kind === "stable" && stable.amp, 200);
  });

  it("maps the in-process and localhost networks to local.json", () => {
    assert.equal(configFileFor("default"), configFileFor("localhost"));
    assert.match(configFileFor("sepolia"), /networks\/sepolia\.json$/);
  });

  it("names the field that is wrong", () => {
    const raw = localRaw();
    raw.collateral[1].issuanceRatio = 1.5;
    rejects(raw, /collateral\[1\]\.issuanceRatio must be a decimal string/);

    const tooPrecise = localRaw();
    tooPrecise.mocks.feeds[0].answer = "3000.123456789";
    rejects(tooPrecise, /mocks\.feeds\[0\]\.answer has more than 8 decimals/);

    const badKind = localRaw();
    badKind.pools.list[0].kind = "concentrated";
    rejects(badKind, /pools\.list\[0\]\.kind must be "weighted" or "stable"/);

    const missing = localRaw();
    delete missing.governance.votingPeriod;
    rejects(missing, /governance\.votingPeriod must be an integer/);
  });

  it("reads the ccip section: both local chains, the local router's lane, per-synth token buckets", () => {
    const ccip = loadNetworkConfig("localhost").ccip!;
    assert.equal(ccip.router, "local");
    assert.deepEqual(
      ccip.chains.map((c) => c.chainId),
      [31337, 31338],
    );
    assert.equal(ccip.local?.relayers[0], "account:12");
    assert.equal(ccip.local?.lane.baseFee, 10n ** 14n);
    const sUSD = ccip.gateway.rateLimits.find((l) => l.synth === "synth:sUSD")!;
    assert.deepEqual(sUSD.outbound, {
      isEnabled: true,
      capacity: 1_000_000n * 10n ** 18n,
      rate: 100n * 10n ** 18n,
    });
    assert.equal(loadNetworkConfig("node2").ccip?.chains.length, 2);
  });

  it("refuses a ccip section that could not run", () => {
    const selector = localRaw();
    selector.ccip.chains[1].selector = "18446744073709551616";
    rejects(selector, /ccip\.chains\[1\]\.selector must be a decimal uint64/);

    const twice = localRaw();
    twice.ccip.chains[1].chainId = 31337;
    rejects(twice, /ccip\.chains\[1\]\.chainId repeats 31337/);

    const noLocal = localRaw();
    delete noLocal.ccip.local;
    rejects(noLocal, /ccip\.local is required when router is "local"/);

    const mockWithChainlink = localRaw();
    mockWithChainlink.ccip.router = "0x0000000000000000000000000000000000000001";
    rejects(mockWithChainlink, /ccip\.feeToken must be LINK's address with Chainlink's router/);

    const bucket = localRaw();
    bucket.ccip.gateway.rateLimits[0].inbound.rate = "2000000";
    rejects(bucket, /rateLimits\[0\]\.inbound\.rate must be above zero and below capacity/);

    const unknown = localRaw();
    unknown.ccip.gateway.rateLimits[0].synth = "synth:sDOGE";
    rejects(
      unknown,
      /ccip\.gateway\.rateLimits\[0\]\.synth references unknown synth token "sDOGE"/,
    );
  });

  it("rejects references to tokens, synths and feeds the file does not define", () => {
    const raw = localRaw();
    raw.pools.list[0].tokens[0] = "synth:sDOGE";
    rejects(raw, /pools\.list\[0\]\.tokens\[0\] references unknown synth token "sDOGE"/);

    const badFeed = localRaw();
    badFeed.synths[0].feed = "mock:DOGE/USD";
    rejects(badFeed, /synths\[0\]\.feed references unknown mock feed "DOGE\/USD"/);

    const badRef = localRaw();
    badRef.roles.guardian = "guardian";
    rejects(badRef, /roles\.guardian must be an address or one of "account:\.\.\."/);
  });

  it("loads the lightning section: fixed-point fees, whole sats, the dev keeper", () => {
    const { lightning } = loadNetworkConfig("localhost");
    assert.equal(lightning.btcAsset, "synth:sBTC");
    assert.deepEqual(lightning.synths, ["synth:sUSD", "synth:sBTC", "synth:sXAU", "synth:sETH"]);
    // account:7 is the first Hardhat account no seeded actor uses (0-6: deployer ... dave).
    assert.deepEqual(lightning.keepers, ["account:7"]);
    assert.equal(lightning.mintFee, 2n * 10n ** 15n);
    assert.equal(lightning.priceTolerance, 10n ** 16n);
    assert.equal(lightning.maxQuoteAge, 600);
    assert.deepEqual(lightning.timelock, { min: 3600, max: 172_800 });
    assert.deepEqual(lightning.limits.mint, {
      minSats: 1000n,
      maxSats: 10_000_000n,
      dailySats: 100_000_000n,
    });
  });

  it("rejects lightning parameters the gateway would refuse", () => {
    const fee = localRaw();
    fee.lightning.burnFee = "0.051";
    rejects(fee, /lightning\.burnFee must be at most "0\.05"/);

    const tolerance = localRaw();
    tolerance.lightning.priceTolerance = "0.2";
    rejects(tolerance, /lightning\.priceTolerance must be at most "0\.1"/);

    const age = localRaw();
    age.lightning.maxQuoteAge = 0;
    rejects(age, /lightning\.maxQuoteAge must be an integer in \[1, 86400\]/);

    const timelock = localRaw();
    timelock.lightning.timelock = { min: 7200, max: 3600 };
    rejects(timelock, /lightning\.timelock\.max must be at least timelock\.min/);

    const limits = localRaw();
    limits.lightning.limits.burn.dailySats = 5;
    rejects(limits, /lightning\.limits\.burn\.dailySats must be at least maxSats/);

    const sats = localRaw();
    sats.lightning.limits.mint.minSats = "1000";
    rejects(sats, /lightning\.limits\.mint\.minSats must be an integer/);

    const synth = localRaw();
    synth.lightning.synths[0] = "mock:WETH";
    rejects(synth, /lightning\.synths\[0\] must be an address or one of "synth:\.\.\."/);

    const unknown = localRaw();
    unknown.lightning.btcAsset = "synth:sDOGE";
    rejects(unknown, /lightning\.btcAsset references unknown synth token "sDOGE"/);

    const keeper = localRaw();
    keeper.lightning.keepers = ["keeper"];
    rejects(keeper, /lightning\.keepers\[0\] must be an address or one of "account:\.\.\."/);

    const missing = localRaw();
    delete missing.lightning;
    rejects(missing, /lightning must be an object/);
  });

  it("loads the fiat section: whole synths scaled to 18 decimals, the dev reactor", () => {
    const { fiat } = loadNetworkConfig("localhost");
    // account:10 is the first Hardhat account nothing else uses (7: Lightning keeper, 8: scheduled keepers,
    // 9: the dev market).
    assert.deepEqual(fiat.minters, ["account:10"]);
    assert.deepEqual(fiat.synths, [
      {
        synth: "synth:sUSD",
        currency: "USD",
        perPayment: 100_000n * 10n ** 18n,
        perDay: 1_000_000n * 10n ** 18n,
      },
    ]);
  });

  it("rejects fiat limits and mappings the minter could not use", () => {
    const entry = (raw: ReturnType<typeof localRaw>) => raw.fiat.synths[0];

    const zero = localRaw();
    entry(zero).perPayment = "0";
    rejects(zero, /fiat\.synths\[0\]\.perPayment must be greater than zero/);

    const inverted = localRaw();
    entry(inverted).perDay = "99999.5";
    rejects(inverted, /fiat\.synths\[0\]\.perDay must be at least perPayment/);

    const number = localRaw();
    entry(number).perDay = 1_000_000;
    rejects(number, /fiat\.synths\[0\]\.perDay must be a decimal string/);

    const precise = localRaw();
    entry(precise).perPayment = "1.0000000000000000001";
    rejects(precise, /fiat\.synths\[0\]\.perPayment has more than 18 decimals/);

    const currency = localRaw();
    entry(currency).currency = "usd";
    rejects(
      currency,
      /fiat\.synths\[0\]\.currency must be a three-letter ISO 4217 code like "USD"/,
    );

    const twice = localRaw();
    twice.fiat.synths.push({ ...entry(twice), synth: "synth:sXAU" });
    rejects(twice, /fiat\.synths\[1\]\.currency repeats "USD"/);

    const sameSynth = localRaw();
    sameSynth.fiat.synths.push({ ...entry(sameSynth), currency: "EUR" });
    rejects(sameSynth, /fiat\.synths\[1\]\.synth repeats "synth:sUSD"/);

    const mock = localRaw();
    entry(mock).synth = "mock:USDC";
    rejects(mock, /fiat\.synths\[0\]\.synth must be an address or one of "synth:\.\.\."/);

    const address = localRaw();
    entry(address).synth = "0x00000000000000000000000000000000000000aa";
    rejects(address, /fiat\.synths\[0\]\.synth must be a "synth:\.\.\." this deployment creates/);

    const unknown = localRaw();
    entry(unknown).synth = "synth:sEUR";
    rejects(unknown, /fiat\.synths\[0\]\.synth references unknown synth token "sEUR"/);

    const minter = localRaw();
    minter.fiat.minters = ["reactor"];
    rejects(minter, /fiat\.minters\[0\] must be an address or one of "account:\.\.\."/);

    const missing = localRaw();
    delete missing.fiat;
    rejects(missing, /fiat must be an object/);
  });

  it("resolves account references against the node's accounts", () => {
    const accounts = [
      "0x0000000000000000000000000000000000000001",
      "0x0000000000000000000000000000000000000002",
    ] as const;
    assert.equal(resolveAccount("account:1", accounts), accounts[1]);
    assert.equal(
      resolveAccount("0x00000000000000000000000000000000000000aa", accounts),
      "0x00000000000000000000000000000000000000aa",
    );
    assert.throws(() => resolveAccount("account:5", accounts), DeployConfigError);
  });
});
