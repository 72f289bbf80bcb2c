# The front door: `make demo`, `make test`, `make bench`. Each installs what is missing first.
BUILD_DIR ?= build
JOBS ?= $(shell nproc)
# CI builds treat warnings as errors (.ci/run sets CI=true).
WERROR := $(if $(CI),ON,OFF)

.PHONY: all deps configure build demo test bench clean

all: build

deps:
	@scripts/install-deps.sh

configure: deps
	@cmake -S . -B $(BUILD_DIR) -DSUNLIGHT_WERROR=$(WERROR) > /dev/null

build: configure
	@cmake --build $(BUILD_DIR) -j $(JOBS)

demo: build
	@scripts/demo.sh $(BUILD_DIR)

test: build
	@ctest --test-dir $(BUILD_DIR) --output-on-failure -j $(JOBS)

bench: build
	@scripts/bench.sh $(BUILD_DIR)

clean:
	@rm -rf $(BUILD_DIR)
