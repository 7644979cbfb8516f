"""The engine: the YAML rules compiled to durable_rules, and the session that runs them."""
