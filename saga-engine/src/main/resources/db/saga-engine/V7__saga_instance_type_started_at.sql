-- Support staff's listings and bulk counts by saga type (the console's links from the overview carry the type): a
-- page of one type in start order, and a count of one type, read this index instead of the whole table. Like every
-- index on saga_instance it takes a new entry at each state change (its rows are never updated in place: status and
-- progressed_at, indexed already, change each time).
CREATE INDEX saga_instance_type_started_at ON saga_instance (type, started_at, id);
