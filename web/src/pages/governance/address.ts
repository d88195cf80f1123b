// An address typed or pasted by a person: trimmed, 0x and 40 hex digits, checksum verified when it
// has mixed case, never the zero address; returned checksummed, or a reason in plain words.
import { type Address, getAddress, isAddress, zeroAddress } from "viem";

export type AddressInput =
  | { address: Address; error?: undefined }
  | { address?: undefined; error: string };

export function parseAddressInput(text: string): AddressInput {
  const trimmed = text.trim();
  if (trimmed === "") return { error: "Enter an address." };
  if (!/^0x[0-9a-fA-F]{40}$/.test(trimmed)) {
    return { error: "An address is 0x followed by 40 hexadecimal characters." };
  }
  const mixed = /[a-f]/.test(trimmed.slice(2)) && /[A-F]/.test(trimmed.slice(2));
  if (mixed && !isAddress(trimmed, { strict: true })) {
    return {
      error: "The address's checksum (its upper and lower case) does not match: check for a typo.",
    };
  }
  const address = getAddress(trimmed);
  if (address === zeroAddress) return { error: "The zero address cannot be used." };
  return { address };
}

export function sameAddress(a: string | undefined | null, b: string | undefined | null): boolean {
  return !!a && !!b && a.toLowerCase() === b.toLowerCase();
}
