-- The CCIP relay (keepers/src/ccip): our local stand-in for Chainlink's oracle networks between local chains.
-- ccip_messages holds every message a source router sent (the whole LocalMessage, where the source logged it),
-- moved by the relay through pending -> finalized -> committed -> success | failure (or dropped by a reorg), and
-- ccip_commits holds the relay's commit batches, one signer purpose each (keepers.chain_txs). The lane's
-- source-log cursor is a keepers.cursors row and the lane's lease a keepers.leases row, as the other keepers'.

create table keepers.ccip_messages (
  message_id text primary key check (message_id ~ '^0x[0-9a-f]{64}$'),
  -- "<source chain id>-><destination chain id>"
  lane text not null,
  source_chain_id integer not null,
  dest_chain_id integer not null,
  -- the LocalMessage as CCIPMessageSent logged it (uint64 selectors and numbers as numeric, addresses lowercase)
  source_selector numeric(20) not null,
  dest_selector numeric(20) not null,
  sequence_number numeric(20) not null,
  sender text not null,
  receiver text not null,
  data text not null,
  gas_limit numeric(78) not null,
  fee_token text not null,
  fee_token_amount numeric(78) not null,
  -- where the source logged it (the newest position: a message re-included after a reorg moves)
  block_number bigint not null,
  block_hash text not null,
  tx_hash text not null,
  log_index integer not null,
  -- the source block's timestamp, read when the message reached its finality depth
  source_block_time timestamptz,
  -- pending: waiting for the finality depth | dropped: a reorg removed it (never delivered unless it reappears)
  -- finalized: canonical at depth, to commit | committed: committed on the destination
  -- success | failure: the destination's execution state (failure may be executed again manually)
  state text not null check (state in ('pending', 'dropped', 'finalized', 'committed', 'success', 'failure')),
  -- the batch that commits it (ccip_commits.id) while that batch is open
  commit_id bigint,
  -- suffix of the execute purpose: a reverted execute that left the message untouched is sent again as :n+1
  execute_attempt integer not null default 0,
  -- manual executions asked for through the HTTP interface; the purpose is set while one is in flight
  manual_attempt integer not null default 0,
  manual_purpose text,
  -- the execution that decided the state (ours or anyone's), from its ExecutionStateChanged log
  result_tx text,
  result_block bigint,
  return_data text,
  exec_gas_limit numeric(78),
  gas_used numeric(78),
  manual boolean,
  executor text,
  -- whether this relay's own transaction executed it
  executed_by_us boolean,
  -- the last step that failed for it (retried from next_run_at)
  error_code text,
  error_message text,
  failures integer not null default 0,
  next_run_at timestamptz not null default now(),
  seen_at timestamptz not null default now(),
  finalized_at timestamptz,
  committed_at timestamptz,
  executed_at timestamptz,
  updated_at timestamptz not null default now()
);
create index ccip_messages_lane_state on keepers.ccip_messages (lane, state, next_run_at);
create index ccip_messages_recent on keepers.ccip_messages (seen_at desc);
create unique index ccip_messages_manual on keepers.ccip_messages (manual_purpose) where manual_purpose is not null;

create table keepers.ccip_commits (
  id bigserial primary key,
  lane text not null,
  dest_chain_id integer not null,
  source_selector numeric(20) not null,
  message_ids text[] not null,
  -- the signer purpose of its transaction (unique per chain in keepers.chain_txs)
  purpose text not null unique,
  -- open: sent or about to be | done: mined, every id committed | failed: refused or reverted (ids go back)
  state text not null check (state in ('open', 'done', 'failed')),
  tx_hash text,
  error_code text,
  error_message text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index ccip_commits_open on keepers.ccip_commits (lane) where state = 'open';

-- Monitor mode (real Chainlink routers: the relay only watches): one row per message id the Fluxion gateways
-- logged, sent (SynthSent / LiquiditySent on the source) and delivered (SynthReceived / LiquidityReceived) or
-- failed (MessageFailed) on the destination; either side may be seen first.
create table keepers.ccip_monitored (
  message_id text primary key check (message_id ~ '^0x[0-9a-f]{64}$'),
  lane text not null,
  -- synth | liquidity (null until the send is seen)
  kind text,
  -- sent | delivered | failed
  state text not null check (state in ('sent', 'delivered', 'failed')),
  sent_block bigint,
  sent_tx text,
  -- the send block's timestamp, or when the monitor saw it if the chain runs ahead of the wall clock
  sent_at timestamptz,
  -- where and when (wall clock) it arrived: delivered, or MessageFailed
  delivered_block bigint,
  delivered_tx text,
  delivered_at timestamptz,
  failed_reason text,
  -- when the overdue or failure alert was raised (once per message)
  alerted_at timestamptz,
  seen_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index ccip_monitored_open on keepers.ccip_monitored (lane, sent_at) where state = 'sent';
create index ccip_monitored_recent on keepers.ccip_monitored (seen_at desc);
