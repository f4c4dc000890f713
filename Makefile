bench: ; .venv/bin/python benchmarks/bench.py
