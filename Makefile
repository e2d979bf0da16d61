# Shortcuts for the two commands in dev.py (which needs nothing but Python 3.11).
.PHONY: run test lint format
run:
	python3 dev.py run
test:
	python3 dev.py test
lint:
	.venv/bin/ruff check . && .venv/bin/ruff format --check .
format:
	.venv/bin/ruff check --fix . && .venv/bin/ruff format .
