"""Reading: safe YAML, JSON Schemas, located errors, where the data lives."""
