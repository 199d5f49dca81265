/* sim/pages.h — sparse, page-granular contents of a memory object.
 *
 * A segment of any size (up to 0xFFFFF000 bytes and beyond) costs a map header until it is written:
 * a 4 KiB page is allocated on its first write, and reading a page never written yields zeros (every
 * memory object reads as zeros until written: the fresh-memory clause of the family that made it,
 * e.g. IWIN32.CREATE.FRESH_MEMORY). It also remembers which bytes were ever written, so a read can
 * tell whether its result rests on that zero fill (sim_pages_all_written). Callers check bounds; this
 * module only stores bytes. */
#ifndef SIM_PAGES_H
#define SIM_PAGES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sim/hmap.h"

#define SIM_PAGE_BYTES 4096u

typedef struct sim_pages {
    unsigned char *first; /* the first page written (most segments are written in one page), or NULL */
    uint64_t first_index; /* its page index */
    sim_hmap pages;       /* later pages: page index -> unsigned char[SIM_PAGE_BYTES]; empty while first is NULL */
} sim_pages;

void sim_pages_init(sim_pages *pg);
void sim_pages_free(sim_pages *pg);

/* Copies len bytes at offset into out (zeros where never written). */
void sim_pages_read(const sim_pages *pg, uint64_t offset, void *out, size_t len);

/* Stores len bytes at offset, allocating pages as needed. Returns false when memory runs out; pages
 * already written by this call keep the new bytes (callers bound len so this does not happen in practice). */
bool sim_pages_write(sim_pages *pg, uint64_t offset, const void *data, size_t len);

/* True when every byte of [offset, offset+len) has been written at least once (len 0: true); false
 * when any byte still holds the zero it was created with. */
bool sim_pages_all_written(const sim_pages *pg, uint64_t offset, size_t len);

/* Number of pages allocated (memory actually used is this times SIM_PAGE_BYTES, plus a 512-byte bitmap each). */
size_t sim_pages_count(const sim_pages *pg);

#endif
