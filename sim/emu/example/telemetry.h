/* sim/emu/example/telemetry.h — a small producer/consumer application written against the vendor headers
 * only (no rtshm header): the interface both sides share, and what each side does.
 *
 * The producer is an INtime real-time process: it creates the named iwin32 shared memory "Telemetry" and
 * publishes samples into it. The consumer is a Windows application that opens the segment through iwin32x
 * and reads the samples. The NTX variant shares RT memory instead: the RT side allocates it, makes a memory
 * handle for it and catalogs the handle as "TELEM" in its kernel's root process; the Windows side finds the
 * kernel by name, looks the handle up and maps it with ntxMapRtSharedMemory.
 *
 * On a real machine the two sides are two programs; on librtshm_emu they are two simulated processes of one
 * test program, each function running in the thread that acts as its side's process. */
#ifndef TELEMETRY_H
#define TELEMETRY_H

#include "rtshm_vendor_types.h"

#define TELEMETRY_NAME "Telemetry"
#define TELEMETRY_CATALOG_NAME "TELEM"
#define TELEMETRY_BYTES 4096u
#define TELEMETRY_MAGIC 0x544C4D31u /* "TLM1" */
#define TELEMETRY_MAX_SAMPLES 64u

typedef struct telemetry_sample {
    DWORD seq;
    LONG value;
} telemetry_sample;

/* The segment's layout. */
typedef struct telemetry_block {
    DWORD magic;
    DWORD count;
    telemetry_sample samples[TELEMETRY_MAX_SAMPLES];
} telemetry_block;

/* ---- producer.c (INtime RT process, iwin32.h) ---- */

typedef struct telemetry_producer {
    HANDLE segment;          /* the iwin32 handle */
    telemetry_block *block;  /* the producer's view */
} telemetry_producer;

/* Creates the segment and publishes `count` samples (seq 1.., value seq * 10). Returns ERROR_SUCCESS, or the
 * GetLastError value of the call that failed (the producer then holds nothing). */
DWORD telemetry_produce(telemetry_producer *pr, DWORD count);

/* Unmaps and closes the producer's segment. Returns ERROR_SUCCESS or GetLastError's value. */
DWORD telemetry_producer_close(telemetry_producer *pr);

/* ---- consumer.c (Windows application, iwin32x through iwin32.h) ---- */

typedef struct telemetry_consumer {
    HANDLE segment;
    const telemetry_block *block; /* the consumer's view */
} telemetry_consumer;

/* Opens the producer's segment and checks its header. Returns ERROR_SUCCESS; GetLastError's value when the
 * open failed; ERROR_INVALID_PARAMETER (closing what it opened) when the header is not a telemetry block. */
DWORD telemetry_consumer_open(telemetry_consumer *co);

/* The sum of the values of the samples published, into *sum; how many in *count. */
void telemetry_consumer_sum(const telemetry_consumer *co, DWORD *count, LONG *sum);

DWORD telemetry_consumer_close(telemetry_consumer *co);

/* ---- producer.c, NTX variant: the RT side (rt.h) ---- */

typedef struct telemetry_rt_memory {
    void *base;              /* AllocateRtMemory's block */
    WORD segment;            /* the RTHANDLE of the memory handle cataloged as TELEMETRY_CATALOG_NAME */
} telemetry_rt_memory;

/* Allocates the block, publishes `count` samples, creates its memory handle and catalogs it in the root
 * process. Returns E_OK (0) or GetLastRtError's value. */
DWORD telemetry_rt_publish(telemetry_rt_memory *m, DWORD count);

/* ---- ntx_consumer.c (Windows application, ntx.h) ---- */

typedef struct telemetry_ntx_consumer {
    void *segment;                /* the NTXHANDLE looked up */
    const telemetry_block *block; /* ntxMapRtSharedMemory's pointer */
} telemetry_ntx_consumer;

/* Finds kernel `location_name`, looks TELEMETRY_CATALOG_NAME up in its root process and maps it. Returns E_OK
 * (0) or ntxGetLastRtError's value. */
WORD telemetry_ntx_open(telemetry_ntx_consumer *co, const char *location_name);

/* Unmaps the segment: E_OK or the status. */
WORD telemetry_ntx_close(telemetry_ntx_consumer *co);

#endif
