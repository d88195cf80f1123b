// Review: the compliance desk for reviewers and admins. The review queue (claim an item for 30 minutes,
// approve or reject it with a reason), the record-keeping rows and daily reports to file, the audit
// log with its hash chain verified, and (admins) the scheduled keepers' jobs. Whether the signed-in
// account may see it is the API's answer (403 auth.forbidden), shown as a plain "reviewers only" state.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type KeyboardEvent, lazy, type ReactNode, Suspense, useId, useRef, useState } from "react";
import { useConnection } from "wagmi";
import { api, call } from "../../api/client.ts";
import type { paths } from "../../api/schema.ts";
import { useSession } from "../../auth/useSession.ts";
import { shortAddress } from "../../ui/format.ts";
import { Empty, ErrorState, Loading, QueryView } from "../../ui/States.tsx";
import {
  accessOf,
  addressFilter,
  checkReason,
  describeVerify,
  explainReviewError,
  firstPage,
  formatUsdText,
  itemAction,
  nextPage,
  type Pager,
  parseAuditLines,
  previousPage,
} from "./reviewLogic.ts";
import "./review.css";

// Admins' view of the scheduled keepers: its own chunk, loaded when the tab is opened.
const Keepers = lazy(() => import("./Keepers.tsx").then((module) => ({ default: module.Keepers })));

type ReviewStatus = "pending" | "claimed" | "approved" | "rejected";
type ReviewItem =
  paths["/v1/reviews"]["get"]["responses"][200]["content"]["application/json"]["items"][number];

export function Component() {
  const { address } = useConnection();
  const session = useSession();
  let body: React.ReactNode;
  if (!address) {
    body = <Empty>Connect a wallet and sign in with a reviewer's or admin's account.</Empty>;
  } else if (session.status === "blocked") {
    body = <Empty>This session was blocked by Fluxion's risk checks.</Empty>;
  } else if (session.status !== "active" && session.status !== "challenge") {
    body = (
      <Empty>
        Sign in (top right) with a reviewer's or admin's account to work the review queue.
      </Empty>
    );
  } else {
    body = <Desk key={address} me={address} />;
  }
  return (
    <div className="page review-page">
      <h1>Review</h1>
      {body}
    </div>
  );
}

type Tab = "queue" | "records" | "reports" | "audit" | "keepers";
const tabs: { id: Tab; label: string }[] = [
  { id: "queue", label: "Review queue" },
  { id: "records", label: "Records" },
  { id: "reports", label: "Reports" },
  { id: "audit", label: "Audit log" },
  { id: "keepers", label: "Keepers" },
];

function useQueue(
  status: ReviewStatus,
  cursor: string | undefined,
  options: { enabled?: boolean; limit?: string } = {},
) {
  return useQuery({
    queryKey: ["reviews", status, cursor, options.limit ?? "20"],
    enabled: options.enabled ?? true,
    queryFn: () =>
      call(
        api.GET("/v1/reviews", {
          params: {
            query: { status, limit: options.limit ?? "20", ...(cursor ? { cursor } : {}) },
          },
        }),
      ),
    refetchInterval: (q) => (accessOf(q.state.error) === "error" || !q.state.error ? 5_000 : false),
    retry: (count, error) => accessOf(error) === "error" && count < 2,
  });
}

/** "open": items being decided (claimed) above the ones waiting; or the decided ones. */
type Filter = "open" | "approved" | "rejected";
const filterLabels: Record<Filter, string> = {
  open: "Open (claimed and waiting)",
  approved: "Approved",
  rejected: "Rejected",
};

function Desk({ me }: { me: string }) {
  const [tab, setTab] = useState<Tab>("queue");
  const [filter, setFilter] = useState<Filter>("open");
  const [pager, setPager] = useState<Pager>(firstPage);
  const queue = useQueue(filter === "open" ? "pending" : filter, pager.cursor);
  // Claims last 30 minutes and are few: the first hundred are plenty.
  const claimed = useQueue("claimed", undefined, { enabled: filter === "open", limit: "100" });
  const access = accessOf(queue.error);

  if (access === "reviewersOnly") {
    return (
      <section className="card review-denied" data-testid="reviewers-only" role="status">
        <h2>Reviewers only</h2>
        <p>
          This page is for Fluxion's compliance reviewers and admins. Your account{" "}
          <code>{shortAddress(me)}</code> does not have that role; an admin can grant it.
        </p>
      </section>
    );
  }
  if (access === "signIn") {
    return <Empty>Your session has ended: sign in again to review.</Empty>;
  }

  const onKey = (event: KeyboardEvent<HTMLDivElement>) => {
    const index = tabs.findIndex((t) => t.id === tab);
    const delta = event.key === "ArrowRight" ? 1 : event.key === "ArrowLeft" ? -1 : 0;
    if (delta === 0) return;
    const next = tabs[(index + delta + tabs.length) % tabs.length]!.id;
    setTab(next);
    document.getElementById(`review-tab-${next}`)?.focus();
  };

  return (
    <>
      <div className="tabs" role="tablist" aria-label="Review desk" onKeyDown={onKey}>
        {tabs.map((t) => (
          <button
            key={t.id}
            id={`review-tab-${t.id}`}
            type="button"
            role="tab"
            aria-selected={tab === t.id}
            aria-controls={`review-panel-${t.id}`}
            tabIndex={tab === t.id ? 0 : -1}
            onClick={() => setTab(t.id)}
          >
            {t.label}
          </button>
        ))}
      </div>
      <div
        id={`review-panel-${tab}`}
        role="tabpanel"
        aria-labelledby={`review-tab-${tab}`}
        className="review-panel"
      >
        {tab === "queue" ? (
          <Queue
            me={me}
            query={queue}
            claimed={filter === "open" ? claimed : undefined}
            filter={filter}
            setFilter={(f) => {
              setFilter(f);
              setPager(firstPage);
            }}
            pager={pager}
            setPager={setPager}
          />
        ) : tab === "records" ? (
          <Filings kind="records" />
        ) : tab === "reports" ? (
          <Filings kind="reports" />
        ) : tab === "audit" ? (
          <Audit />
        ) : (
          <Suspense fallback={<Loading what="the keepers' view" />}>
            <Keepers />
          </Suspense>
        )}
      </div>
    </>
  );
}

const statusLabels: Record<ReviewStatus, string> = {
  pending: "Waiting",
  claimed: "Claimed",
  approved: "Approved",
  rejected: "Rejected",
};

function Queue({
  me,
  query,
  claimed,
  filter,
  setFilter,
  pager,
  setPager,
}: {
  me: string;
  query: ReturnType<typeof useQueue>;
  claimed: ReturnType<typeof useQueue> | undefined;
  filter: Filter;
  setFilter: (filter: Filter) => void;
  pager: Pager;
  setPager: (pager: Pager) => void;
}) {
  const id = useId();
  const inReview = claimed?.data?.items ?? [];
  return (
    <section aria-labelledby={`${id}-title`} className="review-queue">
      <div className="row review-toolbar">
        <h2 id={`${id}-title`}>Review queue</h2>
        <div className="field review-filter">
          <label htmlFor={`${id}-filter`}>Show</label>
          <select
            id={`${id}-filter`}
            value={filter}
            onChange={(e) => setFilter(e.target.value as Filter)}
          >
            {(Object.keys(filterLabels) as Filter[]).map((f) => (
              <option key={f} value={f}>
                {filterLabels[f]}
              </option>
            ))}
          </select>
        </div>
      </div>
      {inReview.length > 0 ? (
        <section aria-labelledby={`${id}-claimed`}>
          <h3 id={`${id}-claimed`}>Being decided ({inReview.length})</h3>
          <ul className="review-list">
            {inReview.map((item) => (
              <li key={item.id}>
                <ReviewCard item={item} me={me} />
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {filter === "open" ? <h3>Waiting for a reviewer</h3> : null}
      <QueryView
        query={query}
        what="the review queue"
        isEmpty={(d) => d.items.length === 0}
        empty={filter === "open" ? "Nothing waiting for a reviewer." : `No ${filter} items.`}
      >
        {(data) => (
          <>
            <ul className="review-list">
              {data.items.map((item) => (
                <li key={item.id}>
                  <ReviewCard item={item} me={me} />
                </li>
              ))}
            </ul>
            <PagerButtons
              pager={pager}
              nextCursor={data.nextCursor}
              setPager={setPager}
              what="review items"
            />
          </>
        )}
      </QueryView>
    </section>
  );
}

function PagerButtons({
  pager,
  nextCursor,
  setPager,
  what,
}: {
  pager: Pager;
  nextCursor: string | null;
  setPager: (pager: Pager) => void;
  what: string;
}) {
  if (pager.previous.length === 0 && !nextCursor) return null;
  return (
    <nav className="row review-pager" aria-label={`Pages of ${what}`}>
      <button
        type="button"
        className="button secondary"
        disabled={pager.previous.length === 0}
        onClick={() => setPager(previousPage(pager))}
      >
        Previous page
      </button>
      <span className="muted">Page {pager.previous.length + 1}</span>
      <button
        type="button"
        className="button secondary"
        disabled={!nextCursor}
        onClick={() => setPager(nextPage(pager, nextCursor))}
      >
        Next page
      </button>
    </nav>
  );
}

const actionNames: Record<string, string> = {
  lightning_in: "Lightning mint",
  lightning_out: "Lightning burn",
  mint: "Mint",
  burn: "Burn",
  swap: "Swap",
  withdraw: "Withdrawal",
  deposit: "Deposit",
};

function when(iso: string | null): string {
  return iso ? new Date(iso).toLocaleString("en-GB") : "—";
}

function ReviewCard({ item, me }: { item: ReviewItem; me: string }) {
  const id = useId();
  const queryClient = useQueryClient();
  const [reason, setReason] = useState("");
  const [touched, setTouched] = useState(false);
  const reasonRef = useRef<HTMLTextAreaElement>(null);
  const action = itemAction(item, me);
  const check = checkReason(reason);
  const decision = item.decision;
  const done = () => void queryClient.invalidateQueries({ queryKey: ["reviews"] });
  const claim = useMutation({
    mutationFn: () =>
      call(api.POST("/v1/reviews/{id}/claim", { params: { path: { id: item.id } } })),
    onSettled: done,
  });
  const resolve = useMutation({
    mutationFn: (outcome: "approve" | "reject") => {
      const options = { params: { path: { id: item.id } }, body: { reason: reason.trim() } };
      return call(
        outcome === "approve"
          ? api.POST("/v1/reviews/{id}/approve", options)
          : api.POST("/v1/reviews/{id}/reject", options),
      );
    },
    onSuccess: done,
  });
  const decide = (outcome: "approve" | "reject") => {
    setTouched(true);
    if (!check.ok) {
      reasonRef.current?.focus();
      return;
    }
    resolve.mutate(outcome);
  };
  const failed = claim.error ?? resolve.error;
  const problem = touched && !check.ok ? check.problem : undefined;
  const name = actionNames[decision.action] ?? decision.action;
  const rules = [...decision.rules].sort(
    (a, b) => Number(a.outcome === "pass") - Number(b.outcome === "pass"),
  );
  const busy = claim.isPending || resolve.isPending;

  return (
    <article
      className="card review-item"
      aria-labelledby={`${id}-title`}
      data-review-id={item.id}
      data-reference={decision.reference ?? ""}
    >
      <h3 id={`${id}-title`}>
        {name} of {formatUsdText(decision.amountUsd)} by {shortAddress(item.account)}{" "}
        <span
          className={`badge ${item.status === "approved" ? "ok" : item.status === "rejected" ? "danger" : "warn"}`}
        >
          {statusLabels[item.status]}
        </span>
      </h3>
      <dl className="preview review-facts">
        <dt>Account</dt>
        <dd>
          <code>{item.account}</code>
        </dd>
        <dt>Action</dt>
        <dd>{decision.action}</dd>
        <dt>Amount</dt>
        <dd>{formatUsdText(decision.amountUsd)}</dd>
        {decision.reference ? (
          <>
            <dt>Reference</dt>
            <dd>
              <code>{decision.reference}</code>
            </dd>
          </>
        ) : null}
        <dt>Raised</dt>
        <dd>{when(item.createdAt)}</dd>
        {decision.risk ? (
          <>
            <dt>Risk score</dt>
            <dd>
              {decision.risk.score.toFixed(3)} ({decision.risk.source})
            </dd>
          </>
        ) : null}
        {item.claimedBy ? (
          <>
            <dt>Claimed by</dt>
            <dd>
              <code>{shortAddress(item.claimedBy)}</code>
              {item.claimExpiresAt && item.status === "claimed"
                ? ` until ${new Date(item.claimExpiresAt).toLocaleTimeString("en-GB")}`
                : ""}
            </dd>
          </>
        ) : null}
      </dl>
      <details className="review-rules" open={action !== "resolved"}>
        <summary>Rules ({rules.filter((r) => r.outcome !== "pass").length} not passed)</summary>
        <ul>
          {rules.map((rule) => (
            <li key={rule.rule}>
              <span
                className={`badge ${rule.outcome === "pass" ? "ok" : rule.outcome === "review" ? "warn" : "danger"}`}
              >
                {rule.outcome}
              </span>{" "}
              <strong>{rule.rule}</strong>: {rule.detail}
            </li>
          ))}
        </ul>
      </details>
      {action === "claim" ? (
        <div className="row">
          <button type="button" className="button" disabled={busy} onClick={() => claim.mutate()}>
            {claim.isPending ? "Claiming…" : "Claim"}
          </button>
          <span className="hint">Claiming reserves the item for you for 30 minutes.</span>
        </div>
      ) : action === "resolve" ? (
        <div className="form">
          <div className="field">
            <label htmlFor={`${id}-reason`}>Reason for your decision</label>
            <textarea
              id={`${id}-reason`}
              ref={reasonRef}
              rows={3}
              value={reason}
              maxLength={1200}
              onChange={(e) => setReason(e.target.value)}
              aria-invalid={problem !== undefined}
              aria-describedby={`${id}-reason-hint`}
              aria-required="true"
            />
            <span id={`${id}-reason-hint`} className={problem ? "error" : "hint"}>
              {problem ?? "Required: it is recorded in the audit log with your decision."}
            </span>
          </div>
          <div className="row">
            <button
              type="button"
              className="button"
              disabled={busy}
              onClick={() => decide("approve")}
            >
              Approve
            </button>
            <button
              type="button"
              className="button danger"
              disabled={busy}
              onClick={() => decide("reject")}
            >
              Reject
            </button>
          </div>
        </div>
      ) : action === "claimedByOther" ? (
        <p className="muted">Another reviewer is deciding this item.</p>
      ) : action === "ownAccount" ? (
        <p className="muted">This is your own account's action: another reviewer decides it.</p>
      ) : (
        <p>
          {item.status === "approved" ? "Approved" : "Rejected"} by{" "}
          <code>{shortAddress(item.resolvedBy)}</code> on {when(item.resolvedAt)}
          {item.reason ? `: “${item.reason}”` : ""}
        </p>
      )}
      {failed ? (
        <p className="error" role="alert">
          {explainReviewError(failed).message}{" "}
          <span className="tx-code">({explainReviewError(failed).code})</span>
        </p>
      ) : null}
    </article>
  );
}

type FilingKind = "records" | "reports";

function useFilings(kind: FilingKind, account: string | undefined, cursor: string | undefined) {
  return useQuery({
    queryKey: ["compliance", kind, account, cursor],
    queryFn: async () => {
      const query = {
        limit: "20",
        ...(account ? { account } : {}),
        ...(cursor ? { cursor } : {}),
      };
      if (kind === "records") {
        const data = await call(api.GET("/v1/compliance/records", { params: { query } }));
        return { kind, ...data } as const;
      }
      const data = await call(api.GET("/v1/compliance/reports", { params: { query } }));
      return { kind, ...data } as const;
    },
    refetchInterval: 15_000,
  });
}

function Filings({ kind }: { kind: FilingKind }) {
  const id = useId();
  const [text, setText] = useState("");
  const [account, setAccount] = useState<string>();
  const [invalid, setInvalid] = useState(false);
  const [pager, setPager] = useState<Pager>(firstPage);
  const query = useFilings(kind, account, pager.cursor);
  const title = kind === "records" ? "Compliance records" : "Daily reports";
  const apply = (event: React.FormEvent) => {
    event.preventDefault();
    const filter = addressFilter(text);
    if (filter === false) {
      setInvalid(true);
      return;
    }
    setInvalid(false);
    setAccount(filter);
    setPager(firstPage);
  };
  return (
    <section aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{title}</h2>
      <p className="muted">
        {kind === "records"
          ? "Actions at or above the record-keeping threshold, newest first."
          : "Accounts whose total for a UTC day reached the reporting threshold, newest first."}
      </p>
      <form className="row review-filter-form" onSubmit={apply} noValidate>
        <div className="field">
          <label htmlFor={`${id}-account`}>Account (optional)</label>
          <input
            id={`${id}-account`}
            value={text}
            placeholder="0x…"
            autoComplete="off"
            spellCheck={false}
            onChange={(e) => setText(e.target.value)}
            aria-invalid={invalid}
            aria-describedby={`${id}-account-hint`}
          />
          <span id={`${id}-account-hint`} className={invalid ? "error" : "hint"}>
            {invalid
              ? "Enter a 0x address of 40 hex digits, or leave it empty."
              : "All accounts when empty."}
          </span>
        </div>
        <button type="submit" className="button secondary">
          Filter
        </button>
      </form>
      <QueryView
        query={query}
        what={title.toLowerCase()}
        isEmpty={(d) => d.items.length === 0}
        empty={kind === "records" ? "No records yet." : "No reports yet."}
      >
        {(data) => (
          <>
            <TableScroll label={title}>
              {data.kind === "records" ? (
                <table>
                  <thead>
                    <tr>
                      <th scope="col">When</th>
                      <th scope="col">Account</th>
                      <th scope="col">Action</th>
                      <th scope="col" className="num">
                        Amount
                      </th>
                      <th scope="col">Decision</th>
                    </tr>
                  </thead>
                  <tbody>
                    {data.items.map((r) => (
                      <tr key={r.id}>
                        <td>{when(r.createdAt)}</td>
                        <td>
                          <code title={r.account}>{shortAddress(r.account)}</code>
                        </td>
                        <td>{r.action}</td>
                        <td className="num">{formatUsdText(r.amountUsd)}</td>
                        <td>
                          <code title={r.decisionId}>{r.decisionId.slice(0, 8)}</code>
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              ) : (
                <table>
                  <thead>
                    <tr>
                      <th scope="col">Day (UTC)</th>
                      <th scope="col">Account</th>
                      <th scope="col" className="num">
                        Total
                      </th>
                      <th scope="col">Filed</th>
                    </tr>
                  </thead>
                  <tbody>
                    {data.items.map((r) => (
                      <tr key={r.id}>
                        <td>{r.day}</td>
                        <td>
                          <code title={r.account}>{shortAddress(r.account)}</code>
                        </td>
                        <td className="num">{formatUsdText(r.totalUsd)}</td>
                        <td>{when(r.createdAt)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
            </TableScroll>
            <PagerButtons
              pager={pager}
              nextCursor={data.nextCursor}
              setPager={setPager}
              what={title.toLowerCase()}
            />
          </>
        )}
      </QueryView>
    </section>
  );
}

const recentRows = 20;

function Audit() {
  const id = useId();
  const verify = useQuery({
    queryKey: ["audit", "verify"],
    queryFn: () => call(api.GET("/v1/audit/verify")),
    // Reading the log is itself audited: verify when asked, not whenever the window gets focus.
    refetchOnWindowFocus: false,
    retry: (count, error) => accessOf(error, true) === "error" && count < 2,
  });
  const rows = verify.data?.rows;
  const recent = useQuery({
    queryKey: ["audit", "recent", rows],
    enabled: rows !== undefined,
    staleTime: Number.POSITIVE_INFINITY,
    queryFn: async () => {
      // The whole export, of which the newest rows are shown: the API refuses `afterSeq` as a query
      // string (it declares an integer, and query strings are not coerced), so it cannot be asked
      // for the tail alone.
      const text = await call(api.GET("/v1/audit/export", { parseAs: "text" }));
      return parseAuditLines(String(text)).slice(-recentRows).reverse();
    },
  });
  const [download, setDownload] = useState<{ error?: string; busy?: boolean }>({});

  if (accessOf(verify.error, true) === "adminsOnly") {
    return (
      <section className="card review-denied" role="status">
        <h2>Admins only</h2>
        <p>The audit log and its verification are for admins.</p>
      </section>
    );
  }

  const exportAll = async () => {
    setDownload({ busy: true });
    try {
      const text = await call(api.GET("/v1/audit/export", { parseAs: "text" }));
      const url = URL.createObjectURL(new Blob([String(text)], { type: "application/x-ndjson" }));
      const link = document.createElement("a");
      link.href = url;
      link.download = "fluxion-audit.jsonl";
      link.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
      setDownload({});
    } catch (e) {
      setDownload({ error: explainReviewError(e).message });
    }
  };

  return (
    <section aria-labelledby={`${id}-title`} className="review-audit">
      <h2 id={`${id}-title`}>Audit log</h2>
      <p className="muted">
        Every decision and admin action, in a chain where each row's hash covers the row before it:
        an edit anywhere breaks the chain from there on.
      </p>
      {verify.isPending ? (
        <Loading what="the chain's verification" />
      ) : verify.error ? (
        <ErrorState error={verify.error} retry={() => void verify.refetch()} />
      ) : verify.data ? (
        <AuditVerdict
          result={verify.data}
          onVerify={() => void verify.refetch()}
          busy={verify.isFetching}
        />
      ) : null}
      <div className="row">
        <button
          type="button"
          className="button secondary"
          onClick={exportAll}
          disabled={download.busy}
        >
          {download.busy ? "Exporting…" : "Download the whole log (JSON Lines)"}
        </button>
        {download.error ? (
          <span className="error" role="alert">
            {download.error}
          </span>
        ) : null}
      </div>
      <h3>Latest entries</h3>
      {rows === undefined ? null : (
        <QueryView
          query={recent}
          what="the latest entries"
          isEmpty={(d) => d.length === 0}
          empty="The log is empty."
        >
          {(entries) => (
            <TableScroll label="Latest audit entries">
              <table>
                <thead>
                  <tr>
                    <th scope="col" className="num">
                      Row
                    </th>
                    <th scope="col">When</th>
                    <th scope="col">What</th>
                    <th scope="col">Who</th>
                    <th scope="col">Subject</th>
                    <th scope="col">Hash</th>
                  </tr>
                </thead>
                <tbody>
                  {entries.map((e) => (
                    <tr key={e.seq}>
                      <td className="num">{e.seq}</td>
                      <td>{when(e.at)}</td>
                      <td>{e.kind}</td>
                      <td>
                        <code title={e.actor}>
                          {e.actor.startsWith("0x") ? shortAddress(e.actor) : e.actor}
                        </code>
                      </td>
                      <td>
                        {e.subject ? (
                          <code title={e.subject}>
                            {e.subject.length > 16 ? `${e.subject.slice(0, 12)}…` : e.subject}
                          </code>
                        ) : (
                          "—"
                        )}
                      </td>
                      <td>
                        <code title={e.hash}>{e.hash.slice(0, 10)}…</code>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableScroll>
          )}
        </QueryView>
      )}
    </section>
  );
}

function AuditVerdict({
  result,
  onVerify,
  busy,
}: {
  result: { ok: boolean; rows: number; head?: string; brokenAt?: number; reason?: string };
  onVerify: () => void;
  busy: boolean;
}) {
  const verdict = describeVerify(result);
  return (
    <div
      className={`review-verdict ${verdict.ok ? "verified" : "broken"}`}
      role={verdict.ok ? "status" : "alert"}
      data-testid="audit-verdict"
    >
      <p>
        <span className={`badge ${verdict.ok ? "ok" : "danger"}`}>
          {verdict.ok ? "Chain verified" : "Chain broken"}
        </span>{" "}
        {verdict.text}
      </p>
      {result.head ? (
        <p className="muted">
          Head hash <code>{result.head}</code>
        </p>
      ) : null}
      <button type="button" className="button secondary" onClick={onVerify} disabled={busy}>
        {busy ? "Verifying…" : "Verify again"}
      </button>
    </div>
  );
}

/** A table that scrolls sideways on a phone, focusable so a keyboard can scroll it too. */
function TableScroll({ label, children }: { label: string; children: ReactNode }) {
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard
    <section className="table-wrap" aria-label={label} tabIndex={0}>
      {children}
    </section>
  );
}
