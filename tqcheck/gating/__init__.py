"""The CI policy at the end of a run: fingerprints, baselines, suppressions, triage, gates, locations."""
