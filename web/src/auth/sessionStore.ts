// The signed-in session, shared by React (useSyncExternalStore) and the API client's middleware (which
// moves it to "challenge", "blocked" or "expired" when the API says so). The token is kept per address
// in sessionStorage: a reload keeps the session, closing the tab forgets it.
export type SessionStatus =
  /** No token for this address. */
  | "signedOut"
  /** A token the API accepts. */
  | "active"
  /** Risk ≥ 0.6: sensitive actions wait for a fresh signature (POST /v1/auth/challenge). */
  | "challenge"
  /** Risk ≥ 0.92: the API refuses this session for good. */
  | "blocked"
  /** The API no longer knows the token (idle 30 minutes, logged out, or revoked). */
  | "expired";

export type SessionState = {
  address?: string;
  token?: string;
  status: SessionStatus;
  role?: string;
  risk?: number;
};

type Listener = () => void;

const keyFor = (address: string) => `fluxion.session.${address.toLowerCase()}`;

function createSessionStore() {
  let state: SessionState = { status: "signedOut" };
  const listeners = new Set<Listener>();
  const set = (next: SessionState) => {
    state = next;
    for (const listener of listeners) listener();
  };
  return {
    get: () => state,
    subscribe(listener: Listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    /** The connected account changed: pick up its stored token, if any. */
    setAddress(address: string | undefined) {
      if (address?.toLowerCase() === state.address?.toLowerCase()) return;
      const token = address ? (sessionStorage.getItem(keyFor(address)) ?? undefined) : undefined;
      set({ address, token, status: token ? "active" : "signedOut" });
    },
    signedIn(
      address: string,
      token: string,
      session: { status?: string; role?: string; risk?: number },
    ) {
      sessionStorage.setItem(keyFor(address), token);
      set({
        address,
        token,
        status: statusOf(session.status),
        role: session.role,
        risk: session.risk,
      });
    },
    update(session: { status?: string; role?: string; risk?: number }) {
      if (!state.token) return;
      set({ ...state, status: statusOf(session.status), role: session.role, risk: session.risk });
    },
    signOut() {
      if (state.address) sessionStorage.removeItem(keyFor(state.address));
      set({ address: state.address, status: "signedOut" });
    },
    /** The API refused a request: follow what its code says about the session. */
    onApiError(code: string) {
      if (!state.token) return;
      if (code === "auth.challenge_required") set({ ...state, status: "challenge" });
      else if (code === "auth.session_blocked") set({ ...state, status: "blocked" });
      else if (code === "auth.session_expired" || code === "auth.session_invalid") {
        if (state.address) sessionStorage.removeItem(keyFor(state.address));
        set({ address: state.address, status: "expired" });
      }
    },
  };
}

function statusOf(status: string | undefined): SessionStatus {
  if (status === "challenge_required") return "challenge";
  if (status === "blocked") return "blocked";
  if (status === "expired" || status === "terminated") return "expired";
  return "active";
}

export const sessionStore = createSessionStore();
