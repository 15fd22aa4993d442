# The two commands of the README's quick start:
#   make demo   installs what is missing, builds, archives examples/demo
#   make test   installs what is missing, builds, runs every test
JOBS ?= 2
BUILD := build/default
ASAN := build/asan
DEMO_OUT := out/demo

.PHONY: all build demo test test-asan deps deps-test clean

all: build

deps:
	@scripts/install-deps.sh build

deps-test:
	@scripts/install-deps.sh test

build: deps
	@cmake --preset default >/dev/null
	@cmake --build $(BUILD) -j $(JOBS)

demo: build
	@scripts/demo.sh $(BUILD)/feedmirror $(DEMO_OUT)

test: deps-test
	cmake --preset default >/dev/null
	cmake --build $(BUILD) -j $(JOBS)
	cmake --preset asan >/dev/null
	cmake --build $(ASAN) -j $(JOBS) --target feedmirror_tests
	cd $(ASAN) && ctest -L unit -j $(JOBS) --output-on-failure
	cd $(BUILD) && ctest -j $(JOBS) --output-on-failure

clean:
	rm -rf build out
