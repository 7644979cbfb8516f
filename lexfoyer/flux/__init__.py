"""Workflows: batch evaluation, impact of a change of the law, coverage, scenarios, calculators."""
