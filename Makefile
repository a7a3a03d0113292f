# The names people type. Each target calls the script that does the work.
.PHONY: demo test bench build

demo:
	scripts/demo.sh

test:
	scripts/test.sh

build:
	swift build

bench:
	bench/tcp.sh
