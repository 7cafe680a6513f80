/** The fixed prose of BENCHMARKS.md: how the figures are taken and what they mean. */
export const NOTES = `## How it is measured

(to be written)
`;
