# rtshm — the two commands a user needs (README.md):
#   make run    installs what is missing, builds, runs the shipped conformance corpus on the reference model
#   make test   installs what is missing, builds with ASan+UBSan and -Werror, runs every test through ctest
# Build output goes to build/, run output to out/.

BUILD ?= build
JOBS ?= 2
CORPUS ?= conformance/scenarios
CMAKE_FLAGS ?=

.PHONY: all deps build build-test run test golden clean

all: build

deps:
	@sh scripts/deps

build: deps
	cmake -S . -B $(BUILD) $(CMAKE_FLAGS) >/dev/null
	cmake --build $(BUILD) -j $(JOBS)

build-test: deps
	cmake -S . -B $(BUILD) -DRTSHM_SANITIZE=ON -DRTSHM_WERROR=ON -DRTSHM_TESTS=ON $(CMAKE_FLAGS) >/dev/null
	cmake --build $(BUILD) -j $(JOBS)

run: build
	@mkdir -p out
	@rm -f out/trace.sqlite out/trace.sqlite-wal out/trace.sqlite-shm
	./$(BUILD)/rtshm run --db out/trace.sqlite $(CORPUS)

test: build-test
	ctest --test-dir $(BUILD) --output-on-failure -j $(JOBS)

# Regenerates the golden trace on purpose (review the diff before committing it).
golden: build
	@mkdir -p out
	@rm -f out/golden.sqlite out/golden.sqlite-wal out/golden.sqlite-shm
	./$(BUILD)/rtshm run --db out/golden.sqlite $(CORPUS) > out/golden.log
	./$(BUILD)/rtshm export out/golden.sqlite -o traces/golden/reference.jsonl

clean:
	rm -rf $(BUILD) out
