-- The final CLTV delta (blocks) of a swap's invoice: a burn's payment must make every HTLC expire before
-- the burn's timelock, and how long that takes depends on the delta the payee's invoice asks for.
alter table keepers.swaps add column cltv_delta integer;

-- Burns that were not paid stay open until their locker is refunded (pay_failed, rejected -> refund_sent
-- -> refunded): wake them again, they were final before.
update keepers.swaps set next_run_at = now()
  where direction = 'burn' and state in ('pay_failed', 'rejected');
