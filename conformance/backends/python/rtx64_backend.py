#!/usr/bin/env python3
"""conformance/backends/python/rtx64_backend.py — a second, independent implementation of rtshm's backend
line protocol (conformance/PROTOCOL.md, version 1), in Python with the standard library only: the RTX64
named shared memory functions (RtCreateSharedMemory, RtOpenSharedMemory, RtCloseHandle, GetLastError,
SetLastError of the "rtx64" family) and memory reads and writes, written from spec/CLAUSES.md's RTX64
clauses, not from rtshm's model.

    rtshm run --impl "exec:python3 conformance/backends/python/rtx64_backend.py" conformance/scenarios/rtx64

What it leaves out (and says so in hello, so rtshm skips those steps): RtCreateEvent, RtCreateMutex and
RtCreateSemaphore (the sync objects sharing the RTSS namespace) and every event (process exit, kernel
stop/start, link down/up). Its outcomes name no clause: rtshm judges each step by the reference's.
"""
import json
import sys

PAGE = 4096
PAGE_READONLY, PAGE_READWRITE = 2, 4
SHM_MAP_READ, SHM_MAP_WRITE, SHM_MAP_ALL_ACCESS = 1, 2, 3
ERROR_SUCCESS, ERROR_FILE_NOT_FOUND, ERROR_ACCESS_DENIED, ERROR_INVALID_HANDLE = 0, 2, 5, 6
ERROR_NOT_ENOUGH_MEMORY, ERROR_NOT_READY, ERROR_INVALID_PARAMETER = 8, 21, 87
ERROR_BAD_PATHNAME, ERROR_ALREADY_EXISTS, ERROR_FILENAME_EXCED_RANGE = 161, 183, 206
MAX_NAME = 256  # RTX_MAX_OBJECT_NAME_LENGTH

FUNCTIONS = ["RtCreateSharedMemory", "RtOpenSharedMemory", "RtCloseHandle", "GetLastError", "SetLastError"]


class Object:
    """A shared memory object: its size, protection and pages (only the pages written are kept)."""

    def __init__(self, size, protect, name):
        self.size, self.protect, self.name, self.handles, self.pages = size, protect, name, 0, {}

    def read(self, offset, length):
        out = bytearray()
        for at in range(offset, offset + length):
            page = self.pages.get(at // PAGE)
            out.append(page[at % PAGE] if page else 0)
        return bytes(out)

    def write(self, offset, data):
        for i, byte in enumerate(data):
            self.pages.setdefault((offset + i) // PAGE, bytearray(PAGE))[(offset + i) % PAGE] = byte


class World:
    """One world: per RTSS kernel a namespace and its memory; per process a handle table, views and a
    last-error slot."""

    def __init__(self, topology):
        self.topology = topology
        self.names = {}  # (kernel, name) -> Object
        self.used = {}  # kernel -> bytes charged
        self.handles = {}  # (process, handle) -> Object
        self.views = {}  # process -> list of [base, size, writable, Object]
        self.slots = {}  # process -> last error
        self.next_handle, self.next_view = 0x40, 1

    def rtss_kernel(self, process):
        """The RTX64 kernel (RTSS) the process reaches: its own, or the one on its node; or None."""
        p = self.topology["processes"][process]
        if p["kind"] == "rt":
            return p["kernel"]
        for index, k in enumerate(self.topology["kernels"]):
            if k["kind"] == "rtx64" and k["node"] == p["node"]:
                return index
        return None

    def charge(self, kernel, nbytes):
        limit = int(self.topology["kernels"][kernel]["memory_bytes"], 16)
        if self.used.get(kernel, 0) + nbytes > limit:
            return False
        self.used[kernel] = self.used.get(kernel, 0) + nbytes
        return True

    def map(self, process, obj, size, writable):
        base = self.next_view << 32
        self.next_view += 1
        self.views.setdefault(process, []).append([base, size, writable, obj])
        return base

    def new_handle(self, process, obj):
        handle = self.next_handle
        self.next_handle += 4
        self.handles[(process, handle)] = obj
        obj.handles += 1
        return handle


def num(value):
    """A number argument's value (64-bit values travel as "0x" hex strings)."""
    return int(value["number"], 16) if value["kind"] == "number" else 0


def name_error(name):
    if len(name.encode("utf-16-le")) // 2 > MAX_NAME:
        return ERROR_FILENAME_EXCED_RANGE
    if "\\" in name:
        return ERROR_BAD_PATHNAME
    return None


def call(world, process, function, args):
    """One call: (ret, status, outputs) — status is what the call did; the slot is set here."""
    windows = world.topology["processes"][process]["kind"] == "windows"
    kernel = world.rtss_kernel(process)
    outputs = []

    def failed(status):
        world.slots[process] = status
        return 0, status, outputs

    if function == "GetLastError":
        return world.slots.get(process, 0), ERROR_SUCCESS, outputs
    if function == "SetLastError":
        world.slots[process] = num(args[0])
        return 0, ERROR_SUCCESS, outputs
    if function == "RtCloseHandle":
        handle = num(args[0])
        obj = world.handles.pop((process, handle), None)
        if obj is None:
            return failed(ERROR_INVALID_HANDLE)
        obj.handles -= 1
        if obj.handles == 0 and obj.name is not None:
            world.names.pop((kernel, obj.name), None)  # the name is free; views keep the memory
        return 1, ERROR_SUCCESS, outputs
    if kernel is None or not world.topology["kernels"][kernel]["running"]:
        return failed(ERROR_NOT_READY)
    if function == "RtCreateSharedMemory":
        protect, high, low, name, location = args
        if location["kind"] != "out" or num(high) != 0:
            return failed(ERROR_INVALID_PARAMETER)
        if windows and num(protect) not in (PAGE_READONLY, PAGE_READWRITE):
            return failed(ERROR_INVALID_PARAMETER)
        name = name.get("string")
        if name is not None and name_error(name):
            return failed(name_error(name))
        wanted = -(-num(low) // PAGE) * PAGE
        own_protect = num(protect) if windows else PAGE_READWRITE
        obj = world.names.get((kernel, name)) if name is not None else None
        if obj is None:
            if wanted == 0:
                return failed(ERROR_INVALID_PARAMETER)
            if not world.charge(kernel, wanted):
                return failed(ERROR_NOT_ENOUGH_MEMORY)
            obj = Object(wanted, own_protect, name)
            if name is not None:
                world.names[(kernel, name)] = obj
            status, size, writable = ERROR_SUCCESS, wanted, own_protect == PAGE_READWRITE
        else:
            status, size, writable = ERROR_ALREADY_EXISTS, obj.size, True
            if windows:
                size = wanted or obj.size
                if size > obj.size:
                    if not world.charge(kernel, size - obj.size):
                        return failed(ERROR_NOT_ENOUGH_MEMORY)
                    obj.size = size
                writable = obj.protect == PAGE_READWRITE and own_protect == PAGE_READWRITE
        handle = world.new_handle(process, obj)
        outputs = [None, None, None, None, "0x%x" % world.map(process, obj, size, writable)]
        world.slots[process] = status
        return handle, status, outputs
    if function == "RtOpenSharedMemory":
        access, _inherit, name, location = args
        name = name.get("string")
        if location["kind"] != "out" or not name:
            return failed(ERROR_INVALID_PARAMETER)
        if windows and num(access) not in (SHM_MAP_READ, SHM_MAP_WRITE, SHM_MAP_ALL_ACCESS):
            return failed(ERROR_INVALID_PARAMETER)
        if name_error(name):
            return failed(name_error(name))
        obj = world.names.get((kernel, name))
        if obj is None:
            return failed(ERROR_FILE_NOT_FOUND)
        writable = True
        if windows:
            wants_write = num(access) in (SHM_MAP_WRITE, SHM_MAP_ALL_ACCESS)
            if wants_write and obj.protect != PAGE_READWRITE:
                return failed(ERROR_ACCESS_DENIED)
            writable = wants_write
        handle = world.new_handle(process, obj)
        outputs = [None, None, None, "0x%x" % world.map(process, obj, obj.size, writable)]
        return handle, ERROR_SUCCESS, outputs
    raise ValueError("unsupported function " + function)


def access(world, process, address, length, data=None):
    """A read (data None) or write: (fault, bytes read)."""
    for base, size, writable, obj in world.views.get(process, []):
        if base <= address and address + length <= base + size:
            if data is None:
                return False, obj.read(address - base, length)
            if not writable:
                return True, b""
            obj.write(address - base, data)
            return False, b""
    return True, b"\0" * (length if data is None else 0)


def outcome(ret, status, slot, outputs=(), fault=False):
    return {"ret": "0x%x" % ret, "family": "win32", "status": status, "last_error": slot,
            "outputs": list(outputs), "fault": fault, "clause": None, "native_error": None, "opaque": []}


def main():
    world = None
    out = sys.stdout
    for line in sys.stdin:
        request = json.loads(line)
        kind = request["type"]
        if kind == "hello":
            answer = {"type": "hello", "protocol": "rtshm-backend", "version": 1, "name": "python-rtx64 1.0",
                      "functions": {"rtx64": FUNCTIONS}, "events": []}
        elif kind == "open":
            world = World(request["topology"])
            answer = {"type": "result"}
        elif kind == "close":
            world = None
            answer = {"type": "result"}
        elif kind == "call":
            process = request["process"]
            ret, status, outputs = call(world, process, request["function"], request["args"])
            answer = {"type": "result", "outcome": outcome(ret, status, world.slots.get(process, 0), outputs)}
        elif kind in ("read", "write"):
            address = int(request["address"], 16)
            data = bytes.fromhex(request["data"]) if kind == "write" else None
            length = request["length"] if kind == "read" else len(data)
            fault, got = access(world, request["process"], address, length, data)
            answer = {"type": "result", "outcome": {"ret": "0x0", "family": "sim", "status": 0, "fault": fault}}
            if kind == "read":
                answer["data"] = got.hex()
        else:
            answer = {"type": "error", "message": "unsupported request " + kind}
        out.write(json.dumps(answer) + "\n")
        out.flush()


if __name__ == "__main__":
    main()
