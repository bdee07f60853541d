"""Quality metrics: thin adapters over sacrebleu (never reimplementations)."""
