# pb: make builds, make check tests, make check SAN=1 under ASan+UBSan.
# Programs go to bin/ and load lib/libpb.so.0 by the name
# $ORIGIN/../lib/libpb.so.0, so they run in place and after install.

PREFIX ?= /usr/local
DESTDIR ?=
BINDIR = $(PREFIX)/bin
LIBDIR = $(PREFIX)/lib
INCDIR = $(PREFIX)/include
MANDIR = $(PREFIX)/share/man
PCDIR = $(LIBDIR)/pkgconfig
BASHCOMPDIR = $(PREFIX)/share/bash-completion/completions
ZSHCOMPDIR = $(PREFIX)/share/zsh/vendor-completions

CC ?= cc
PKG_CONFIG ?= pkg-config
PKGS = sqlite3 yaml-0.1
# The Debian packages that provide what the build and the tests need
# (postgresql: the server make check-pg and the PostgreSQL tests start;
# libxlsxwriter-dev: -f xlsx; python3-openpyxl: the tests reading it back).
DEB_PKGS = build-essential pkg-config libsqlite3-dev libyaml-dev sqlite3 mandoc perl \
	libpq-dev postgresql jq libxlsxwriter-dev python3-openpyxl \
	fonts-noto-cjk poppler-utils

SONAME_MAJOR = 0
SOVERSION = 0.1.0

ifneq ($(MAKECMDGOALS),deps)
ifneq ($(MAKECMDGOALS),clean)
PKG_OK := $(shell $(PKG_CONFIG) --exists $(PKGS) 2>/dev/null && echo yes)
ifneq ($(PKG_OK),yes)
$(error missing build packages: run 'make deps' as root, or apt-get install $(DEB_PKGS))
endif
endif
endif

# PostgreSQL support where libpq is there: store_pg.c is a module of its
# own, lib/libpb-pg.so.0, that libpb loads only when a database is a
# postgresql: one, so that libpq and what it needs (TLS, Kerberos, LDAP)
# cost a SQLite command nothing at startup.  Without it (or PG_OK=no) a
# postgresql: database is refused with exit 69.
PG_OK := $(shell $(PKG_CONFIG) --exists libpq 2>/dev/null && echo yes)
ifeq ($(PG_OK),yes)
PG_CFLAGS = -DPB_WITH_PG $(shell $(PKG_CONFIG) --cflags libpq 2>/dev/null)
PG_LIBS := $(shell $(PKG_CONFIG) --libs libpq 2>/dev/null)
endif

# -f xlsx where libxlsxwriter is there: xlsx.c is a module of its own,
# lib/libpb-xlsx.so.0, loaded only when a workbook is written, since
# libxlsxwriter brings libcrypto (1.5-2 ms more at every command's
# startup).  Without it (or XLSX_OK=no) -f xlsx exits 69.
XLSX_OK := $(shell $(PKG_CONFIG) --exists xlsxwriter 2>/dev/null && echo yes)
ifeq ($(XLSX_OK),yes)
XLSX_CFLAGS = -DPB_WITH_XLSX $(shell $(PKG_CONFIG) --cflags xlsxwriter 2>/dev/null)
XLSX_LIBS := $(shell $(PKG_CONFIG) --libs xlsxwriter 2>/dev/null)
endif

PKG_CFLAGS := $(shell $(PKG_CONFIG) --cflags $(PKGS) 2>/dev/null) $(PG_CFLAGS) $(XLSX_CFLAGS)
# -pthread: the YAML reader parses in a thread of its own (yaml_read.c).
PKG_LIBS := $(shell $(PKG_CONFIG) --libs $(PKGS) 2>/dev/null) -pthread

# libpb carries SQLite and libyaml, linked from their static archives
# (in libsqlite3-dev and libyaml-dev), their names hidden: a command
# then loads one library, not three, and SQLite's calls to itself need
# no relocation at each start (0.2 ms of every command, 10-15 % of a
# show; BENCHMARKS.md).  The price: a SQLite or libyaml update reaches
# pb when pb is built again.  EMBED=no, or an archive missing, links
# the shared libraries instead.  -z defs: what the archives need and
# this list lacks fails the link, not a command at run time.
EMBED ?= yes
EMBED_A := $(if $(filter yes,$(EMBED)),$(wildcard \
	$(shell $(PKG_CONFIG) --variable=libdir sqlite3 2>/dev/null)/libsqlite3.a \
	$(shell $(PKG_CONFIG) --variable=libdir yaml-0.1 2>/dev/null)/libyaml.a))
ifeq ($(words $(EMBED_A)),2)
LIB_LIBS = -Wl,-z,defs -Wl,--exclude-libs,ALL $(EMBED_A) -lm -ldl -pthread
else
LIB_LIBS = $(PKG_LIBS)
endif

WARN = -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes
BASE_CFLAGS = -std=c17 -D_DEFAULT_SOURCE -D_FILE_OFFSET_BITS=64 $(WARN)
OPT ?= -O2 -g

ifeq ($(SAN),1)
OPT = -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=undefined
SANLD = -fsanitize=address,undefined
B = build/san
else
B = .
endif

ALL_CFLAGS = $(BASE_CFLAGS) $(OPT) $(PKG_CFLAGS) -Ilib $(CFLAGS)

# What the objects were built with, in a file of its own that changes
# only when they change: a library installed after a build (make deps:
# libpq, libxlsxwriter), another CFLAGS or OPT builds everything again,
# where the old objects would keep PostgreSQL or -f xlsx off.  install
# and uninstall take what was built (t1010 installs beside the tests
# with a make of its own, which has not the CFLAGS of the one running
# them).
FLAGS_STAMP = $(B)/build/flags
FLAGS_NOW = $(strip $(CC) $(ALL_CFLAGS) $(SANLD) $(PKG_LIBS) $(LIB_LIBS) $(PG_LIBS) $(XLSX_LIBS))
ifeq ($(filter clean deps install uninstall,$(MAKECMDGOALS)),)
ifneq ($(FLAGS_NOW),$(strip $(file <$(FLAGS_STAMP))))
$(shell mkdir -p $(dir $(FLAGS_STAMP)))
$(file >$(FLAGS_STAMP),$(FLAGS_NOW))
endif
endif

LIB_MODULES = $(sort schema_sql $(basename $(notdir $(filter-out lib/schema_sql.c lib/store_pg.c lib/xlsx.c,$(wildcard lib/*.c)))))
LIB_SRC = $(addprefix lib/,$(addsuffix .c,$(LIB_MODULES)))
LIB_OBJ = $(addprefix $(B)/build/obj/lib/,$(addsuffix .o,$(LIB_MODULES)))
LIBSO = $(B)/lib/libpb.so.$(SOVERSION)
LINKLIB = $(B)/build/link/libpb.so
PGMOD = $(if $(filter yes,$(PG_OK)),$(B)/lib/libpb-pg.so.$(SONAME_MAJOR))
XLSXMOD = $(if $(filter yes,$(XLSX_OK)),$(B)/lib/libpb-xlsx.so.$(SONAME_MAJOR))

COMMANDS = $(basename $(notdir $(wildcard cmd/pb-*.c)))
CLI_OBJ = $(B)/build/obj/cmd/cli.o $(B)/build/obj/cmd/verbs.o
PROGS = $(addprefix $(B)/bin/,$(COMMANDS))

UNIT_TESTS = $(basename $(notdir $(wildcard tests/unit/t_*.c)))
UNIT_BINS = $(addprefix $(B)/build/tests/,$(UNIT_TESTS))

SCHEMA_SQL = $(sort $(wildcard lib/schema/*/*.sql))

.SECONDARY:
.PHONY: all check check-unit check-cli check-pg check-stress check-valgrind check-valgrind-all deps install uninstall clean lint completion

all: $(LINKLIB) $(PROGS) lib/pb.pc

# Made at parse time (above); this rule only says it needs no recipe.
$(FLAGS_STAMP):

$(B)/build/obj/lib/%.o: lib/%.c $(wildcard lib/*.h) $(FLAGS_STAMP)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -fPIC -fvisibility=default -c $< -o $@

$(B)/build/obj/cmd/%.o: cmd/%.c lib/pb.h cmd/cli.h cmd/verbs.h $(FLAGS_STAMP)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -c $< -o $@

# The schema files become C strings, one per migration step, in order.
lib/schema_sql.c: $(SCHEMA_SQL) lib/schema/embed.sh
	sh lib/schema/embed.sh lib/schema > $@.tmp && mv $@.tmp $@

# The library and the programs are linked beside their place and renamed
# into it, so a program already running (a cron job, a test) during a
# rebuild never loads a half-written file.  -Bsymbolic-functions: libpb's
# calls to its own functions are bound when it is linked, not looked up
# by the loader at each one's first call (33 of pb-org show's lookups).
$(LIBSO): $(LIB_OBJ)
	@mkdir -p $(dir $@)
	$(CC) -shared -Wl,-soname,libpb.so.$(SONAME_MAJOR) -Wl,-Bsymbolic-functions $(SANLD) -o $@.tmp $(LIB_OBJ) $(LIB_LIBS)
	mv -f $@.tmp $@
	for l in libpb.so.$(SONAME_MAJOR) libpb.so; do \
		[ "$$(readlink $(B)/lib/$$l)" = libpb.so.$(SOVERSION) ] || \
		ln -sf libpb.so.$(SOVERSION) $(B)/lib/$$l || exit 1; done

# The PostgreSQL module: store_pg.c with libpq, over libpb.
$(B)/lib/libpb-pg.so.$(SONAME_MAJOR): $(B)/build/obj/lib/store_pg.o $(LIBSO)
	$(CC) -shared -Wl,-soname,libpb-pg.so.$(SONAME_MAJOR) $(SANLD) -o $@.tmp $< -L$(B)/lib -lpb $(PG_LIBS)
	mv -f $@.tmp $@

# The xlsx writer: xlsx.c with libxlsxwriter, over libpb.
$(B)/lib/libpb-xlsx.so.$(SONAME_MAJOR): $(B)/build/obj/lib/xlsx.o $(LIBSO)
	$(CC) -shared -Wl,-soname,libpb-xlsx.so.$(SONAME_MAJOR) $(SANLD) -o $@.tmp $< -L$(B)/lib -lpb $(XLSX_LIBS)
	mv -f $@.tmp $@

# A program names libpb by its place, $ORIGIN/../lib/libpb.so.0, so
# that it runs in place and after install with no search: an rpath made
# the loader try 10 glibc-hwcaps and tls subdirectories of it for libpb,
# and it for every other library a program names (libc), before finding
# each.  The name is taken from the soname of LINKLIB, a copy of libpb
# used only to link; the library loaded is LIBSO, whose soname
# libpb.so.0 the modules (libpb-pg, libpb-xlsx) find it by.  The
# programs link libpb alone (libpb brings SQLite and libyaml).  So
# LIBDIR must be PREFIX/lib, beside BINDIR, as the rpath needed.
$(LINKLIB): $(LIB_OBJ)
	@mkdir -p $(dir $@)
	$(CC) -shared -Wl,-soname,'$$ORIGIN/../lib/libpb.so.$(SONAME_MAJOR)' $(SANLD) -o $@.tmp $(LIB_OBJ) $(LIB_LIBS)
	mv -f $@.tmp $@

$(B)/bin/%: $(B)/build/obj/cmd/%.o $(CLI_OBJ) $(LINKLIB) $(LIBSO) $(PGMOD) $(XLSXMOD)
	@mkdir -p $(dir $@)
	$(CC) $(SANLD) -o $@.tmp $< $(CLI_OBJ) -L$(dir $(LINKLIB)) -lpb -Wl,--as-needed
	mv -f $@.tmp $@

$(B)/build/tests/%: tests/unit/%.c tests/unit/tap.h $(LIBSO) $(FLAGS_STAMP)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -Itests/unit -o $@ $< -L$(B)/lib -lpb -Wl,-rpath,'$$ORIGIN/../../lib' -Wl,--as-needed $(PKG_LIBS)

lib/pb.pc: lib/pb.pc.in Makefile
	sed -e 's|@PREFIX@|$(PREFIX)|' -e 's|@VERSION@|$(SOVERSION)|' $< > $@

# Unit tests and CLI tests together, under prove: its summary line ends
# the run.  prove runs a test with --exec '' only by a path with a slash,
# so a relative one gets ./ and an absolute one (B=/tmp/x) stays as it is.
runnable = $(foreach f,$(1),$(if $(filter /% ./%,$(f)),$(f),./$(f)))
CLI_TESTS = $(sort $(wildcard tests/cli/t*.sh))

# Test files run in parallel, one per core: each has its own temporary
# world (tests/lib.sh).
JOBS ?= $(shell nproc 2>/dev/null || echo 2)

check: $(PROGS) $(UNIT_BINS)
	PB_BIN=$(abspath $(B)/bin) PB_UNIT=$(abspath $(B)/build/tests) \
	prove -j$(JOBS) --exec '' $(call runnable,$(UNIT_BINS)) $(CLI_TESTS)

check-unit: $(UNIT_BINS)
	prove --exec '' $(call runnable,$(UNIT_BINS))

check-cli: $(PROGS)
	PB_BIN=$(abspath $(B)/bin) prove --exec '' $(CLI_TESTS)

# The CLI tests against PostgreSQL: one server for the run, started and
# stopped by tests/pg-suite.sh, a database of its own for each file, and
# the files about the SQLite file itself skipped.  Without PostgreSQL or
# libpq it says so and passes (PB_PG_REQUIRED=1 makes that a failure).
check-pg: $(PROGS)
	PB_BIN=$(abspath $(B)/bin) PB_WITH_PG=$(if $(PG_OK),yes,no) \
	sh tests/pg-suite.sh -j$(JOBS) --exec '' $(CLI_TESTS)

# The reliability tests at the sizes the reliability issue asks: kill -9
# at 20 moments of a 400,000-event import, and 8 writers of 500 commands
# each beside a reader (make check runs both, smaller); and as the
# PostgreSQL issue asks: 8 writers of 500 commands beside 2 readers and
# 10 rounds of races on a server, and the server stopped during an import
# of 20,000 events (they skip without PostgreSQL).
STRESS_TESTS = tests/cli/t0910-kill9.sh tests/cli/t0920-concurrency.sh \
	tests/cli/t0960-pg-concurrency.sh tests/cli/t0965-pg-faults.sh
check-stress: $(PROGS)
	PB_BIN=$(abspath $(B)/bin) PB_KILL_EVENTS=400000 PB_WRITER_COMMANDS=500 \
	PB_PG_IMPORT_EVENTS=5000 prove -v --exec '' $(STRESS_TESTS)

# The CLI tests with every pb-* program under valgrind (tests/lib.sh):
# a leak or a memory error is exit status 99 and a log that each test
# file checks at its end.  To fit CI's time (about 14 minutes on two
# cores, beside check-pg) valgrind takes a sample where a file repeats
# one path many times (tests/lib.sh's vg_sample and PB_VALGRIND in the
# files): one bad input in eight (t0900), one --db case in four (t0935),
# one output onto the database in five (t0940), every other command per
# format (t0947), a third of the roll-up reports' formats (t0580), one
# period of each kind (t1040), 16 random writes (t1045) and 8 (t1046); all
# of it runs plain and under ASan, UBSan and LeakSanitizer in make check
# SAN=1.  It leaves out the fuzz regressions (ASan's findings, replayed
# there) and the files that reach no code of pb's the others do not: the
# examples and cron scripts, install and completion, and the many
# writers and kills (t0910, t0920, t0960: the commands of the other
# files, many at once; make check-stress runs them at full size).  Valgrind
# is slow to start, so the test files run in parallel, the slowest first
# so that no core idles at the end.
VG_JOBS ?= $(JOBS)
VG_SLOW = $(addprefix tests/cli/,t1040-report-totals.sh t0500-report-summary.sh t0580-report-district.sh t0900-bad-inputs.sh \
	t0610-db-dump-load.sh t0200-member.sh t0430-event-yaml.sh t0935-trust-db.sh \
	t0947-trust-output.sh t0940-trust-files.sh)
VG_SKIP = $(addprefix tests/cli/,t0950-fuzz-regressions.sh t0570-cron-examples.sh \
	t1000-completion.sh t1010-install.sh t1020-examples.sh t0910-kill9.sh \
	t0920-concurrency.sh t0960-pg-concurrency.sh)
# VG_TESTS narrows it to some test files (or names them all).
VG_TESTS ?= $(filter $(VG_SLOW),$(CLI_TESTS)) \
	$(filter-out $(VG_SLOW) $(VG_SKIP),$(CLI_TESTS))
# Every file, each pb run of it through valgrind one time in three (four
# in t0585, whose runs repeat themselves most: PB_VG_EVERY), counted
# across the file from its first run, so every file's kinds of runs are
# sampled; make check SAN=1 runs them all under ASan and UBSan, and
# check-valgrind-all every run under valgrind.
check-valgrind: $(PROGS)
	PB_BIN=$(abspath $(B)/bin) PB_VALGRIND=1 PB_VG_DEFAULT=3 \
	prove --timer -j$(VG_JOBS) --exec '' $(VG_TESTS)

# All of it under valgrind: every file, every bad-input case (about 25
# minutes on two cores), for a long run rather than CI.
check-valgrind-all: $(PROGS)
	PB_BIN=$(abspath $(B)/bin) PB_VALGRIND=1 PB_VALGRIND_ALL=1 \
	prove -j$(VG_JOBS) --exec '' $(filter $(VG_SLOW),$(CLI_TESTS)) \
		$(filter-out $(VG_SLOW),$(CLI_TESTS))

# libFuzzer harnesses (fuzz/fuzz_*.c), each with the library's sources
# compiled in under ASan+UBSan. New inputs go to build/fuzz/corpus/NAME,
# seeded from fuzz/corpus/NAME; a crash to build/fuzz/NAME-crash-*.
# fuzz-smoke is the few thousand runs each that CI affords.
FUZZ_CC ?= clang
FUZZ_RUNS ?= 10000000
FUZZ_SMOKE_RUNS ?= 4000
FUZZ_ARGS ?=
FUZZERS = $(basename $(notdir $(wildcard fuzz/fuzz_*.c)))
FUZZ_CFLAGS = -std=c17 -D_DEFAULT_SOURCE -D_FILE_OFFSET_BITS=64 -g -O1 \
	-fno-omit-frame-pointer -fsanitize=fuzzer,address,undefined \
	-fno-sanitize-recover=undefined $(PKG_CFLAGS) -Ilib

build/fuzz/%: fuzz/%.c fuzz/fuzz_util.h $(LIB_SRC) lib/pb.h lib/fmt_common.h
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -o $@ $< $(LIB_SRC) $(PKG_LIBS)

.PHONY: fuzz fuzz-smoke
fuzz: $(addprefix build/fuzz/,$(FUZZERS))
	@for f in $(FUZZERS); do \
		mkdir -p build/fuzz/corpus/$$f || exit 1; \
		echo "fuzz: $$f, $(FUZZ_RUNS) runs"; \
		build/fuzz/$$f -runs=$(FUZZ_RUNS) -print_final_stats=1 \
			-artifact_prefix=build/fuzz/$$f-crash- \
			$$(test -f fuzz/$$f.dict && echo -dict=fuzz/$$f.dict) \
			$(FUZZ_ARGS) build/fuzz/corpus/$$f fuzz/corpus/$$f || exit 1; \
	done

fuzz-smoke:
	$(MAKE) fuzz FUZZ_RUNS=$(FUZZ_SMOKE_RUNS)

deps:
	@missing=""; for p in $(DEB_PKGS); do \
		dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -z "$$missing" ]; then echo "all build packages are installed"; \
	elif [ "$$(id -u)" = 0 ]; then apt-get update && apt-get install -y $$missing; \
	else echo "missing:$$missing; run as root: apt-get install$$missing" >&2; exit 1; fi

# The completions are scripts: this step checks that the shells read them.
# bash-completion loads a command's file by its name, so pb.bash is
# installed once as pb-org and linked under every other command's name.
# install writes pb.pc for its own PREFIX, whatever the build's had.
completion: completion/pb.bash completion/_pb
	bash -n completion/pb.bash
	if command -v zsh >/dev/null 2>&1; then zsh -n completion/_pb; fi

install: all completion
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(LIBDIR) $(DESTDIR)$(INCDIR) \
		$(DESTDIR)$(PCDIR) $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/man5 $(DESTDIR)$(MANDIR)/man7 \
		$(DESTDIR)$(BASHCOMPDIR) $(DESTDIR)$(ZSHCOMPDIR)
	install -m 0755 $(PROGS) $(DESTDIR)$(BINDIR)/
	install -m 0755 $(LIBSO) $(PGMOD) $(XLSXMOD) $(DESTDIR)$(LIBDIR)/
	ln -sf libpb.so.$(SOVERSION) $(DESTDIR)$(LIBDIR)/libpb.so.$(SONAME_MAJOR)
	ln -sf libpb.so.$(SOVERSION) $(DESTDIR)$(LIBDIR)/libpb.so
	install -m 0644 lib/pb.h $(DESTDIR)$(INCDIR)/pb.h
	sed -e 's|@PREFIX@|$(PREFIX)|' -e 's|@VERSION@|$(SOVERSION)|' lib/pb.pc.in > $(DESTDIR)$(PCDIR)/pb.pc
	chmod 0644 $(DESTDIR)$(PCDIR)/pb.pc
	for m in $(wildcard man/man1/*.1); do install -m 0644 $$m $(DESTDIR)$(MANDIR)/man1/; done
	for m in $(wildcard man/man5/*.5); do install -m 0644 $$m $(DESTDIR)$(MANDIR)/man5/; done
	for m in $(wildcard man/man7/*.7); do install -m 0644 $$m $(DESTDIR)$(MANDIR)/man7/; done
	install -m 0644 completion/pb.bash $(DESTDIR)$(BASHCOMPDIR)/pb-org
	for c in $(filter-out pb-org,$(COMMANDS)); do ln -sf pb-org $(DESTDIR)$(BASHCOMPDIR)/$$c; done
	install -m 0644 completion/_pb $(DESTDIR)$(ZSHCOMPDIR)/_pb

uninstall:
	rm -f $(addprefix $(DESTDIR)$(BINDIR)/,$(COMMANDS))
	rm -f $(DESTDIR)$(LIBDIR)/libpb.so.$(SOVERSION) $(DESTDIR)$(LIBDIR)/libpb.so.$(SONAME_MAJOR) $(DESTDIR)$(LIBDIR)/libpb.so \
		$(DESTDIR)$(LIBDIR)/libpb-pg.so.$(SONAME_MAJOR) $(DESTDIR)$(LIBDIR)/libpb-xlsx.so.$(SONAME_MAJOR)
	rm -f $(DESTDIR)$(INCDIR)/pb.h $(DESTDIR)$(PCDIR)/pb.pc
	rm -f $(addprefix $(DESTDIR)$(MANDIR)/man1/,$(notdir $(wildcard man/man1/*.1)))
	rm -f $(addprefix $(DESTDIR)$(MANDIR)/man5/,$(notdir $(wildcard man/man5/*.5)))
	rm -f $(addprefix $(DESTDIR)$(MANDIR)/man7/,$(notdir $(wildcard man/man7/*.7)))
	rm -f $(addprefix $(DESTDIR)$(BASHCOMPDIR)/,$(COMMANDS)) $(DESTDIR)$(ZSHCOMPDIR)/_pb

# Shell scripts name their shell in a #! line or a shellcheck directive;
# cppcheck needs the generated schema source to see all of lib/.
lint: lib/schema_sql.c
	mandoc -Tlint -Wwarning $(wildcard man/man*/*.[157])
	shellcheck tests/lib.sh tests/pg-prepare.sh tests/pg.sh tests/pg-suite.sh $(wildcard tests/cli/*.sh examples/*.sh examples/cron/*.sh) .ci/run
	cppcheck --error-exitcode=1 --enable=warning,portability --inline-suppr -q \
		-I lib lib/ cmd/
	clang-tidy --quiet $(wildcard lib/*.c cmd/*.c) -- -std=c17 -D_DEFAULT_SOURCE -Ilib $(PKG_CFLAGS)

clean:
	rm -rf bin build lib/libpb.so* lib/libpb-xlsx.so* lib/schema_sql.c lib/pb.pc

# Benchmarks (bench/run.sh, BENCHMARKS.md): ratios against references
# measured in the same run. bench takes minutes (imports at 200k and 1M
# events, the summary at 50k, 200k and 1M); bench-large adds the
# summary at 10M, whose database (built once by the sqlite3 shell and
# pb-db rebuild, then kept in build/bench/cache) takes a quarter of an
# hour the first time; bench-quick is CI's smoke test of the harness and
# never fails on a time; bench-totals-check (not in CI) fails when a
# summary from the totals differs from the raw rows' at 200k events. The
# tools are built with -O2 whatever SAN says, and commands are timed by
# bench/rss.c (wait4's rusage), so GNU time is not needed.
BENCH_TOOLS = $(addprefix build/bench/,gen floor rss bare_load)

build/bench/%: bench/%.c
	@mkdir -p $(dir $@)
	$(CC) $(BASE_CFLAGS) -O2 -g $(PKG_CFLAGS) $(CFLAGS) -o $@ $< $(PKG_LIBS)

.PHONY: bench bench-large bench-quick bench-small bench-totals-check
bench: $(PROGS) $(BENCH_TOOLS)
	PB_BIN=$(abspath $(B)/bin) sh bench/run.sh

bench-large: $(PROGS) $(BENCH_TOOLS)
	PB_BIN=$(abspath $(B)/bin) BENCH_REPORT_EVENTS="50000 200000 1000000 10000000" sh bench/run.sh

bench-quick: $(PROGS) $(BENCH_TOOLS)
	PB_BIN=$(abspath $(B)/bin) BENCH_QUICK=1 sh bench/run.sh

bench-totals-check: $(PROGS) $(BENCH_TOOLS)
	PB_BIN=$(abspath $(B)/bin) BENCH_ONLY=totals sh bench/run.sh

# The small commands alone, 200 runs each against the floor, and their
# system calls where strace is installed (bench/small.sh).
bench-small: $(PROGS) build/bench/gen build/bench/floor build/bench/rss
	PB_BIN=$(abspath $(B)/bin) sh bench/small.sh
