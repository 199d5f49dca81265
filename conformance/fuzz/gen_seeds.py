#!/usr/bin/env python3
"""conformance/fuzz/gen_seeds.py — random, mostly valid rtshm-scenario/1 files to seed the fuzzer.

Byte-level mutation of the shipped corpus rarely gets far past the validator; these seeds do: each is
a random topology (or the default one) with its processes and up to 60 steps — calls of every family
with arguments taken from variables bound earlier, NTX and RT memory chains, reads and writes through
bound pointers, and events that keep the validator's state rules (kernels stop only when running, ...).
Deterministic for a given seed range. Optional (README "Fuzzing"):

    python3 conformance/fuzz/gen_seeds.py /tmp/seeds 0 3000
    ./build-fuzz/fuzz_scenario -merge=1 out/fuzz-corpus /tmp/seeds   # keeps the files that add coverage
"""
import json
import os
import random
import sys

# Parameters per function: (name, kind); kind ending in '!' is always given, "out" is an output.
IWIN32 = {
    "RtCreateSharedMemory": [("flProtect", "dword"), ("MaximumSizeHigh", "high"), ("MaximumSizeLow", "size!"),
                             ("lpName", "name"), ("location", "out")],
    "RtOpenSharedMemory": [("dwDesiredAccess", "dword"), ("bInheritHandle", "bool"), ("lpName", "name"),
                           ("location", "out")],
    "RtUnmapSharedMemory": [("location", "ptr!")],
    "CloseHandle": [("hObject", "handle!")],
    "CreateEvent": [("bManualReset", "bool"), ("bInitialState", "bool"), ("lpName", "name")],
    "CreateMutex": [("bInitialOwner", "bool"), ("lpName", "name")],
    "CreateSemaphore": [("lInitialCount", "long"), ("lMaximumCount", "long"), ("lpName", "name")],
    "GetLastError": [],
    "SetLastError": [("dwErrCode", "dword!")],
}
RTX64 = {
    "RtCreateSharedMemory": [("flProtect", "protect"), ("MaximumSizeHigh", "high"), ("MaximumSizeLow", "size!"),
                             ("lpName", "name"), ("location", "out")],
    "RtOpenSharedMemory": [("DesiredAccess", "access!"), ("bInheritHandle", "bool"), ("lpName", "name"),
                           ("location", "out")],
    "RtCloseHandle": [("hObject", "handle!")],
    "RtCreateEvent": [("bManualReset", "bool"), ("bInitialState", "bool"), ("lpName", "name")],
    "RtCreateMutex": [("bInitialOwner", "bool"), ("lpName", "name")],
    "RtCreateSemaphore": [("lInitialCount", "long"), ("lMaximumCount", "long"), ("lpName", "name")],
    "GetLastError": [],
    "SetLastError": [("dwErrCode", "dword!")],
}
RTK = {
    "RtkRtssAttach": [("MaxWFSO", "dword"), ("RtssInst", "out")],
    "RtkRtssAttachEx": [("MaxWFSO", "dword"), ("RtssInst", "out")],
    "RtkRtssDetach": [("RtssInst", "inst!")],
    "RtkCreateSharedMemory": [("RtssInst", "inst!"), ("SharedMemoryHandle", "out"), ("Protect", "protect"),
                              ("MaximumSizeHigh", "high"), ("MaximumSizeLow", "size!"), ("Name", "name"),
                              ("location", "out")],
    "RtkOpenSharedMemory": [("RtssInst", "inst!"), ("SharedMemoryHandle", "out"), ("DesiredAccess", "access!"),
                            ("InheritHandle", "bool"), ("Name", "name"), ("location", "out")],
    "RtkUnMapSharedMemory": [("RtssInst", "inst!"), ("location", "ptr!")],
    "RtkCloseHandle": [("RtssInst", "inst!"), ("Handle", "handle!")],
}
NTX = {
    "ntxGetLocationByName": [("name", "kernel!")],
    "ntxGetRootRtProcess": [("hLoc", "loc!")],
    "ntxAllocateRtMemory": [("hLoc", "loc!"), ("nSize", "size!")],
    "ntxFreeRtMemory": [("hSegment", "seg!")],
    "ntxCatalogNtxHandle": [("hProcess", "proc!"), ("hObject", "seg!"), ("name", "catalog!")],
    "ntxLookupNtxhandle": [("hProcess", "proc!"), ("name", "catalog!"), ("dwTimeout", "dword")],
    "ntxImportRtHandle": [("hRtHandle", "rth!"), ("hObjectSource", "seg!")],
    "ntxMapRtSharedMemory": [("hSegment", "seg!")],
    "ntxMapRtSharedMemoryEx": [("hSegment", "seg!"), ("dwFlags", "mapflags")],
    "ntxUnmapRtSharedMemory": [("hSegment", "seg!")],
    "ntxGetLastRtError": [],
}
RT = {
    "AllocateRtMemory": [("cbSize", "size!")],
    "CreateRtMemoryHandle": [("pAddress", "ptr!"), ("cbSize", "size!")],
    "DeleteRtMemoryHandle": [("hMemory", "rth!")],
    "FreeRtMemory": [("pAddress", "ptr!")],
    "CatalogRtHandle": [("hProcess", "handle-or-null"), ("hObject", "rth!"), ("name", "catalog!")],
    "CreateRtSemaphore": [("wInitialUnits", "dword"), ("wMaxUnits", "dword"), ("wFlags", "dword")],
    "GetLastRtError": [],
}
# What a function returns, as the variable pool it feeds (handles are split by meaning so that
# arguments get plausible values; all of them are handle variables to the validator).
RETURNS = {
    "RtCreateSharedMemory": "handle", "RtOpenSharedMemory": "handle", "CreateEvent": "handle",
    "CreateMutex": "handle", "CreateSemaphore": "handle", "RtCreateEvent": "handle", "RtCreateMutex": "handle",
    "RtCreateSemaphore": "handle", "ntxGetLocationByName": "loc", "ntxGetRootRtProcess": "proc",
    "ntxAllocateRtMemory": "seg", "ntxLookupNtxhandle": "seg", "ntxImportRtHandle": "seg",
    "CreateRtMemoryHandle": "rth", "CreateRtSemaphore": "rth",
    "ntxMapRtSharedMemory": "ptr", "ntxMapRtSharedMemoryEx": "ptr", "AllocateRtMemory": "ptr",
}
BOOL_RETURNS = {"RtUnmapSharedMemory", "CloseHandle", "RtCloseHandle", "DeleteRtMemoryHandle", "FreeRtMemory",
                "CatalogRtHandle"}
POOLS = ("handle", "ptr", "inst", "loc", "seg", "proc", "rth")


class Vars:
    """Variables bound so far, by pool."""

    def __init__(self, rng):
        self.rng = rng
        self.pools = {p: [] for p in POOLS}
        self.count = 0

    def bind(self, pool):
        if self.pools[pool] and self.rng.random() < 0.3:
            return self.rng.choice(self.pools[pool])  # rebind an existing variable of the same pool
        self.count += 1
        name = "%s%d" % (pool, self.count)
        self.pools[pool].append(name)
        return name

    def value(self, kind, kernel_names):
        r = self.rng
        kind = kind.rstrip("!")
        literals = {
            "dword": [0, 1, 2, 3, 4, 0xFFFFFFFF, "PAGE_READWRITE", "PAGE_READONLY", "SHM_MAP_WRITE", "0x10", 65536],
            "high": [0, 0, 0, 1],
            "size": [1, 100, 4096, 4097, 8192, 12288, 65536, 1 << 20, 4 << 20, 16 << 20, 0, 0xFFFFFFFF],
            "name": [None, "", "Buf", "Buf", "Ev", "A\\b", "x" * 260, "x" * 261, "buf", "$$d", "N\u00e9"],
            "kernel": kernel_names * 6 + ["nope", ""],
            "catalog": ["obj", "obj", "seg1", "x", "", "abcdefghijklm"],
            "bool": [True, False, 0, 1, "TRUE"],
            "long": [0, 1, 2, 5, -1, 2147483647, -2147483648],
            "protect": ["PAGE_READWRITE", "PAGE_READONLY", 0, 1],
            "access": ["SHM_MAP_READ", "SHM_MAP_WRITE", "SHM_MAP_ALL_ACCESS", 0, 7],
            "mapflags": [0, "NTX_MAP_WRITE", "NTX_MAP_UNALIGNED", "NTX_MAP_WRITE|NTX_MAP_UNALIGNED"],
        }
        if kind in literals:
            return r.choice(literals[kind])
        pool = list(self.pools["handle" if kind == "handle-or-null" else kind])
        if kind in ("loc", "seg", "proc", "rth") and r.random() < 0.2:
            pool += self.pools["handle"]  # the wrong kind of handle now and then
        if pool and r.random() < 0.85:
            return "$" + r.choice(pool)
        if kind == "handle-or-null" and r.random() < 0.5:
            return None
        return r.choice([0, 4, 8, 0xFFFF, 0x10000, 0x10004, 0x20004, 0x10000000, "0x10000000", 0x52540010])


def topology(r):
    """A random topology with its processes, or (None, None, default kernels, default processes)."""
    if r.random() < 0.5:
        kernels = [{"id": "NodeA", "kind": "intime", "node": "host"}, {"id": "RTSS", "kind": "rtx64", "node": "host"}]
        procs = [{"id": "win", "kind": "windows", "node": "host"}, {"id": "rt", "kind": "rt", "kernel": "NodeA"},
                 {"id": "rtss", "kind": "rt", "kernel": "RTSS"}, {"id": "drv", "kind": "driver", "node": "host"}]
        return None, kernels, [], procs
    nodes = [{"id": "host"}]
    if r.random() < 0.5:
        nodes.append({"id": "h2"})
    if r.random() < 0.5:
        nodes.append({"id": "ctl", "windows": False})
    if r.random() < 0.3:
        nodes[0]["va_limit"] = r.choice(["8K", "64K", "1M", "16M"])
    kernels = [{"id": "NodeA", "kind": "intime", "node": "host"}]
    if r.random() < 0.3:
        kernels[0]["memory"] = r.choice(["8K", "64K", "1M"])
    if r.random() < 0.3:
        kernels[0]["iwin32_pool"] = r.choice(["0", "4M", "8M"])
    if r.random() < 0.8:
        kernels.append({"id": "RTSS", "kind": "rtx64", "node": "host", "memory": r.choice(["16K", "64M"])})
    for n in nodes[1:]:
        windows = n.get("windows", True)
        if r.random() < 0.7:
            k = {"id": "K" + n["id"], "kind": "intime", "node": n["id"]}
            if not windows:
                k["shares_memory"] = False
            elif r.random() < 0.2:
                k["state"] = "stopped"
            kernels.append(k)
        if windows and r.random() < 0.4:
            kernels.append({"id": "R" + n["id"], "kind": "rtx64", "node": n["id"]})
    links = [{"between": ["host", n["id"]], "state": r.choice(["up", "up", "down"])}
             for n in nodes[1:] if r.random() < 0.8]
    topo = {"nodes": nodes, "kernels": kernels}
    if links:
        topo["links"] = links
    procs = []
    for n in nodes:
        if n.get("windows", True):
            procs.append({"id": "w" + n["id"], "kind": "windows", "node": n["id"]})
            procs.append({"id": "d" + n["id"], "kind": "driver", "node": n["id"]})
    procs += [{"id": "p" + k["id"], "kind": "rt", "kernel": k["id"]} for k in kernels if k.get("state") != "stopped"]
    r.shuffle(procs)
    return topo, kernels, links, procs


def scenario(seed):
    r = random.Random(seed)
    v = Vars(r)
    sc = {"format": "rtshm-scenario/1", "id": "gen.s%d" % seed, "title": "generated seed %d" % seed}
    topo, kernels, links, procs = topology(r)
    if topo:
        sc["topology"] = topo
        sc["processes"] = procs
    kind = {k["id"]: k["kind"] for k in kernels}
    running = {k["id"]: k.get("state") != "stopped" for k in kernels}
    link_up = {tuple(l["between"]): l.get("state", "up") == "up" for l in links}
    alive = {p["id"]: True for p in procs}
    intime_names = [k["id"] for k in kernels if k["kind"] == "intime"]
    steps, t = [], 0
    for _ in range(r.randint(3, 60)):
        at = None
        if r.random() < 0.2:
            t += r.randint(0, 1000)
            at = t
        live = [p for p in procs if alive[p["id"]]]
        x = r.random()
        if x < 0.08 or not live:  # an event that changes some state
            ev = r.choice(["process.exit", "kernel.stop", "kernel.start", "link.down", "link.up"])
            if ev == "process.exit" and live:
                p = r.choice(live)
                alive[p["id"]] = False
                st = {"event": ev, "process": p["id"]}
            elif ev.startswith("kernel."):
                k = r.choice(kernels)["id"]
                start = ev == "kernel.start"
                if running[k] == start:
                    continue
                running[k] = start
                for p in procs:
                    if not start and p["kind"] == "rt" and p.get("kernel") == k:
                        alive[p["id"]] = False
                st = {"event": ev, "kernel": k}
            elif ev.startswith("link.") and link_up:
                l = r.choice(list(link_up))
                up = ev == "link.up"
                if link_up[l] == up:
                    continue
                link_up[l] = up
                st = {"event": ev, "between": list(l)}
            else:
                continue
        elif x < 0.16:  # a chain that gets memory mapped: NTX from Windows, or RT memory and a handle over it
            wins = [p for p in live if p["kind"] == "windows"]
            rts = [p for p in live if p["kind"] == "rt" and kind[p["kernel"]] == "intime"]
            if wins and intime_names and r.random() < 0.6:
                w = r.choice(wins)["id"]
                loc, seg, ptr = v.bind("loc"), v.bind("seg"), v.bind("ptr")
                steps.append({"as": w, "call": "ntxGetLocationByName", "args": {"name": r.choice(intime_names)},
                              "out": {"return": loc}})
                steps.append({"as": w, "call": "ntxAllocateRtMemory",
                              "args": {"hLoc": "$" + loc, "nSize": r.choice([1, 4096, 5000, 65536])},
                              "out": {"return": seg}})
                st = {"as": w, "call": "ntxMapRtSharedMemoryEx",
                      "args": {"hSegment": "$" + seg,
                               "dwFlags": r.choice([0, "NTX_MAP_WRITE", "NTX_MAP_WRITE|NTX_MAP_UNALIGNED"])},
                      "out": {"return": ptr}}
            elif rts:
                p = r.choice(rts)["id"]
                ptr, rth = v.bind("ptr"), v.bind("rth")
                steps.append({"as": p, "call": "rt:AllocateRtMemory", "args": {"cbSize": r.choice([100, 4096, 8192])},
                              "out": {"return": ptr}})
                st = {"as": p, "call": "CreateRtMemoryHandle",
                      "args": {"pAddress": "$" + ptr, "cbSize": r.choice([100, 4096, 8192])}, "out": {"return": rth}}
            else:
                continue
        elif x < 0.25 and v.pools["ptr"]:  # a memory access through a bound pointer
            p = r.choice(live)
            acc = {"ptr": "$" + r.choice(v.pools["ptr"]), "offset": r.choice([0, 0, 1, 4095, 4096, 8190, 65536])}
            if r.random() < 0.5:
                acc["length"] = r.choice([1, 4, 16, 4096])
                st = {"as": p["id"], "read": acc}
            else:
                acc["hex"] = r.choice(["00", "cafebabe", "ff" * 64])
                st = {"as": p["id"], "write": acc}
            if r.random() < 0.3:
                st["expect"] = {"fault": r.choice(["none", "ACCESS_VIOLATION"])}
        else:  # a call of one of the caller's families
            p = r.choice(live)
            prefix = ""
            if p["kind"] == "driver":
                table = RTK
            elif p["kind"] == "rt" and kind[p["kernel"]] == "rtx64":
                table = RTX64
            elif p["kind"] == "rt":
                table = dict(IWIN32, **RT)
            else:
                families = [("ntx", NTX)]
                if any(k["kind"] == "intime" and k["node"] == p["node"] for k in kernels):
                    # iwin32x: the sync-object creators are for rt processes only
                    families.append(("iwin32", {n: a for n, a in IWIN32.items() if not n.startswith("Create")}))
                if any(k["kind"] == "rtx64" and k["node"] == p["node"] for k in kernels):
                    families.append(("rtx64", RTX64))
                family, table = r.choice(families)
                prefix = family + ":"
            name = r.choice(list(table))
            if p["kind"] == "rt" and kind[p["kernel"]] == "intime":
                prefix = "iwin32:" if name in IWIN32 else "rt:"
            args, out = {}, {}
            for pname, pkind in table[name]:
                if pkind == "out":
                    if r.random() < 0.1:
                        args[pname] = None  # a NULL output pointer
                    else:
                        out[pname] = v.bind("inst" if pname == "RtssInst" else "ptr" if pname == "location" else "handle")
                elif pkind.endswith("!") or r.random() < 0.6:
                    args[pname] = v.value(pkind, intime_names)
            if name in RETURNS and r.random() < 0.9:
                out["return"] = v.bind(RETURNS[name])
            st = {"as": p["id"], "call": prefix + name}
            if args:
                st["args"] = args
            if out:
                st["out"] = out
            if r.random() < 0.3:
                if name in RETURNS:
                    st["expect"] = {"return": r.choice(["null", "non-null"])}
                elif name in BOOL_RETURNS:
                    st["expect"] = {"return": r.choice(["true", "false"])}
        if at is not None:
            st["at"] = at
        steps.append(st)
    sc["steps"] = steps or [{"event": "process.exit", "process": procs[0]["id"]}]
    return sc


def main():
    if len(sys.argv) != 4:
        sys.exit("usage: gen_seeds.py OUT_DIR FIRST_SEED COUNT")
    out, first, count = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    os.makedirs(out, exist_ok=True)
    for seed in range(first, first + count):
        with open(os.path.join(out, "gen-%06d.json" % seed), "w") as f:
            json.dump(scenario(seed), f, indent=1)
            f.write("\n")


if __name__ == "__main__":
    main()
