/* rtkapi.h — RTX64 Rtk* calls of a Windows kernel driver (RtkApi.h / RtkApi.lib) on the rtshm model
 * (librtshm_emu).
 *
 * Types and prototypes as RTX64 3.2 RtkApi.h declares them (LKDCC123/MotionControlTest
 * SDK/RTX64_SDK/3.2/include/RtkApi.h): "#define RTSSINST ULONG_PTR", "#define PRTSSINST PULONG_PTR",
 * "#define SHM_MAP_READ 1", "#define SHM_MAP_WRITE 2", and seed:003: "NTSTATUS RtkOpenSharedMemory( RTSSINST
 * RtssInst, PHANDLE SharedMemoryHandle, ULONG DesiredAccess, BOOLEAN InheritHandle, PUNICODE_STRING Name,
 * VOID ** location );". RtkUnMapSharedMemory is not in the 3.2 header; seed:003 names it ("Use
 * RtkUnMapSharedMemory then RtkCloseHandle to close the handle"): its parameters here are the model's row
 * (spec/functions.def: the instance and the address RtkOpenSharedMemory stored).
 *
 * Error channel: the returned NTSTATUS only (no last-error slot). The calling thread must act as a driver
 * process (rtshm_emu_as). RtkRtssAttachEx's Routine is called, in the calling thread of the event, acting as the
 * driver, when the RTSS stops (rtshm_emu_kernel_stop) with reason 0 (the pages found give no reason values). */
#ifndef RTSHM_EMU_RTKAPI_H
#define RTSHM_EMU_RTKAPI_H

#include "rtshm_vendor_types.h"

#ifdef __cplusplus
extern "C" {
#endif

#define RTSSINST ULONG_PTR
#define PRTSSINST PULONG_PTR
#ifndef SHM_MAP_READ
#define SHM_MAP_READ 1
#define SHM_MAP_WRITE 2
#endif

NTSTATUS RtkRtssAttachEx(ULONG MaxWFSO, PRTSSINST RtssInstPtr, VOID (*Routine)(PVOID context, LONG reason),
                         PVOID Context);
NTSTATUS RtkRtssAttach(ULONG MaxWFSO, PRTSSINST RtssInstPtr);
NTSTATUS RtkRtssDetach(RTSSINST RtssInst);
NTSTATUS RtkCreateSharedMemory(RTSSINST RtssInst, PHANDLE SharedMemoryHandle, ULONG Protect, ULONG MaximumSizeHigh,
                               ULONG MaximumSizeLow, PUNICODE_STRING Name, VOID **Location);
NTSTATUS RtkOpenSharedMemory(RTSSINST RtssInst, PHANDLE SharedMemoryHandle, ULONG DesiredAccess, BOOLEAN InheritHandle,
                             PUNICODE_STRING Name, VOID **Location);
NTSTATUS RtkUnMapSharedMemory(RTSSINST RtssInst, PVOID Location);
NTSTATUS RtkCloseHandle(RTSSINST RtssInst, HANDLE Object);

#ifdef __cplusplus
}
#endif

#endif
