// The Keepers tab against the API's answers: the jobs table, a job's tasks, and the states of an API
// without keepers, keepers that are down, and a reviewer who is not an admin.
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { cleanup, fireEvent, render, screen, within } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { Keepers } from "./Keepers.tsx";
import type { JobView } from "./keepersLogic.ts";

// The API client, answering from the test (openapi-fetch's `call` unwraps to the data or throws).
const client = vi.hoisted(() => ({ GET: vi.fn() }));
vi.mock("../../api/client.ts", () => ({
  api: { GET: client.GET },
  call: (pending: Promise<unknown>) => pending,
}));

const apiError = (status: number, code: string) =>
  Object.assign(new Error(`API said ${code}`), { status, code });

const soon = () => new Date(Date.now() + 20_000).toISOString();
const job = (overrides: Partial<JobView>): JobView & Record<string, unknown> => ({
  name: "oracle",
  chainId: 31337,
  trigger: "interval",
  schedule: "every 30s",
  enabled: true,
  nextRunAt: soon(),
  nextBlock: null,
  runs: 4,
  failures: 0,
  consecutiveFailures: 0,
  lastStartedAt: null,
  lastFinishedAt: new Date(Date.now() - 10_000).toISOString(),
  lastOutcome: "ok",
  lastError: null,
  lastSummary: null,
  lease: null,
  openTasks: 0,
  ...overrides,
});

const jobs = [
  job({
    name: "liquidations",
    trigger: "block",
    schedule: "every block",
    nextBlock: "812",
    runs: 40,
    failures: 2,
    consecutiveFailures: 1,
    lastOutcome: "failed",
    lastError: { code: "rpc.unavailable", message: "the node did not answer" },
    lease: { owner: "keeper-7", until: soon() },
    openTasks: 3,
  }),
  job({ name: "oracle" }),
];

const task = (id: string, subject: string, state: string) => ({
  id,
  subject,
  state,
  payload: {},
  purpose: null,
  attempts: 1,
  outcome: state === "done" ? { kind: "full" } : null,
  errorCode: null,
  keeper: "keeper-7",
  createdAt: "2026-01-15T12:00:00.000Z",
});

function answer(routes: { jobs?: unknown; tasks?: (name: string, state?: string) => unknown }) {
  client.GET.mockImplementation(
    async (
      path: string,
      options?: { params: { path: { name: string }; query: { state?: string } } },
    ) => {
      const result =
        path === "/v1/admin/keepers/jobs"
          ? routes.jobs
          : routes.tasks?.(options!.params.path.name, options!.params.query.state);
      if (result instanceof Error) throw result;
      return result;
    },
  );
}

function renderKeepers() {
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  return render(
    <QueryClientProvider client={queryClient}>
      <Keepers />
    </QueryClientProvider>,
  );
}

beforeEach(() => {
  client.GET.mockReset();
});
afterEach(cleanup);

describe("the Keepers tab", () => {
  it("lists every job: schedule, last outcome with its error, next run, runs, open tasks, lease", async () => {
    answer({
      jobs: { jobs },
      tasks: (name) => ({
        tasks:
          name === "liquidations"
            ? [task("12", "0xabc:0xdef", "due"), task("11", "0x1", "done")]
            : [],
      }),
    });
    renderKeepers();
    expect(screen.getByRole("status").textContent).toMatch(/Loading the keepers' jobs/);
    const region = await screen.findByRole("region", { name: "Keeper jobs" });
    const rows = within(region).getAllByRole("row").slice(1);
    expect(rows.map((row) => row.getAttribute("data-job"))).toEqual(["liquidations", "oracle"]);
    const [liquidations, oracle] = rows as [HTMLElement, HTMLElement];
    expect(liquidations.textContent).toContain("every block");
    expect(liquidations.textContent).toContain("Failed");
    expect(within(liquidations).getByTestId("job-error").textContent).toBe(
      "rpc.unavailable: the node did not answer",
    );
    expect(liquidations.textContent).toContain("Running now");
    expect(liquidations.textContent).toContain("40 runs, 2 failed (1 in a row)");
    expect(liquidations.textContent).toContain("keeper-7");
    expect(within(liquidations).getAllByRole("cell")[4]!.textContent).toBe("3");
    expect(oracle.textContent).toMatch(/OK 10 s ago/);
    expect(oracle.textContent).toMatch(/in (1\d|20) s/);
    expect(oracle.textContent).toContain("4 runs");

    // The first job's latest tasks below.
    const tasks = await screen.findByRole("region", { name: "Tasks of liquidations" });
    expect(within(tasks).getAllByRole("row")).toHaveLength(3);
    expect(tasks.textContent).toContain("kind full");
    expect(client.GET).toHaveBeenCalledWith("/v1/admin/keepers/jobs/{name}/tasks", {
      params: { path: { name: "liquidations" }, query: { limit: "20" } },
    });
  });

  it("another job's tasks, of one state, on request", async () => {
    answer({
      jobs: { jobs },
      tasks: (name, state) => ({
        tasks: name === "oracle" && state === "failed" ? [task("5", "0xfeed", "failed")] : [],
      }),
    });
    renderKeepers();
    fireEvent.change(await screen.findByLabelText("Job"), { target: { value: "oracle" } });
    fireEvent.change(screen.getByLabelText("State"), { target: { value: "failed" } });
    const tasks = await screen.findByRole("region", { name: "Tasks of oracle" });
    expect(tasks.textContent).toContain("0xfeed");
    expect(client.GET).toHaveBeenCalledWith("/v1/admin/keepers/jobs/{name}/tasks", {
      params: { path: { name: "oracle" }, query: { limit: "20", state: "failed" } },
    });
  });

  it("no jobs yet: says so", async () => {
    answer({ jobs: { jobs: [] } });
    renderKeepers();
    expect((await screen.findByText(/No jobs yet/)).className).toContain("state-empty");
  });

  it("an API without keepers: names the variable to set", async () => {
    answer({ jobs: apiError(503, "keepers.not_configured") });
    renderKeepers();
    expect(
      (await screen.findByText(/not connected to the scheduled keepers/)).textContent,
    ).toContain("KEEPER_JOBS_URL");
  });

  it("keepers that are down: an error with a retry", async () => {
    answer({ jobs: apiError(503, "keepers.unavailable") });
    renderKeepers();
    const alert = await screen.findByRole("alert");
    expect(alert.textContent).toMatch(/did not answer.*\(keepers\.unavailable\)/);
    answer({ jobs: { jobs } });
    fireEvent.click(within(alert).getByRole("button", { name: "Try again" }));
    expect(await screen.findByRole("region", { name: "Keeper jobs" })).toBeTruthy();
  });

  it("a reviewer who is not an admin: admins only", async () => {
    answer({ jobs: apiError(403, "auth.forbidden") });
    renderKeepers();
    expect((await screen.findByTestId("keepers-admins-only")).textContent).toMatch(/Admins only/);
  });
});
