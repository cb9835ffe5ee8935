"""The corpus: documents and references, read from folders, JSONL files or clusters."""
