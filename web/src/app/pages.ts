// The app's pages in navigation order (routes.tsx loads each one; the browser tests visit each one).
export const pageList = [
  { path: "/", label: "Portfolio" },
  { path: "/synths", label: "Synths" },
  { path: "/pools", label: "Pools" },
  { path: "/governance", label: "Governance" },
  { path: "/supply-chain", label: "Supply chain" },
  { path: "/lightning", label: "Lightning" },
  { path: "/cross-chain", label: "Cross-chain" },
  { path: "/review", label: "Review" },
  { path: "/debug", label: "Debug", localOnly: true },
] as const;

export type PagePath = (typeof pageList)[number]["path"];
