#!/usr/bin/env python3
"""conformance/tests/exec/test_exec.py — the protocol suite of `--impl exec:COMMAND` and `rtshm serve`
(conformance/PROTOCOL.md), end to end through the real binary:

  - the whole corpus through `exec:<build>/rtshm serve --impl reference` exports the same canonical trace
    as the in-process run (the run record aside), and validate takes exec: too;
  - the second implementation, conformance/backends/python/rtx64_backend.py, gets the verdicts of
    conformance/backends/python/expected.tsv on the rtx64 scenarios;
  - a hostile program (hostile_proxy.py) — a garbage line, a line of 2 MiB, a wrong field, an unknown
    type, a hang, exit 0, exit 3, a crash, closed output, a wrong version, an exit or a hang before
    hello — gets the exact verdict and message, and no process it started outlives the run;
  - a hostile library served by `rtshm serve` crashes with the same verdict as loaded directly;
  - `rtshm serve` answers malformed requests with "error" and goes on, and exits 0 when stdin ends.

    test_exec.py RTSHM SOURCE_DIR BUILD_DIR
"""
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
import unittest

RTSHM, SOURCE, BUILD = (os.path.abspath(a) for a in sys.argv[1:4])
PYTHON = sys.executable
HOSTILE = os.path.join(SOURCE, "conformance/tests/hostile/scenarios")
PROXY = os.path.join(SOURCE, "conformance/tests/exec/hostile_proxy.py")
SERVE = "exec:%s serve --impl reference" % RTSHM


class Exec(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="rtshm-exec-")
        self.db = os.path.join(self.dir, "t.sqlite")
        self.pids = os.path.join(self.dir, "pids")
        os.environ["RTSHM_HOSTILE_PIDS"] = self.pids

    def tearDown(self):
        shutil.rmtree(self.dir, ignore_errors=True)

    def fresh(self):
        """A new trace database and pids file (for a subtest)."""
        self.db = tempfile.mktemp(suffix=".sqlite", dir=self.dir)
        if os.path.exists(self.pids):
            os.unlink(self.pids)

    def rtshm(self, *args, bound_s=60):
        """Runs rtshm with args: (exit code, stdout, stderr); asserts it ended within bound_s."""
        t0 = time.monotonic()
        p = subprocess.run([RTSHM] + list(args), capture_output=True, text=True, timeout=bound_s + 30)
        self.assertLess(time.monotonic() - t0, bound_s, p.stdout + p.stderr)
        return p.returncode, p.stdout, p.stderr

    def query(self, sql, db=None):
        with sqlite3.connect(db or self.db) as c:
            return c.execute(sql).fetchall()

    def export(self, db):
        path = db + ".jsonl"
        self.assertEqual(self.rtshm("export", db, "-o", path)[0], 0)
        with open(path) as f:
            return [line for line in f if '"type":"run"' not in line]

    def assert_no_process_left(self, expected):
        with open(self.pids) as f:
            pids = [int(line) for line in f]
        self.assertEqual(len(pids), expected, pids)
        for pid in pids:
            for _ in range(200):
                try:
                    with open("/proc/%d/stat" % pid) as s:
                        state = s.read().rsplit(")", 1)[1].split()[0]
                except OSError:
                    break
                if state == "Z":
                    break
                time.sleep(0.01)
            else:
                self.fail("process %d of the run is still there" % pid)

    def fires(self):
        return self.query("SELECT verdict || ': ' || COALESCE(message, '') FROM scenarios "
                          "WHERE scenario = 'hostile.fires'")[0][0]

    # ---- the corpus ----

    def test_corpus_through_serve_is_the_in_process_trace(self):
        inproc = os.path.join(self.dir, "in.sqlite")
        code, out, err = self.rtshm("run", "--db", inproc, os.path.join(SOURCE, "conformance/scenarios"))
        self.assertEqual(code, 0, out + err)
        code, out, err = self.rtshm("run", "--db", self.db, "--jobs", "2", "--impl", SERVE,
                                    os.path.join(SOURCE, "conformance/scenarios"))
        self.assertEqual(code, 0, out + err)
        self.assertIn(" 0 FAIL, 0 DIVERGE, 0 ERROR, 0 CRASH, 0 TIMEOUT, 0 SKIP;", out)
        self.assertEqual(self.query("SELECT implementation FROM runs"), [("reference",)])
        ours, theirs = self.export(self.db), self.export(inproc)
        self.assertGreater(len(ours), 1000)
        self.assertEqual(ours, theirs)
        # the run's identity: the SHA-256 of the --impl text
        import hashlib
        self.assertEqual(self.query("SELECT impl_sha256 FROM run_inputs")[0][0],
                         hashlib.sha256(SERVE.encode()).hexdigest())

    def test_validate_takes_exec(self):
        code, out, err = self.rtshm("validate", "--db", self.db, "--impl", SERVE, "--filter", "rtx64.close.*",
                                    os.path.join(SOURCE, "conformance/scenarios"))
        self.assertEqual(code, 0, out + err)
        self.assertEqual(self.query("SELECT COUNT(*) FROM scenarios WHERE verdict = 'PASS'"), [(4,)])

    def test_a_compound_command_runs_under_the_shell(self):
        # not a simple command: /bin/sh -c runs it as given (no exec), in another directory, as a remote
        # side would ("ssh HOST 'cd /opt && rtshm serve ...'")
        impl = "exec:cd / && %s serve --impl reference" % RTSHM
        code, out, err = self.rtshm("run", "--db", self.db, "--impl", impl, "--filter", "rtx64.close.*",
                                    os.path.join(SOURCE, "conformance/scenarios"))
        self.assertEqual(code, 0, out + err)
        self.assertEqual(self.query("SELECT COUNT(*), SUM(verdict = 'PASS') FROM scenarios"), [(2, 2)])

    # ---- the second implementation ----

    def test_python_backend_gets_its_expected_verdicts(self):
        backend = os.path.join(SOURCE, "conformance/backends/python/rtx64_backend.py")
        code, out, err = self.rtshm("run", "--db", self.db, "--impl", "exec:%s -S %s" % (PYTHON, backend), "--filter",
                                    "rtx64.*", os.path.join(SOURCE, "conformance/scenarios"))
        self.assertEqual(code, 0, out + err)  # PASS and SKIP only (expected.tsv)
        with open(os.path.join(SOURCE, "conformance/backends/python/expected.tsv")) as f:
            expected = [tuple(line.rstrip("\n").split("\t")) for line in f if not line.startswith("#")]
        got = self.query("SELECT scenario, verdict FROM scenarios ORDER BY scenario")
        self.assertEqual(got, expected)
        self.assertEqual(self.query("SELECT implementation FROM runs"), [("python-rtx64 1.0",)])
        self.assertEqual(self.query("SELECT COUNT(*) FROM steps WHERE verdict = 'PASS'")[0][0] > 100, True)
        # the Windows side's read of what a skipped rtk write put there: a SKIP step, not judged, saying why
        self.assertEqual(self.query("SELECT step, function, verdict, substr(detail, 1, 63) FROM steps WHERE scenario = "
                                    "'rtx64.combo.windows-and-driver-share-data' AND detail LIKE 'its expectation%'"),
                         [(6, "read", "SKIP", "its expectation rests on skipped steps (first: python-rtx64 1.0")])

    # ---- hostile programs ----

    def run_proxy(self, mode, timeout="10", bound_s=30):
        impl = "exec:%s -S %s %s %s" % (PYTHON, PROXY, mode, RTSHM)
        code, out, err = self.rtshm("run", "--db", self.db, "--impl", impl, "--timeout", timeout, HOSTILE,
                                    bound_s=bound_s)
        return impl, code, out, err

    def test_broken_answers_are_errors_naming_line_and_field(self):
        cases = {
            "garbage": "line 5: not JSON (at column 1)",
            "huge": "line 5 is longer than 1048576 bytes (the protocol's bound)",
            "bad-field": "line 5: result.outcome.status: expected an integer from 0 to 4294967295",
            "unknown-type": "line 5: unknown answer type 'banana'",
        }
        for mode, why in cases.items():
            with self.subTest(mode=mode):
                self.fresh()
                impl, code, out, err = self.run_proxy(mode)
                self.assertEqual(code, 1, out + err)
                self.assertEqual(self.fires(), "ERROR: step 2: %s: the answer to call RtCreateSharedMemory: %s" % (impl, why))
                self.assertEqual(self.query("SELECT verdict FROM scenarios WHERE scenario = 'hostile.quiet'"), [("PASS",)])
                self.assert_no_process_left(6)  # at load and per scenario (2): the proxy and its rtshm serve

    def test_exit_crash_hang_and_closed_output_get_the_library_verdicts(self):
        cases = [
            ("exit0", "10", "ERROR: the backend exited with status 0 during step 2 (RtCreateSharedMemory)"),
            ("exit3", "10", "ERROR: the backend exited with status 3 during step 2 (RtCreateSharedMemory)"),
            ("kill", "10", "CRASH: the backend died of signal 11 (Segmentation fault) in step 2 (RtCreateSharedMemory)"),
            ("hang", "1", "TIMEOUT: no answer within 1 s in step 2 (RtCreateSharedMemory); the backend was killed"),
            ("close-stdout", "10", "ERROR: step 2: {impl}: the program closed its output during call "
                                   "RtCreateSharedMemory but kept running; it was killed"),
        ]
        for mode, timeout, expected in cases:
            with self.subTest(mode=mode):
                self.fresh()
                impl, code, out, err = self.run_proxy(mode, timeout)
                self.assertEqual(code, 1, out + err)
                self.assertEqual(self.fires(), expected.format(impl=impl))
                # a death is a `died` row of step 2, as for a library; a failed operation records no row
                self.assertEqual(self.query("SELECT died FROM steps WHERE scenario = 'hostile.fires' AND seq = 2"),
                                 [] if mode == "close-stdout" else [(expected.split(":")[0],)])
                self.assert_no_process_left(6)  # at load and per scenario (2): the proxy and its rtshm serve

    def test_continue_after_crash_restarts_the_program(self):
        impl = "exec:%s -S %s kill %s" % (PYTHON, PROXY, RTSHM)
        code, out, err = self.rtshm("run", "--db", self.db, "--impl", impl, "--continue-after-crash", HOSTILE)
        self.assertEqual(code, 1, out + err)
        self.assertEqual(self.fires(), "CRASH: the backend died of signal 11 (Segmentation fault) in step 2 "
                                       "(RtCreateSharedMemory); --continue-after-crash: restarted 1 time, 1 step ran "
                                       "after a restart")
        self.assertEqual(self.query("SELECT group_concat(seq || ':' || verdict || ':' || COALESCE(after_restart, '-') "
                                    "|| ':' || COALESCE(died, '-'), ' ') FROM (SELECT * FROM steps WHERE scenario = "
                                    "'hostile.fires' ORDER BY seq)"), [("0:PASS:-:- 1:PASS:-:- 2:NONE:-:CRASH 3:PASS:1:-",)])

    def test_a_daemonised_grandchild_does_not_outlive_the_run(self):
        impl, code, out, err = self.run_proxy("spawn-sleeper")
        self.assertEqual(code, 0, out + err)
        self.assertEqual(self.fires(), "PASS: ")
        self.assert_no_process_left(7)  # 3 x (the proxy and its rtshm serve), and the sleeper in a session of its own

    def test_wrong_version_and_failures_before_hello_are_load_errors(self):
        cases = [
            ("wrong-version", "10", "hello: the program speaks protocol version 99; this rtshm speaks version 1"),
            ("hello-exit", "10", "the program exited with status 0 before answering hello"),
            ("hello-hang", "1", "the program did not answer hello within 1 s; it was killed"),
        ]
        for mode, timeout, why in cases:
            with self.subTest(mode=mode):
                self.fresh()
                impl, code, out, err = self.run_proxy(mode, timeout, bound_s=10)
                self.assertEqual(code, 2, out + err)
                self.assertEqual(err, "rtshm: --impl %s: %s\n" % (impl, why))
                self.assertFalse(os.path.exists(self.db))
                self.assert_no_process_left(1)
        code, out, err = self.rtshm("run", "--db", self.db, "--impl", "exec:", HOSTILE)
        self.assertEqual((code, err), (2, "rtshm: --impl exec:: expected a command after 'exec:' (exec:COMMAND, run "
                                          "by /bin/sh -c)\n"))
        code, out, err = self.rtshm("run", "--db", self.db, "--impl", "exec:/nonexistent/backend", HOSTILE)
        self.assertEqual(code, 2)
        self.assertTrue(err.startswith("rtshm: --impl exec:/nonexistent/backend: the program exited with status 127 "
                                       "before answering hello; it printed: "), err)

    def test_a_library_crashing_behind_serve_is_a_crash(self):
        lib = os.path.join(BUILD, "hostile/librtshm_hostile_segv.so")
        code, out, err = self.rtshm("run", "--db", self.db, "--impl", "exec:%s serve --impl %s" % (RTSHM, lib), HOSTILE)
        self.assertEqual(code, 1, out + err)
        self.assertEqual(self.fires(),
                         "CRASH: the backend died of signal 11 (Segmentation fault) in step 2 (RtCreateSharedMemory)")

    def test_a_library_printing_behind_serve_does_not_break_the_protocol(self):
        lib = os.path.join(BUILD, "hostile/librtshm_hostile_print.so")
        code, out, err = self.rtshm("run", "--db", self.db, "--impl", "exec:%s serve --impl %s" % (RTSHM, lib), HOSTILE)
        self.assertEqual(code, 0, out + err)
        self.assertNotIn("xxxx", out + err)
        # what it printed on stdout went to serve's stderr: the scenario's captured output, as for a library
        self.assertEqual(self.query("SELECT substr(backend_output, 1, 17), length(backend_output) > 65536 FROM scenarios "
                                    "WHERE scenario = 'hostile.fires'"), [("\\x1b[1mbold\\xff\nx", 1)])

    # ---- rtshm serve itself ----

    def test_serve_answers_bad_requests_and_goes_on(self):
        requests = [
            "this is not json",
            '{"type":"hello","protocol":"rtshm-backend","versions":[2]}',
            '{"type":"call","process":0,"api":"rtx64","function":"GetLastError","args":[]}',
            '{"type":"open","seed":"1","topology":{"nodes":[],"kernels":[],"links":[],"processes":[]}}',
            '{"type":"banana"}',
            '{"type":"hello","protocol":"rtshm-backend","versions":[1]}',
        ]
        p = subprocess.run([RTSHM, "serve", "--impl", "reference"], input="\n".join(requests) + "\n",
                           capture_output=True, text=True, timeout=30)
        self.assertEqual(p.returncode, 0, p.stderr)
        answers = [json.loads(line) for line in p.stdout.splitlines()]
        self.assertEqual([a["type"] for a in answers], ["error"] * 5 + ["hello"])
        self.assertEqual([a.get("message") for a in answers[:5]], [
            "request line 1: not JSON (at column 1)",
            "this server speaks rtshm-backend version 1 only",
            "call: no world is open",
            "open.seed: expected a 64-bit value as a \"0x\" hex string of 1 to 16 digits",
            "unknown request type 'banana'",
        ])
        self.assertEqual((answers[5]["version"], answers[5]["name"]), (1, "reference"))
        self.assertEqual(sorted(answers[5]["functions"]), ["iwin32", "ntx", "rt", "rtk", "rtx64"])
        self.assertEqual(answers[5]["events"], ["process.exit", "kernel", "link"])


if __name__ == "__main__":
    unittest.main(argv=[sys.argv[0], "-v"])
