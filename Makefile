# The two commands of the README: `make scan` (scan the bundled Corpus/) and `make test`.
SWIFT ?= swift
FOUNDATION_FREE := Sources/PickleCore Sources/PickleAnalysis Sources/PickleRules
# Goldens and documentation in the corpus are not model files; leave them out of the main job.
CORPUS_EXCLUDES := --exclude '*.dis' --exclude '*.jsonl' --exclude '*.md' --exclude '*.tsv' \
  --exclude '*.txt' --exclude '*.findings'

# Release tools link the Swift runtime and Foundation statically: a scan is often one short
# process, and loading a dozen shared libraries would cost each one about 3 ms.
RELEASE_FLAGS := -c release --static-swift-stdlib

.PHONY: deps lint test scan release sarif-check bench fuzz clean

deps:
	@bash Tools/install-deps.sh

lint:
	$(SWIFT) format lint --strict -r Package.swift Sources Tests
	@! grep -rn --include='*.swift' -E '^import (Foundation|FoundationEssentials)' \
	  $(wildcard $(FOUNDATION_FREE)) || (echo "Foundation imported in a Foundation-free module" >&2; exit 1)

test: deps lint
	$(SWIFT) build --build-tests
	$(SWIFT) test
	$(MAKE) --no-print-directory sarif-check

# The SARIF of a full Corpus/ scan must validate against the OASIS 2.1.0 schema.
# Exit status 2 is expected: the corpus holds bombs that stop at a budget (incomplete coverage).
sarif-check:
	.build/debug/picklevet scan --format sarif --no-progress --fail-on never $(CORPUS_EXCLUDES) \
	  Corpus > .build/corpus.sarif || [ $$? -le 2 ]
	"$$(bash Tools/python-env.sh)" Tools/validate-sarif.py Tools/schemas/sarif-schema-2.1.0.json \
	  .build/corpus.sarif

release: deps
	$(SWIFT) build $(RELEASE_FLAGS) --product picklevet
	$(SWIFT) build $(RELEASE_FLAGS) --product picklevet-child

scan: release
	@.build/release/picklevet scan --no-progress $(CORPUS_EXCLUDES) Corpus; status=$$?; \
	  echo "exit status $$status (1: malicious or suspicious files found, as this corpus holds)"; \
	  [ $$status -le 1 ]

bench:
	bash Tools/bench/suite.sh

FUZZ_SECONDS ?= 60
fuzz: deps
	bash Tools/fuzz/run.sh $(FUZZ_SECONDS)

clean:
	rm -rf .build .build-*
