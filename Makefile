# Two commands for a fresh machine (see README):
#   make serve   install, build the site and serve it at http://127.0.0.1:8000/
#   make test    install (Chromium and Lighthouse included) and run every test
# Other targets: make validate, make build.

VENV := .venv
PY := $(VENV)/bin/python
SUDO := $(shell [ "$$(id -u)" -eq 0 ] || echo sudo)

.PHONY: serve edit build validate test test-fast chromium clean

$(VENV)/.installed: pyproject.toml
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $@

serve: $(VENV)/.installed node_modules/.installed
	$(VENV)/bin/praktijken serve

# The web editor on this computer: decap-server (local git mode) and the site, http://127.0.0.1:8000/admin/
edit: $(VENV)/.installed node_modules/.installed
	$(VENV)/bin/praktijken edit

build: $(VENV)/.installed
	$(VENV)/bin/praktijken build

validate: $(VENV)/.installed
	$(VENV)/bin/praktijken validate

# npm: Decap CMS (the web editor at /admin/, copied into the site) and decap-server; Lighthouse and
# yaml-language-server for the tests.
node_modules/.installed: package.json package-lock.json
	npm install --no-audit --no-fund
	touch $@

# Browser tests drive Debian's Chromium (Playwright cannot download its own browser here).
chromium:
	@test -x /usr/bin/chromium || { $(SUDO) apt-get update && $(SUDO) apt-get install -y --no-install-recommends chromium; }

test: $(VENV)/.installed node_modules/.installed chromium
	$(PY) -m pytest

# The quick tier while working: models, loader, hostile records, rendering, lint and types; no build, no browser.
test-fast: $(VENV)/.installed
	$(PY) -m pytest -m "not slow" -q

clean:
	rm -rf site site.old .build-* .pytest_cache
