-- Slapende accounts: an account nobody logged in with for `dormant_months` months gets a
-- warning mail, and is deactivated two weeks later unless it was used in between. Per
-- organisation; null: never (the default, so an organisation chooses it).
alter table organisation add column dormant_months int check (dormant_months between 1 and 60);

-- When the warning went out; a login after it starts the count again.
alter table account add column dormant_warned_at timestamptz;
