// Where outgoing webhooks may go: http(s) URLs on public hosts. A registered URL naming a private,
// loopback or link-local address (or localhost) is refused at once; a host name is checked again
// when each delivery connects (the addresses it resolves to then, so a name that later points
// inside our network — DNS rebinding — is refused too). API_WEBHOOK_ALLOW_PRIVATE=true lifts both
// checks (development: `npm run dev` delivers to local receivers).
import { lookup as dnsLookup, type LookupAddress } from "node:dns";
import { BlockList, isIP, type LookupFunction } from "node:net";
import { badRequest } from "../../errors.ts";

/** Ranges no webhook may reach: RFC 1918, CGNAT, loopback, link-local, multicast, reserved. */
const privateRanges = new BlockList();
for (const [network, prefix] of [
  ["0.0.0.0", 8],
  ["10.0.0.0", 8],
  ["100.64.0.0", 10],
  ["127.0.0.0", 8],
  ["169.254.0.0", 16],
  ["172.16.0.0", 12],
  ["192.0.0.0", 24],
  ["192.0.2.0", 24],
  ["192.168.0.0", 16],
  ["198.18.0.0", 15],
  ["198.51.100.0", 24],
  ["203.0.113.0", 24],
  ["224.0.0.0", 4],
  ["240.0.0.0", 4],
] as const) {
  privateRanges.addSubnet(network, prefix, "ipv4");
}
for (const [network, prefix] of [
  ["::", 128],
  ["::1", 128],
  ["64:ff9b::", 96],
  ["64:ff9b:1::", 48],
  ["100::", 64],
  ["2001:db8::", 32],
  ["fc00::", 7],
  ["fe80::", 10],
  ["fec0::", 10],
  ["ff00::", 8],
] as const) {
  privateRanges.addSubnet(network, prefix, "ipv6");
}

/** True for an IP address no webhook may reach (IPv4-mapped IPv6 is judged as its IPv4). */
export function isPrivateAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 0) return false;
  return privateRanges.check(address, family === 4 ? "ipv4" : "ipv6");
}

const maxUrlLength = 2000;

/**
 * Checks an endpoint URL; returns it normalised. Errors: 400 webhook_endpoint.invalid_url (not an
 * http(s) URL, credentials in it, too long) and 400 webhook_endpoint.private_url (a private,
 * loopback or local host) unless `allowPrivate`.
 */
export function checkEndpointUrl(raw: string, allowPrivate: boolean): string {
  const invalid = (message: string) => badRequest("webhook_endpoint.invalid_url", message);
  if (raw.length > maxUrlLength) throw invalid(`A URL is at most ${maxUrlLength} characters`);
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw invalid("Not a URL");
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw invalid("An endpoint URL is http:// or https://");
  }
  if (url.username !== "" || url.password !== "") {
    throw invalid("Credentials do not belong in an endpoint URL (put a token in its path)");
  }
  if (url.hash !== "") throw invalid("An endpoint URL has no #fragment");
  const problem = allowPrivate ? null : hostProblem(url.hostname);
  if (problem) {
    throw badRequest(
      "webhook_endpoint.private_url",
      `${problem}; webhooks go to public hosts (API_WEBHOOK_ALLOW_PRIVATE is off)`,
    );
  }
  return url.toString();
}

/** Why `hostname` (as URL.hostname gives it) is not a public host; null when it may be one. */
function hostProblem(hostname: string): string | null {
  const host = hostname.startsWith("[") ? hostname.slice(1, -1) : hostname.replace(/\.$/, "");
  if (isIP(host) !== 0) {
    return isPrivateAddress(host) ? `${host} is a private, loopback or reserved address` : null;
  }
  const name = host.toLowerCase();
  if (name === "localhost" || name.endsWith(".localhost")) return `${name} is this machine`;
  if (name.endsWith(".local") || name.endsWith(".internal") || name.endsWith(".home.arpa")) {
    return `${name} is a local network name`;
  }
  if (!name.includes(".")) return `${name} is not a fully qualified domain name`;
  return null;
}

/**
 * A `lookup` for http.request that refuses a host resolving to any private address, so the
 * connection is made only to the addresses checked (no second resolution to rebind).
 */
export const publicOnlyLookup: LookupFunction = (hostname, options, callback) => {
  dnsLookup(hostname, { ...options, all: true }, (error, addresses: LookupAddress[]) => {
    if (error) {
      callback(error, "", 0);
      return;
    }
    const refused = addresses.find((entry) => isPrivateAddress(entry.address));
    if (refused || addresses.length === 0) {
      const reason = refused
        ? `${hostname} resolves to ${refused.address}, a private address`
        : `${hostname} resolves to no address`;
      callback(Object.assign(new Error(reason), { code: "EPRIVATEADDRESS" }), "", 0);
      return;
    }
    if (options.all) {
      (callback as unknown as (error: null, addresses: LookupAddress[]) => void)(null, addresses);
    } else {
      callback(null, addresses[0]!.address, addresses[0]!.family);
    }
  });
};

/** The same check as registration, for a URL about to be delivered to (a literal address). */
export function deliverableHostProblem(url: URL): string | null {
  return hostProblem(url.hostname);
}
