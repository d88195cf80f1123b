-- The keeper that created a swap drives it: another keeper takes it only once it has been due for the
-- takeover grace without its creator taking it (a dead or saturated keeper). Without it, whichever
-- keeper heard an event first took the swap, and one fast keeper could take every swap of a burst.
-- Swaps from before this column have no home: any keeper takes them, as before.
alter table keepers.swaps add column home_keeper text;
