# Louyu — two commands: `make demo` and `make test`. Everything else is optional.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-$(shell cat requirements.txt pyproject.toml | cksum | cut -d' ' -f1)
PYTEST_ARGS ?= -n 2

.PHONY: install demo test test-pg bench bench-match screenshots serve clean bench-growth bench-spark

install: $(STAMP)

$(STAMP): requirements.txt pyproject.toml
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "需要 Python 3.11 或更新版本"'
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -r requirements.txt
	$(BIN)/python -m pip install -q --no-deps -e .
	@rm -f $(VENV)/.installed-*
	@touch $(STAMP)

# Migrate the embedded SQLite database, load the Suzhou demo data (once), print the demo logins, serve on :8000.
demo: install
	$(BIN)/louyu demo

test: install
	$(BIN)/python -m pytest -q -rs $(PYTEST_ARGS)

test-pg: install
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/test} $(BIN)/python -m pytest -q $(PYTEST_ARGS)

bench: install
	$(BIN)/python -m pip install -q -r requirements-bench.txt
	$(BIN)/louyu bench --output docs/performance.md

bench-growth: install
	$(BIN)/python -m pip install -q -r requirements-bench.txt
	$(BIN)/louyu bench --growth --scales 1,10,100 --output docs/performance.md

# Optional: the same facts on Spark in local mode (needs Java 17: apt-get install default-jre-headless).
bench-spark: install
	$(BIN)/python -m pip install -q -r requirements-bench.txt -r requirements-spark.txt
	$(BIN)/louyu bench --growth --only indicators --scales 10 --spark --no-explain --output docs/performance.md

bench-match: install
	$(BIN)/louyu bench-match --output docs/performance.md

screenshots: install
	$(BIN)/louyu screenshots --output docs/screenshots

serve: install
	$(BIN)/louyu serve

clean:
	rm -rf $(VENV) var/static
