"""The performance suite (issue #8): `make bench` runs benchmarks/run.py. Not part of the test run."""
