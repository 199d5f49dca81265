/* sim/emu/src/emu_rtk.c — the RTX64 Rtk* driver calls of rtkapi.h on the model (emu_int.h). Names are
 * PUNICODE_STRINGs (Length in bytes, not NUL-terminated) converted to UTF-8; outputs are stored only on
 * STATUS_SUCCESS. RtkRtssAttachEx's Routine is registered with the core, which calls it when the model raises
 * the instance's shutdown note (a kernel.stop of the RTSS). */
#include <stdlib.h>

#include "emu_int.h"
#include "rtkapi.h"

/* Name as UTF-8 (malloc'd), NULL for a NULL string; *oom set when the copy failed. A Buffer of NULL with a
 * non-zero Length is read as empty. */
static char *unicode(PUNICODE_STRING name, bool *oom) {
    *oom = false;
    if (name == NULL) return NULL;
    size_t units = name->Buffer ? name->Length / 2 : 0;
    char *s = emu_utf16_to_utf8(name->Buffer, units);
    *oom = s == NULL;
    return s;
}

static NTSTATUS attach(spec_fn_row row, ULONG MaxWFSO, PRTSSINST RtssInstPtr, uint64_t *inst) {
    conf_value a[2] = {emu_num(MaxWFSO), emu_out(RtssInstPtr)};
    emu_result r;
    if (emu_call(row, a, &r) != 0) return STATUS_UNSUCCESSFUL;
    *inst = r.outputs[1];
    if (RtssInstPtr && (NTSTATUS)(uint32_t)r.ret == STATUS_SUCCESS) *RtssInstPtr = (RTSSINST)r.outputs[1];
    return (NTSTATUS)(uint32_t)r.ret;
}

NTSTATUS RtkRtssAttachEx(ULONG MaxWFSO, PRTSSINST RtssInstPtr, VOID (*Routine)(PVOID context, LONG reason),
                         PVOID Context) {
    uint64_t inst = 0;
    NTSTATUS st = attach(SPEC_FN_RTK_RtkRtssAttachEx, MaxWFSO, RtssInstPtr, &inst);
    if (st == STATUS_SUCCESS) emu_register_shutdown(inst, Routine, Context);
    return st;
}

NTSTATUS RtkRtssAttach(ULONG MaxWFSO, PRTSSINST RtssInstPtr) {
    uint64_t inst = 0;
    return attach(SPEC_FN_RTK_RtkRtssAttach, MaxWFSO, RtssInstPtr, &inst);
}

NTSTATUS RtkRtssDetach(RTSSINST RtssInst) {
    conf_value a[1] = {emu_num(RtssInst)};
    return (NTSTATUS)(uint32_t)emu_call_ret(SPEC_FN_RTK_RtkRtssDetach, a, (uint32_t)STATUS_UNSUCCESSFUL);
}

NTSTATUS RtkCreateSharedMemory(RTSSINST RtssInst, PHANDLE SharedMemoryHandle, ULONG Protect, ULONG MaximumSizeHigh,
                               ULONG MaximumSizeLow, PUNICODE_STRING Name, VOID **Location) {
    bool oom;
    char *name = unicode(Name, &oom);
    if (oom) return STATUS_NO_MEMORY;
    conf_value a[7] = {emu_num(RtssInst),       emu_out(SharedMemoryHandle), emu_num(Protect), emu_num(MaximumSizeHigh),
                       emu_num(MaximumSizeLow), emu_str(name),               emu_out(Location)};
    emu_result r;
    int rc = emu_call(SPEC_FN_RTK_RtkCreateSharedMemory, a, &r);
    free(name);
    if (rc != 0) return STATUS_UNSUCCESSFUL;
    NTSTATUS st = (NTSTATUS)(uint32_t)r.ret;
    if (st == STATUS_SUCCESS) {
        if (SharedMemoryHandle) *SharedMemoryHandle = (HANDLE)(uintptr_t)r.outputs[1];
        if (Location) *Location = (void *)(uintptr_t)r.outputs[6];
    }
    return st;
}

NTSTATUS RtkOpenSharedMemory(RTSSINST RtssInst, PHANDLE SharedMemoryHandle, ULONG DesiredAccess, BOOLEAN InheritHandle,
                             PUNICODE_STRING Name, VOID **Location) {
    bool oom;
    char *name = unicode(Name, &oom);
    if (oom) return STATUS_NO_MEMORY;
    conf_value a[6] = {emu_num(RtssInst),      emu_out(SharedMemoryHandle), emu_num(DesiredAccess),
                       emu_num(InheritHandle != 0), emu_str(name),          emu_out(Location)};
    emu_result r;
    int rc = emu_call(SPEC_FN_RTK_RtkOpenSharedMemory, a, &r);
    free(name);
    if (rc != 0) return STATUS_UNSUCCESSFUL;
    NTSTATUS st = (NTSTATUS)(uint32_t)r.ret;
    if (st == STATUS_SUCCESS) {
        if (SharedMemoryHandle) *SharedMemoryHandle = (HANDLE)(uintptr_t)r.outputs[1];
        if (Location) *Location = (void *)(uintptr_t)r.outputs[5];
    }
    return st;
}

NTSTATUS RtkUnMapSharedMemory(RTSSINST RtssInst, PVOID Location) {
    conf_value a[2] = {emu_num(RtssInst), emu_ptr(Location)};
    return (NTSTATUS)(uint32_t)emu_call_ret(SPEC_FN_RTK_RtkUnMapSharedMemory, a, (uint32_t)STATUS_UNSUCCESSFUL);
}

NTSTATUS RtkCloseHandle(RTSSINST RtssInst, HANDLE Object) {
    conf_value a[2] = {emu_num(RtssInst), emu_num((uint64_t)(uintptr_t)Object)};
    return (NTSTATUS)(uint32_t)emu_call_ret(SPEC_FN_RTK_RtkCloseHandle, a, (uint32_t)STATUS_UNSUCCESSFUL);
}
