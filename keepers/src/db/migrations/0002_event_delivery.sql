-- Delivery of swap events to the API (signed ingress): swap_events is the outbox. An event is sent by the
-- keeper holding the "events" publisher lease, in id order, and marked delivered once the API acknowledged
-- it; one the API never acknowledged is sent again (the API drops repeats by event id).
alter table keepers.swap_events add column delivered_at timestamptz;

create index swap_events_undelivered on keepers.swap_events (id) where delivered_at is null;

create table keepers.leases (
  name text primary key,
  owner text not null,
  until timestamptz not null
);

-- What happened before the outbox existed is history, not news.
update keepers.swap_events set delivered_at = at;
