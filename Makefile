# Thin wrappers over the CMake presets. See README.md.
.PHONY: all deps build run test test-asan format format-check bench clean

JOBS ?= $(shell nproc)

all: build

deps:
	@bash scripts/install-deps.sh

build: deps
	@cmake --preset default >/dev/null
	@cmake --build --preset default -j $(JOBS)

run: build
	@build/bin/alhena

test: deps
	@bash scripts/run-tests.sh

test-asan: deps
	@bash scripts/run-tests.sh --asan-only

format:
	@git ls-files '*.cpp' '*.h' | xargs clang-format -i

format-check:
	@bash scripts/check-format.sh

bench: build
	@bash bench/run-benchmarks.sh

clean:
	rm -rf build build-asan
