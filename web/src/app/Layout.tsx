// The frame of every page: a skip link, the header (navigation, wallet), page-wide banners (network,
// session, the protocol's live notices) and the page itself. Navigation collapses into a menu on
// narrow screens.
import { lazy, Suspense, useState } from "react";
import { NavLink, Outlet, useLocation } from "react-router";
import { deployedChainIds, isLocalChain } from "../lib/deployment.ts";
import { useStreamConnected } from "../stream/useStream.ts";
import { NetworkBanner, SessionBanner } from "../wallet/Banners.tsx";
import { ConnectButton } from "../wallet/ConnectButton.tsx";
import { pageList } from "./pages.ts";

// Protocol notices arrive only over the stream (a signed-in session): their code loads once it first
// connects, not with the first page.
const ProtocolNotices = lazy(() =>
  import("./ProtocolNotices.tsx").then((module) => ({ default: module.ProtocolNotices })),
);

function LiveNotices() {
  const connected = useStreamConnected();
  const [wanted, setWanted] = useState(false);
  // Stays once loaded: a reconnecting stream keeps its notices.
  if (connected && !wanted) setWanted(true);
  return wanted ? (
    <Suspense fallback={null}>
      <ProtocolNotices />
    </Suspense>
  ) : null;
}

const hasLocalChain = deployedChainIds.some(isLocalChain);

export function Layout() {
  const [menuOpen, setMenuOpen] = useState(false);
  const location = useLocation();
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="header">
        <NavLink to="/" className="brand" aria-label="Fluxion home">
          <img src="/favicon.svg" alt="" width={28} height={28} />
          Fluxion
        </NavLink>
        <button
          type="button"
          className="menu-toggle"
          aria-expanded={menuOpen}
          aria-controls="main-nav"
          onClick={() => setMenuOpen(!menuOpen)}
        >
          Menu
        </button>
        <nav id="main-nav" aria-label="Main" className={menuOpen ? "nav open" : "nav"}>
          {pageList
            .filter((page) => !("localOnly" in page) || hasLocalChain)
            .map((page) => (
              <NavLink
                key={page.path}
                to={page.path}
                end={page.path === "/"}
                onClick={() => setMenuOpen(false)}
              >
                {page.label}
              </NavLink>
            ))}
        </nav>
        <ConnectButton />
      </header>
      <NetworkBanner />
      <SessionBanner />
      <LiveNotices />
      <main id="main" tabIndex={-1} key={location.pathname.split("/")[1]}>
        <Outlet />
      </main>
    </>
  );
}
