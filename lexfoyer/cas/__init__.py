"""The case: the dossier as read and validated, and the facts the engine holds."""
