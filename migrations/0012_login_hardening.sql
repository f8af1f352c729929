-- Login hardening: replay protection by the set of used time steps, and lockout per device.

-- The time steps of the codes accepted recently (only steps that can still be accepted are
-- kept). A code is refused when its own step was used, not merely because a later step was:
-- after a drift repair the last used step lies in the phone's (wrong) future, and the code at
-- the real current step, once the clock is fixed, was never used.
alter table totp_secret add column used_steps bigint[] not null default '{}';
update totp_secret set used_steps = array[last_used_step] where last_used_step is not null;

-- Wrong passwords from a browser that holds a valid device cookie (it logged in to the
-- account before) are counted per device, apart from the failures of every other browser:
-- strangers' failures cannot lock the rightful user out of their own device, and a device
-- that fails too often waits on its own. `device_key` is a keyed hash of the cookie's nonce.
create table login_device_throttle (
	device_key text primary key,
	account_id uuid not null references account (id) on delete cascade,
	failures int not null default 0,
	locked_until timestamptz,
	updated_at timestamptz not null default now()
);

create index login_device_throttle_account on login_device_throttle (account_id);
