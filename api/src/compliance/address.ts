// Address inputs: the request schemas accept 0x + 40 hex digits; this rejects a mixed-case address
// whose EIP-55 checksum is wrong (a likely typo) and returns the checksummed form that is stored.
import { getAddress, isAddress } from "viem";
import { badRequest } from "../errors.ts";

export const addressPattern = "^0x[0-9a-fA-F]{40}$";

export type Address = `0x${string}`;

export function checksummed(value: string, field: string): Address {
  if (!isAddress(value)) {
    throw badRequest("request.invalid_address", `${field} is not a valid address (bad checksum?)`, {
      details: { field, value },
    });
  }
  return getAddress(value);
}
