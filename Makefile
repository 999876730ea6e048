# Layang: `make run` serves the demo on http://127.0.0.1:5000, `make serve` serves with gunicorn
# (several processes), `make test` runs every test.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
export FLASK_APP := wsgi.py

.PHONY: run serve test bench lint lock system-deps frontend clean

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV) || python3 -m venv $(VENV)
	$(BIN)/pip install -q pip==26.3

# Installs exactly the locked versions, each checked against its hash (`make lock` regenerates the locks).
$(VENV)/.installed: $(BIN)/activate requirements-dev.lock
	$(BIN)/pip install -q --require-hashes -r requirements-dev.lock
	touch $@

# requirements.txt (runtime) and requirements-dev.txt (tests, tooling) name the direct dependencies,
# pinned exactly; the locks add every transitive one with its hashes. The dev lock is constrained by
# the runtime lock so both install the same versions.
UV_COMPILE := $(BIN)/uv pip compile -q --generate-hashes --python-version 3.11 --python-platform linux \
	--custom-compile-command "make lock"
lock: $(VENV)/.installed
	$(UV_COMPILE) requirements.txt -o requirements.lock
	$(UV_COMPILE) requirements-dev.txt -c requirements.lock -o requirements-dev.lock

lint: $(VENV)/.installed
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .
	$(BIN)/mypy

run: $(VENV)/.installed frontend
	$(BIN)/flask db upgrade
	$(BIN)/flask seed-demo
	@echo "Layang berjalan di http://127.0.0.1:5000 (Ctrl+C untuk berhenti)"
	LAYANG_TRUST_ROOTS=$${LAYANG_TRUST_ROOTS:-instance/dev-ca/ca.pem} \
	LAYANG_SHOW_DEMO_LOGINS=$${LAYANG_SHOW_DEMO_LOGINS:-1} LAYANG_RUN_TIMERS=$${LAYANG_RUN_TIMERS:-1} \
		$(BIN)/flask run --host 127.0.0.1 --port 5000

# Production-style: gunicorn with LAYANG_WORKERS processes (default 2 x cores) on
# 127.0.0.1:${LAYANG_PORT:-8000} against LAYANG_DATABASE_URL; settings in gunicorn.conf.py.
serve: $(VENV)/.installed frontend
	$(BIN)/flask db upgrade
	$(BIN)/gunicorn -c gunicorn.conf.py

# The route modeler's browser code: npm packages (bpmn-js, bpmnlint) bundled by esbuild into frontend/dist.
FRONTEND_SOURCES := frontend/build.mjs frontend/.bpmnlintrc $(wildcard frontend/src/* frontend/bpmnlint-plugin-layang/*.js* frontend/bpmnlint-plugin-layang/rules/*)
frontend/node_modules/.installed: frontend/package.json frontend/package-lock.json
	cd frontend && npm ci --no-audit --no-fund
	touch $@

frontend/dist/.built: frontend/node_modules/.installed $(FRONTEND_SOURCES)
	cd frontend && npm run --silent build
	touch $@

frontend: frontend/dist/.built

# Debian packages the tests use: poppler-utils (pdfsig, pdftotext, pdftoppm), libnss3-tools (certutil),
# zbar-tools (zbarimg), postgresql (a throwaway server), chromium (browser tests).
DEBIAN_PACKAGES := poppler-utils libnss3-tools zbar-tools postgresql chromium
system-deps:
	@missing=$$(for p in $(DEBIAN_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
		echo "Installing Debian packages: $$missing"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	fi

# Lint first: a tree that is not formatted, not lint-clean or not type-clean does not get tested.
test: lint system-deps frontend
	$(BIN)/pytest -q -n 2

# Serving benchmark (under 10 minutes): gunicorn over HTTP on SQLite and PostgreSQL with 1, 2 and 4
# workers, the inbox under 100,000 open tasks, bytes per letter, memory, the SpiffWorkflow ceiling.
# Prints every figure and rewrites its section of docs/benchmarks.md.
bench: $(VENV)/.installed system-deps frontend
	$(BIN)/python bench/serve.py

clean:
	rm -rf $(VENV) instance .pytest_cache frontend/node_modules frontend/dist
