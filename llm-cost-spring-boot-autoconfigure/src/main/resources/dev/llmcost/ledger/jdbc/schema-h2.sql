-- Tables of the LLM cost ledger (llm.cost.ledger.store=jdbc) on H2 2.x.
-- Table names start with llm.cost.ledger.jdbc.table-prefix (llm_cost_ here); with another
-- prefix, replace llm_cost_ in this script. It creates what is missing and keeps what exists.

-- Hourly totals per feature and model, added to by every instance. Cost is a DECFLOAT: an
-- exact decimal of any scale (a NUMERIC of H2 without a scale keeps whole units only).
CREATE TABLE IF NOT EXISTS llm_cost_ledger (
	hour_start TIMESTAMP WITH TIME ZONE NOT NULL,
	feature VARCHAR(255) NOT NULL,
	model VARCHAR(255) NOT NULL,
	calls BIGINT NOT NULL,
	errors BIGINT NOT NULL,
	unpriced_calls BIGINT NOT NULL,
	cost DECFLOAT NOT NULL,
	input_tokens BIGINT NOT NULL,
	cache_read_tokens BIGINT NOT NULL,
	cache_write_tokens BIGINT NOT NULL,
	output_tokens BIGINT NOT NULL,
	reasoning_tokens BIGINT NOT NULL,
	units_image BIGINT DEFAULT 0 NOT NULL,
	units_second BIGINT DEFAULT 0 NOT NULL,
	units_character BIGINT DEFAULT 0 NOT NULL,
	units_request BIGINT DEFAULT 0 NOT NULL,
	PRIMARY KEY (hour_start, feature, model)
);

-- Units billed besides tokens (images, seconds of audio, characters, requests), added in
-- 0.2: a table created before gets them here, its rows counting none.
ALTER TABLE llm_cost_ledger ADD COLUMN IF NOT EXISTS units_image BIGINT DEFAULT 0 NOT NULL;
ALTER TABLE llm_cost_ledger ADD COLUMN IF NOT EXISTS units_second BIGINT DEFAULT 0 NOT NULL;
ALTER TABLE llm_cost_ledger ADD COLUMN IF NOT EXISTS units_character BIGINT DEFAULT 0 NOT NULL;
ALTER TABLE llm_cost_ledger ADD COLUMN IF NOT EXISTS units_request BIGINT DEFAULT 0 NOT NULL;

-- The last flush of each writer (one per run of an instance), recorded in the transaction
-- of the flush, so that a flush written again after a lost answer is not added twice.
CREATE TABLE IF NOT EXISTS llm_cost_ledger_flushes (
	writer VARCHAR(64) NOT NULL PRIMARY KEY,
	instance_id VARCHAR(255) NOT NULL,
	last_sequence BIGINT NOT NULL,
	flushed_at TIMESTAMP WITH TIME ZONE NOT NULL
);

-- Which instance announces each event of a budget the fleet shares (threshold crossed,
-- exhausted, reset): the first to insert its row. threshold is 0 for events without one.
CREATE TABLE IF NOT EXISTS llm_cost_budget_events (
	budget VARCHAR(255) NOT NULL,
	period_start TIMESTAMP WITH TIME ZONE NOT NULL,
	event_type VARCHAR(32) NOT NULL,
	threshold INTEGER NOT NULL,
	writer VARCHAR(64) NOT NULL,
	instance_id VARCHAR(255) NOT NULL,
	claimed_at TIMESTAMP WITH TIME ZONE NOT NULL,
	PRIMARY KEY (budget, period_start, event_type, threshold)
);
