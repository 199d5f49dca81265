#!/usr/bin/env python3
"""conformance/tests/exec/hostile_proxy.py — a hostile backend program for the exec tests.

    hostile_proxy.py MODE RTSHM

Forwards the line protocol (conformance/PROTOCOL.md) to `RTSHM serve --impl reference`, whose answers
are right, and misbehaves ONCE, in the way MODE names, when the third `call RtCreateSharedMemory` of its
world arrives (step 2 of conformance/tests/hostile/scenarios/hostile.fires.json), or at hello:

  garbage       answers a line that is not JSON
  huge          answers a line of 2 MiB (the bound is 1 MiB)
  bad-field     answers the right result with outcome.status "oops"
  unknown-type  answers a line of type "banana"
  hang          never answers
  exit0         exits with status 0 without answering
  exit3         exits with status 3 without answering
  kill          dies of SIGSEGV without answering
  close-stdout  closes its output and goes on running
  wrong-version answers hello with protocol version 99
  hello-exit    exits with status 0 before answering hello
  hello-hang    never answers hello
  spawn-sleeper starts a grandchild in a session of its own that sleeps 60 s, then answers rightly

Every process it starts and itself append their pids to $RTSHM_HOSTILE_PIDS, so that the test can check
that no process of the run outlives it.
"""
import json
import os
import signal
import subprocess
import sys
import time


def note_pid(pid):
    path = os.environ.get("RTSHM_HOSTILE_PIDS")
    if path:
        with open(path, "a") as f:
            f.write("%d\n" % pid)


def main():
    mode, rtshm = sys.argv[1], sys.argv[2]
    note_pid(os.getpid())
    stdin, stdout = sys.stdin.buffer, sys.stdout.buffer
    if mode in ("wrong-version", "hello-exit", "hello-hang"):
        stdin.readline()
        if mode == "hello-exit":
            os._exit(0)
        if mode == "hello-hang":
            time.sleep(3600)
        hello = {"type": "hello", "protocol": "rtshm-backend", "version": 99, "name": "future",
                 "functions": {}, "events": []}
        stdout.write((json.dumps(hello) + "\n").encode())
        stdout.flush()
        stdin.read()
        return
    up = subprocess.Popen([rtshm, "serve", "--impl", "reference"], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    note_pid(up.pid)
    creates = 0
    for line in stdin:
        request = json.loads(line)
        if request.get("type") == "call" and request.get("function") == "RtCreateSharedMemory":
            creates += 1
        fire = creates == 3 and request.get("type") == "call" and request.get("function") == "RtCreateSharedMemory"
        if fire and mode == "hang":
            time.sleep(3600)
        if fire and mode in ("exit0", "exit3"):
            os._exit(0 if mode == "exit0" else 3)
        if fire and mode == "kill":
            os.kill(os.getpid(), signal.SIGSEGV)
        if fire and mode == "close-stdout":
            os.close(1)
            time.sleep(3600)
        if fire and mode == "spawn-sleeper":
            sleeper = subprocess.Popen(["sleep", "60"], start_new_session=True, stdin=subprocess.DEVNULL,
                                       stdout=subprocess.DEVNULL)
            note_pid(sleeper.pid)
        up.stdin.write(line)
        up.stdin.flush()
        while True:
            answer = up.stdout.readline()
            if not answer:
                return
            kind = json.loads(answer)["type"]
            if fire and kind in ("result", "error"):
                if mode == "garbage":
                    answer = b"this is not json\n"
                elif mode == "huge":
                    answer = b'{"type":"result","pad":"' + b"a" * (2 << 20) + b'"}\n'
                elif mode == "bad-field":
                    reply = json.loads(answer)
                    reply["outcome"]["status"] = "oops"
                    answer = (json.dumps(reply) + "\n").encode()
                elif mode == "unknown-type":
                    answer = b'{"type":"banana"}\n'
            stdout.write(answer)
            stdout.flush()
            if kind in ("result", "error", "hello"):
                break


if __name__ == "__main__":
    main()
