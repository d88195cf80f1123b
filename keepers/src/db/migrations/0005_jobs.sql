-- The scheduled keepers (keepers/src/jobs). One row per job: its trigger, when it is due next, the outcome
-- of its last run and its failures (the backoff), and the lease of the keeper running it now. A job's
-- run plans work; the work itself is job_tasks, one row per thing to do (a position to liquidate, an
-- asset to sync), which every keeper process takes from with SKIP LOCKED, so N keepers split it.

create table keepers.jobs (
  name text primary key,
  chain_id integer not null,
  -- interval | cron | block: how next_run_at (or next_block) is set after a run
  trigger text not null,
  schedule text not null,
  enabled boolean not null default true,
  next_run_at timestamptz not null default now(),
  -- per-block jobs: due once the chain reaches this block (null: due by next_run_at alone)
  next_block bigint,
  runs bigint not null default 0,
  failures bigint not null default 0,
  consecutive_failures integer not null default 0,
  last_started_at timestamptz,
  last_finished_at timestamptz,
  -- ok | failed
  last_outcome text,
  last_error_code text,
  last_error_message text,
  -- what the last run found (positions watched, tasks planned, ...)
  last_summary jsonb,
  lease_owner text,
  lease_until timestamptz,
  updated_at timestamptz not null default now()
);

create table keepers.job_tasks (
  id bigserial primary key,
  job text not null references keepers.jobs (name),
  -- what the task is about (a position, an asset, a token, a payment hash): at most one open task each
  subject text not null,
  -- due | sent | done | skipped | failed
  state text not null check (state in ('due', 'sent', 'done', 'skipped', 'failed')),
  payload jsonb not null default '{}',
  -- the signer purpose of its transaction once one was sent (unique per chain in chain_txs)
  purpose text,
  attempts integer not null default 0,
  next_run_at timestamptz not null default now(),
  lease_owner text,
  lease_until timestamptz,
  outcome jsonb,
  error_code text,
  error_message text,
  keeper text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create unique index job_tasks_open on keepers.job_tasks (job, subject) where state in ('due', 'sent');
create index job_tasks_due on keepers.job_tasks (next_run_at) where state in ('due', 'sent');
create index job_tasks_job on keepers.job_tasks (job, id desc);

-- Protocol events for the API's stream (liquidations, breaker trips, stale feeds, distributions): an
-- outbox like swap_events, written in the transaction that records what happened, delivered in id order
-- by the keeper holding the "protocol-events" lease. account null: for everyone.
create table keepers.job_events (
  id bigserial primary key,
  type text not null,
  account text,
  data jsonb not null,
  -- the same fact is announced once: (type, dedupe) is unique when dedupe is set
  dedupe text,
  at timestamptz not null default now(),
  delivered_at timestamptz
);
create unique index job_events_dedupe on keepers.job_events (type, dedupe) where dedupe is not null;
create index job_events_undelivered on keepers.job_events (id) where delivered_at is null;
