-- remember_memories plans its statement for each call's user, as the statement did when the worker sent it
-- itself: PL/pgSQL caches a statement's plan per connection and may switch to a generic one after five calls,
-- planned for an average user, which can choose another index for a user with many memories.
ALTER FUNCTION remember_memories(uuid, jsonb, float8) SET plan_cache_mode = force_custom_plan;
