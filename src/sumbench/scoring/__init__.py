"""ROUGE scoring: configuration and scores, rouge-score, fast exact LCS, tokenizers."""
