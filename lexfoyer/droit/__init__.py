"""The law: provisions and dated parameters (kb), rules, the validated base and its cache, lint."""
