# SPDX-License-Identifier: GPL-2.0
#
#   make            ipv8.ko for KDIR plus static Go binaries in bin/
#   make deps       install everything from Debian (idempotent, needs root)
#   make test       every test: Go unit tests, then the netns suite in QEMU
#                   guests on Debian's 6.1 and 6.12 kernels
#   make demo       boot a lab guest and show IPv8 at work
#   make check      checkpatch, sparse (C=1), W=1, gofmt, go vet
#   make bench      IPv8 against IPv4 in a 6.12 guest: table, build/bench/
#   make bench-dns  zoneserverd against NSD with dnsperf on the host:
#                   table, build/bench/dns.json
#
# KDIR defaults to the running kernel's build tree; the QEMU harness builds a
# module per guest kernel in build/<kernel-release>/ on its own.

KDIR	?= /lib/modules/$(shell uname -r)/build
GO	?= go
GOFLAGS	?= -trimpath
CMDS	:= $(notdir $(wildcard go/cmd/*))
BINS	:= $(addprefix bin/,$(CMDS))

.PHONY: all module go deps test demo check bench bench-dns clean FORCE

all: module go

module:
	$(MAKE) -C $(KDIR) M=$(CURDIR) modules

go: $(BINS)

bin/%: FORCE
	CGO_ENABLED=0 $(GO) build $(GOFLAGS) -o $@ ./go/cmd/$*

deps:
	bash tests/deps.sh

test: deps
	bash tests/run.sh

demo: deps
	bash tests/netns/demo.sh

check:
	bash tests/check.sh

bench: deps
	bash tests/bench/run.sh

bench-dns: deps
	bash tests/bench/dns.sh

clean:
	rm -rf bin build
	-$(MAKE) -C $(KDIR) M=$(CURDIR) clean 2>/dev/null
