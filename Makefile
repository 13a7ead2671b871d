# The two commands of the README: `make scan` (scan the bundled Corpus/) and `make test`.
SWIFT ?= swift
FOUNDATION_FREE := Sources/PickleCore Sources/PickleAnalysis Sources/PickleRules

.PHONY: deps lint test scan bench clean

deps:
	@bash Tools/install-deps.sh

lint:
	$(SWIFT) format lint --strict -r Package.swift Sources Tests
	@! grep -rn --include='*.swift' -E '^import (Foundation|FoundationEssentials)' \
	  $(wildcard $(FOUNDATION_FREE)) || (echo "Foundation imported in a Foundation-free module" >&2; exit 1)

test: deps lint
	$(SWIFT) build --build-tests
	$(SWIFT) test

scan: deps
	$(SWIFT) build -c release --product picklevet
	bash Tools/scan-corpus.sh .build/release/picklevet Corpus

clean:
	rm -rf .build
