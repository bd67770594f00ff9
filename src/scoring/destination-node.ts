export interface DestinationAddress {
  country: string;
  postalCode: string;
}

/**
 * Maps an address to a network node with FNV-1a over its normalized country and postal code, so
 * "de 10115" and "DE10115" land on the same node on every machine and in every run.
 */
export function destinationNodeFor(address: DestinationAddress, nodeCount: number): number {
  if (!Number.isInteger(nodeCount) || nodeCount < 1)
    throw new RangeError(`nodeCount must be a positive integer, got ${nodeCount}`);
  const key = `${normalize(address.country)}|${normalize(address.postalCode)}`;
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    hash ^= key.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) % nodeCount;
}

function normalize(part: string): string {
  return part.replace(/[\s-]+/g, '').toUpperCase();
}
