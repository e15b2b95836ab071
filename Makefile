# Thin wrapper over CMake. `make` == `make build`.
#   make build            configure build/ once (Ninja, RelWithDebInfo), then build -> build/srm
#   make deps             install missing Debian packages (scripts/install-deps.sh)
#   make demo             deps + build, then `srm check examples/ -i examples/template.json`
#   make test             deps + build, then the whole ctest suite
#   make test-sanitize    the same suite built with ASan/UBSan (-DSRM_SANITIZE=ON) in build-asan/
#   make update-goldens   rewrite the expected sections of tests/cases/**.srm from srm's output
#   make update-docs      rewrite the output of the ```console sessions in the docs and the
#                         generated docs/controls.md (tests/docs)
#   make bench-ct         the stdlib's Control Tower ports vs cfn-guard's 237 rules, 1k and 10k
#                         resources (bench/run.sh; minutes; docs/performance.md)
#   make format           clang-format the C++ sources in compiler/ runtime/ tests/
#   make diff             long differential run of the backends (DIFF_CASES, default 20000,
#                         DIFF_SEED, default: the date): CI runs 600 cases of seed 1
#   make fuzz             libFuzzer targets (clang, ASan+UBSan) in build-fuzz/, each run for
#                         FUZZ_SECONDS (default 600); summary in build-fuzz/fuzz-summary.txt
#   make slurm-test       build, then `srm check --shard K/N` as a Slurm array job on a one-node
#                         cluster started here (root; installs slurm-wlm and munge when missing;
#                         SLURM_SHARDS, default 3), merged and compared with the unsharded run
#                         (tests/scaleout/slurm_test.sh, docs/scale-out.md)
#   make deb              build, then a Debian package build/srm_VERSION_ARCH.deb (cpack -G DEB)
#   make clean            remove build/, build-asan/ and build-fuzz/

BUILD_DIR    ?= build
ASAN_DIR     ?= build-asan
BUILD_TYPE   ?= RelWithDebInfo
JOBS         ?= $(shell nproc 2>/dev/null || echo 2)
TEST_JOBS    ?= 2
CMAKE        ?= cmake
CTEST        ?= ctest
CLANG_FORMAT ?= clang-format

SRM := ./$(BUILD_DIR)/srm
CTEST_FLAGS := --output-on-failure --no-tests=error -j$(TEST_JOBS)

.DEFAULT_GOAL := build
.PHONY: build build-asan deps demo test test-sanitize update-goldens update-docs format clean fuzz diff deb \
        bench-ct slurm-test

# $(call configure,DIR,EXTRA_FLAGS): run CMake's configure step only if DIR has no generated
# build system yet. Afterwards CMake re-runs itself when a CMakeLists.txt (or a
# CONFIGURE_DEPENDS glob) changes, so there is never a forced reconfigure here.
define configure
	@if [ ! -f $(1)/build.ninja ] && [ ! -f $(1)/Makefile ]; then \
	  echo "+ $(CMAKE) -S . -B $(1) -G Ninja -DCMAKE_BUILD_TYPE=$(BUILD_TYPE) $(2)"; \
	  $(CMAKE) -S . -B $(1) -G Ninja -DCMAKE_BUILD_TYPE=$(BUILD_TYPE) $(2); \
	fi
endef

build:
	$(call configure,$(BUILD_DIR),)
	$(CMAKE) --build $(BUILD_DIR) -j$(JOBS)

SLURM_SHARDS ?= 3
slurm-test: build
	sh tests/scaleout/slurm_test.sh $(SRM) $(SLURM_SHARDS)

# The package installs /usr/bin/srm and /usr/lib/srm/*.a (README.md, Install).
deb: build
	cd $(BUILD_DIR) && cpack -G DEB

build-asan:
	$(call configure,$(ASAN_DIR),-DSRM_SANITIZE=ON)
	$(CMAKE) --build $(ASAN_DIR) -j$(JOBS)

deps:
	@bash scripts/install-deps.sh

# Dependencies are run in sequence through sub-makes so that `make -jN` keeps the order.
# srm exits 0 (all checks pass) or 1 (violations found): both mean the demo ran.
demo:
	@$(MAKE) --no-print-directory deps
	@$(MAKE) --no-print-directory build
	@echo "+ $(SRM) check examples/ -i examples/template.json"
	@$(SRM) check examples/ -i examples/template.json; rc=$$?; \
	  if [ $$rc -gt 1 ]; then echo "demo: srm failed with exit code $$rc" >&2; exit $$rc; fi; \
	  echo "demo: srm exited with $$rc (0 = no violations, 1 = violations found)"

test:
	@$(MAKE) --no-print-directory deps
	@$(MAKE) --no-print-directory build
	$(CTEST) --test-dir $(BUILD_DIR) $(CTEST_FLAGS)

# ASan gives every address-taken local of a frame its own redzone: the JSON loader's recursive
# walk takes about 8 KB of stack per level instead of 0.2-0.5 KB, so the unit test of its cap of
# 1024 levels needs more than the usual 8 MiB stack: 64 MiB (left as it is if the hard limit is lower).
test-sanitize:
	@$(MAKE) --no-print-directory deps
	@$(MAKE) --no-print-directory build-asan
	ulimit -s 65536 2>/dev/null || true; \
	ASAN_OPTIONS=$${ASAN_OPTIONS:-detect_leaks=1} \
	UBSAN_OPTIONS=$${UBSAN_OPTIONS:-print_stacktrace=1} \
	  $(CTEST) --test-dir $(ASAN_DIR) $(CTEST_FLAGS)

DIFF_CASES ?= 20000
DIFF_SEED  ?= $(shell date +%Y%m%d)
diff: build
	./$(BUILD_DIR)/tests/srm_diffgen run --srm $(SRM) --seed $(DIFF_SEED) --cases $(DIFF_CASES) \
	  --jobs $(JOBS) --compiled-every 3 --repro-dir $(BUILD_DIR)/tests/diff-repro

# Variables (FUZZ_SECONDS, FUZZ_RUNS, FUZZ_TARGETS, ...) are read by the script: docs/fuzzing.md.
fuzz:
	@bash tests/fuzz/run_fuzz.sh

update-goldens: build
	$(CMAKE) --build $(BUILD_DIR) --target update-goldens

update-docs: build
	$(CMAKE) --build $(BUILD_DIR) --target update-docs

# cfn-guard on 10k resources with all 237 rules takes minutes: one run of it, three of SRM.
BENCH_CT_SIZES ?= 1k,10k
bench-ct: build
	SRM=$(SRM) bench/run.sh --workloads controltower --sizes $(BENCH_CT_SIZES) --runs 3 --guard-runs 1

format:
	@command -v $(CLANG_FORMAT) >/dev/null || \
	  { echo "format: $(CLANG_FORMAT) not found (apt-get install clang-format)" >&2; exit 1; }
	@files=$$(find compiler runtime tests -type f \
	    \( -name '*.cpp' -o -name '*.cc' -o -name '*.h' -o -name '*.hpp' \) 2>/dev/null | sort); \
	  if [ -n "$$files" ]; then \
	    echo "clang-format: $$(echo "$$files" | wc -l) files"; $(CLANG_FORMAT) -i $$files; \
	  fi

clean:
	rm -rf $(BUILD_DIR) $(ASAN_DIR) build-fuzz
