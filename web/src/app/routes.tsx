// Every page, each its own chunk (loaded when first visited), so the first page's JavaScript stays
// small. Each page module exports `Component` (react-router's lazy-route convention).
import type { ComponentType } from "react";
import { createBrowserRouter } from "react-router";
import { Loading } from "../ui/States.tsx";
import { Layout } from "./Layout.tsx";
import { type PagePath, pageList } from "./pages.ts";
import { RouteError } from "./RouteError.tsx";

const loaders: Record<PagePath, () => Promise<{ Component: ComponentType }>> = {
  "/": () => import("../pages/portfolio/index.tsx"),
  "/synths": () => import("../pages/synths/index.tsx"),
  "/pools": () => import("../pages/pools/index.tsx"),
  "/governance": () => import("../pages/governance/index.tsx"),
  "/supply-chain": () => import("../pages/supplyChain/index.tsx"),
  "/lightning": () => import("../pages/lightning/index.tsx"),
  "/cross-chain": () => import("../pages/crossChain/index.tsx"),
  "/review": () => import("../pages/review/index.tsx"),
  "/debug": () => import("../pages/debug/index.tsx"),
};

export const router = createBrowserRouter([
  {
    path: "/",
    element: <Layout />,
    errorElement: <RouteError />,
    hydrateFallbackElement: <Loading what="Fluxion" />,
    children: [
      ...pageList.map((page) =>
        page.path === "/"
          ? { index: true, lazy: loaders[page.path] }
          : { path: `${page.path.slice(1)}/*`, lazy: loaders[page.path] },
      ),
      { path: "*", lazy: () => import("./NotFound.tsx") },
    ],
  },
]);
