-- The keepers' durable state. Every swap is one row keyed by its Lightning payment hash; every state
-- change is appended to swap_events; every on-chain send is recorded in chain_txs before it is broadcast.

create table keepers.swaps (
  payment_hash text primary key check (payment_hash ~ '^[0-9a-f]{64}$'),
  direction text not null check (direction in ('mint', 'burn')),
  state text not null,
  chain_id integer not null,
  -- mint: the recipient; burn: the locker (lowercase 0x addresses)
  account text not null,
  synth text not null,
  sats bigint not null check (sats > 0),
  -- synth base units: the gross amount quoted or locked, and the gateway fee inside it
  amount numeric(78) not null,
  fee numeric(78) not null,
  quoted_at bigint not null,
  -- unix seconds; null until decided (mint: at lock time)
  timelock bigint,
  invoice text,
  invoice_expires_at bigint,
  preimage text check (preimage is null or preimage ~ '^[0-9a-f]{64}$'),
  -- the API's compliance reference (idempotency key of the check)
  reference text,
  failure_code text,
  failure_message text,
  attempts integer not null default 0,
  next_run_at timestamptz not null default now(),
  lease_owner text,
  lease_until timestamptz,
  version integer not null default 0,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index swaps_due on keepers.swaps (next_run_at);
create index swaps_account on keepers.swaps (account, created_at desc);

create table keepers.swap_events (
  id bigserial primary key,
  payment_hash text not null references keepers.swaps (payment_hash),
  from_state text,
  to_state text not null,
  detail jsonb,
  keeper text not null,
  at timestamptz not null default now()
);
create index swap_events_hash on keepers.swap_events (payment_hash, id);

create table keepers.chain_txs (
  chain_id integer not null,
  signer text not null,
  nonce bigint not null,
  -- what the transaction is for, unique per chain: the same action is never sent twice
  purpose text not null,
  to_address text not null,
  data text not null,
  gas bigint not null,
  max_fee_per_gas numeric(78) not null,
  max_priority_fee_per_gas numeric(78) not null,
  -- every signed version (fee bumps replace the same nonce), newest last
  raw_txs text[] not null,
  hashes text[] not null,
  status text not null check (status in ('pending', 'mined')),
  mined_hash text,
  receipt_status text check (receipt_status is null or receipt_status in ('success', 'reverted')),
  block_number bigint,
  sent_at timestamptz not null default now(),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (chain_id, signer, nonce)
);
create unique index chain_txs_purpose on keepers.chain_txs (chain_id, purpose);
create index chain_txs_pending on keepers.chain_txs (chain_id, signer, nonce) where status = 'pending';

create table keepers.cursors (
  name text primary key,
  block_number bigint not null,
  updated_at timestamptz not null default now()
);
