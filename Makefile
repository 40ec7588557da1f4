# One command each: `make run` for the assistant, `make test` for the tests.
SHELL := /bin/bash

.PHONY: setup run shell test clean

setup:
	@scripts/setup.sh

run: setup
	@scripts/run.sh

shell: setup
	@scripts/shell.sh

test: setup
	@scripts/test.sh

clean:
	rm -rf build models var .pytest_cache
