/* rtshm_vendor_types.h — the Windows and vendor types the emulation headers' prototypes use (librtshm_emu).
 *
 * On Windows (_WIN32: MSVC or mingw-w64) the types come from <windows.h> and <winternl.h> as the vendor's
 * headers expect. Elsewhere this header defines the same names with the same sizes as 64-bit Windows (LLP64):
 * DWORD, ULONG and LONG are 32 bits, HANDLE and ULONG_PTR pointer-sized, BOOL an int, BOOLEAN a byte, WCHAR a
 * 16-bit UTF-16 code unit (not wchar_t, which is 32 bits on Linux). TCHAR is char: the emulation is an ANSI
 * (non-UNICODE) build, so LPCTSTR is LPCSTR and the RTX64 `RtCreateSharedMemory` macro names the A form.
 *
 * UNICODE_STRING is the NT one (Length and MaximumLength in bytes, Buffer not necessarily NUL-terminated),
 * which RtkApi.h's PUNICODE_STRING parameters point to. */
#ifndef RTSHM_VENDOR_TYPES_H
#define RTSHM_VENDOR_TYPES_H

#ifdef _WIN32
#include <windows.h>
#include <winternl.h>
#else
#include <stdint.h>

#ifndef VOID
#define VOID void
#endif
typedef void *PVOID;
typedef void *LPVOID;
typedef void *HANDLE;
typedef HANDLE *PHANDLE;
typedef uint32_t DWORD;
typedef uint16_t WORD;
typedef unsigned char BYTE;
typedef int BOOL;
typedef unsigned char BOOLEAN;
typedef int32_t LONG;
typedef LONG *PLONG;
typedef uint32_t ULONG;
typedef ULONG *PULONG;
typedef uintptr_t ULONG_PTR;
typedef ULONG_PTR *PULONG_PTR;
typedef unsigned short USHORT;
typedef char CHAR;
typedef char *LPSTR;
typedef const char *LPCSTR;
typedef LPCSTR LPCTSTR;
typedef uint16_t WCHAR;
typedef WCHAR *PWSTR;
typedef const WCHAR *LPCWSTR;
typedef LONG NTSTATUS;

typedef struct _SECURITY_ATTRIBUTES {
    DWORD nLength;
    LPVOID lpSecurityDescriptor;
    BOOL bInheritHandle;
} SECURITY_ATTRIBUTES, *PSECURITY_ATTRIBUTES, *LPSECURITY_ATTRIBUTES;

typedef struct _UNICODE_STRING {
    USHORT Length;        /* bytes of Buffer in use, without a terminator */
    USHORT MaximumLength; /* bytes of Buffer */
    PWSTR Buffer;
} UNICODE_STRING, *PUNICODE_STRING;

#ifndef TRUE
#define TRUE 1
#endif
#ifndef FALSE
#define FALSE 0
#endif
#ifndef MAX_PATH
#define MAX_PATH 260
#endif

/* Protections (winnt.h). */
#define PAGE_READONLY 0x02
#define PAGE_READWRITE 0x04

/* Win32 error codes GetLastError reports (winerror.h; the ones the model produces: spec/include/spec/status.def). */
#define ERROR_SUCCESS 0L
#define ERROR_FILE_NOT_FOUND 2L
#define ERROR_ACCESS_DENIED 5L
#define ERROR_INVALID_HANDLE 6L
#define ERROR_NOT_ENOUGH_MEMORY 8L
#define ERROR_NOT_READY 21L
#define ERROR_INVALID_PARAMETER 87L
#define ERROR_BAD_PATHNAME 161L
#define ERROR_ALREADY_EXISTS 183L
#define ERROR_FILENAME_EXCED_RANGE 206L

#endif /* _WIN32 */

/* NTSTATUS values (ntstatus.h). On Windows <windows.h> defines some of them (winnt.h) and a user-mode build
 * has no ntstatus.h without conflicts, so each is defined only when absent. */
#ifndef STATUS_SUCCESS
#define STATUS_SUCCESS ((NTSTATUS)0x00000000L)
#endif
#ifndef STATUS_UNSUCCESSFUL
#define STATUS_UNSUCCESSFUL ((NTSTATUS)0xC0000001L)
#endif
#ifndef STATUS_INVALID_HANDLE
#define STATUS_INVALID_HANDLE ((NTSTATUS)0xC0000008L)
#endif
#ifndef STATUS_INVALID_PARAMETER
#define STATUS_INVALID_PARAMETER ((NTSTATUS)0xC000000DL)
#endif
#ifndef STATUS_NO_SUCH_DEVICE
#define STATUS_NO_SUCH_DEVICE ((NTSTATUS)0xC000000EL)
#endif
#ifndef STATUS_NO_MEMORY
#define STATUS_NO_MEMORY ((NTSTATUS)0xC0000017L)
#endif
#ifndef STATUS_LICENSE_VIOLATION
#define STATUS_LICENSE_VIOLATION ((NTSTATUS)0xC000026AL)
#endif
#ifndef NT_SUCCESS
#define NT_SUCCESS(Status) (((NTSTATUS)(Status)) >= 0)
#endif

#endif
