-- The final CLTV delta (blocks) of a swap's invoice: a burn's payment must make every HTLC expire before
-- the burn's timelock, and how long that takes depends on the delta the payee's invoice asks for.
alter table keepers.swaps add column cltv_delta integer;

-- Burns that were not paid stay open until their locker is refunded (pay_failed, rejected -> refund_sent
-- -> refunded): wake them again, they were final before.
update keepers.swaps set next_run_at = now()
  where direction = 'burn' and state in ('pay_failed', 'rejected');

-- A step that failed and will be retried is not the swap failing: its error is kept apart from the
-- swap's own failure (which the user sees), and cleared by the next transition.
alter table keepers.swaps add column last_error_code text;
alter table keepers.swaps add column last_error_message text;
update keepers.swaps set last_error_code = failure_code, last_error_message = failure_message,
    failure_code = null, failure_message = null
  where failure_code in ('keepers.unexpected', 'keepers.rpc_failed', 'lightning.unreachable');
