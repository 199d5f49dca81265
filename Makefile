# rtshm — the two commands a user needs (README.md):
#   make run    installs what is missing (no Check), builds without tests or sanitizers in build-run/,
#               runs the shipped conformance corpus on the reference model
#   make test   installs what is missing, builds with ASan+UBSan and -Werror in build/, runs every test
#               through ctest (the browser test is skipped, visibly, when no Chromium is installed)
#   make test-browser   installs Chromium (~280 MiB) and runs the browser test of the HTML report
# Each has its own build folder: neither reuses the other's CMake cache. Run output goes to out/.

BUILD ?= build
RUN_BUILD ?= build-run
JOBS ?= 2
CORPUS ?= conformance/scenarios
CMAKE_FLAGS ?=

.PHONY: all deps deps-run build build-run build-test run test test-browser test-oldest golden clean fuzz bench valgrind

all: build-run

deps:
	@sh scripts/deps --for test

deps-run:
	@sh scripts/deps --for run

# The user's build: no tests (so no Check), no sanitizers.
build build-run: deps-run
	cmake -S . -B $(RUN_BUILD) -DRTSHM_TESTS=OFF -DRTSHM_SANITIZE=OFF -DRTSHM_WERROR=OFF $(CMAKE_FLAGS) >/dev/null
	cmake --build $(RUN_BUILD) -j $(JOBS)

build-test: deps
	cmake -S . -B $(BUILD) -DRTSHM_SANITIZE=ON -DRTSHM_WERROR=ON -DRTSHM_TESTS=ON $(CMAKE_FLAGS) >/dev/null
	cmake --build $(BUILD) -j $(JOBS)

run: build-run
	@mkdir -p out
	@rm -f out/trace.sqlite out/trace.sqlite-wal out/trace.sqlite-shm out/trace.sqlite.lock
	./$(RUN_BUILD)/rtshm run --db out/trace.sqlite $(CORPUS); rc=$$?; \
	  ./$(RUN_BUILD)/rtshm report out/trace.sqlite -o out/report.html && echo "report: out/report.html" && exit $$rc

# ctest from inside the build folder (ctest --test-dir needs CMake 3.20; the project needs 3.18).
test: build-test
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)
	@if ! command -v chromium >/dev/null 2>&1 && ! command -v chromium-browser >/dev/null 2>&1 && \
	    ! command -v google-chrome >/dev/null 2>&1; then \
	  echo "SKIP: reports_render_html (the HTML report in a browser): no Chromium installed; 'make test-browser' installs it (~280 MiB) and runs it"; \
	fi

test-browser: build-test
	@sh scripts/deps --for test chromium
	cd $(BUILD) && ctest --output-on-failure -R '^reports_render_html$$'

# Every test with the oldest supported toolchain (Debian 11: CMake 3.18.4, gcc 10) in a debootstrap'ed
# chroot under out/ (root and network needed; scripts/test-oldest.sh).
test-oldest:
	sh scripts/test-oldest.sh

# The end-to-end run under valgrind (memcheck, leaks included), on a build without sanitizers in
# build-valgrind/: every scenario of the corpus in process, a few through a backend library, and a
# generated 4.8 MB scenario that takes the streaming loader.
valgrind: deps-run
	@command -v valgrind >/dev/null || sh scripts/deps --for run valgrind
	cmake -S . -B build-valgrind -DRTSHM_SANITIZE=OFF -DRTSHM_TESTS=OFF >/dev/null
	cmake --build build-valgrind -j $(JOBS)
	@mkdir -p out && rm -f out/valgrind.sqlite*
	valgrind -q --error-exitcode=9 --leak-check=full --errors-for-leak-kinds=definite,indirect \
	    ./build-valgrind/rtshm run --db out/valgrind.sqlite --check-determinism $(CORPUS)
	valgrind -q --error-exitcode=9 --leak-check=full --errors-for-leak-kinds=definite,indirect --show-possibly-lost=no --trace-children=yes \
	    ./build-valgrind/rtshm run --db out/valgrind.sqlite --impl build-valgrind/backends/librtshm_posix.so \
	    --filter 'iwin32.mem.*' $(CORPUS)
	sh scripts/gen-large-scenario.sh 2000 2048 out/valgrind-streamed.json
	valgrind -q --error-exitcode=9 --leak-check=full --errors-for-leak-kinds=definite,indirect \
	    ./build-valgrind/rtshm run --db out/valgrind.sqlite --check-determinism out/valgrind-streamed.json

# Regenerates the golden trace on purpose (review the diff before committing it).
golden: build-run
	@mkdir -p out
	@rm -f out/golden.sqlite out/golden.sqlite-wal out/golden.sqlite-shm out/golden.sqlite.lock
	./$(RUN_BUILD)/rtshm run --db out/golden.sqlite $(CORPUS) > out/golden.log
	./$(RUN_BUILD)/rtshm export out/golden.sqlite -o traces/golden/reference.jsonl

clean:
	rm -rf $(BUILD) $(RUN_BUILD) out

# libFuzzer campaign over scenario parse + validate + run (README "Fuzzing"; conformance/fuzz/). Needs clang
# and its libFuzzer runtime (compiler-rt), checked and installed here only. Findings go to out/fuzz-*.
FUZZ_SECONDS ?= 600
FUZZ_BUILD ?= build-fuzz
FUZZ_CORPUS ?= out/fuzz-corpus
FUZZ_FLAGS ?=

fuzz:
	@sh scripts/deps --for run clang libclang-rt-14-dev
	CC=clang cmake -S . -B $(FUZZ_BUILD) -DRTSHM_FUZZ=ON -DRTSHM_TESTS=OFF >/dev/null
	cmake --build $(FUZZ_BUILD) -j $(JOBS) --target fuzz_scenario
	@mkdir -p $(FUZZ_CORPUS)
	cp conformance/scenarios/*/*.json conformance/tests/malformed/*.json $(wildcard conformance/fuzz/regressions/*.json) $(FUZZ_CORPUS)/
	$(abspath $(FUZZ_BUILD))/fuzz_scenario -max_total_time=$(FUZZ_SECONDS) -max_len=65536 -timeout=25 \
	    -dict=conformance/fuzz/scenario.dict -artifact_prefix=out/fuzz- -print_final_stats=1 $(FUZZ_FLAGS) $(FUZZ_CORPUS)

# Benchmark, not a test (README "Performance"): a Release build without sanitizers in build-bench/,
# run from the repository root; it writes only under out/bench/ and prints the figures and targets.
bench: deps-run
	cmake -S . -B build-bench -DCMAKE_BUILD_TYPE=Release -DRTSHM_SANITIZE=OFF -DRTSHM_TESTS=OFF -DRTSHM_BENCH=ON >/dev/null
	cmake --build build-bench -j $(JOBS) --target rtshm_bench
	./build-bench/conformance/bench/rtshm_bench

# Installs rtshm under PREFIX (default /usr/local; README "Installation"): bin/rtshm, include/rtshm/backend.h,
# lib/rtshm/backends/, share/rtshm/scenarios and the JSON Schema, the man page, rtshmConfig.cmake and rtshm.pc.
# Builds first, in the user's build folder (the one `make run` uses), then `cmake --install` from it.
PREFIX ?= /usr/local
INSTALL_BUILD = $(or $(RUN_BUILD),$(BUILD))
.PHONY: install
install: build
	cmake --install $(INSTALL_BUILD) --prefix $(PREFIX)
