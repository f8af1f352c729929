-- Drift repair (RFC 6238 §6): a phone whose clock is off by a few minutes gets its offset
-- stored after two consecutive codes at the same offset; a later exact code resets it.
alter table totp_secret
	add column drift_steps int not null default 0 check (drift_steps between -10 and 10),
	-- The first skewed code: its offset and its step, waiting for a second one.
	add column drift_candidate_steps int,
	add column drift_candidate_step bigint;
