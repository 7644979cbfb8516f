"""The report: its construction, chain of reasoning, questions, receipt, explain and renderers."""
