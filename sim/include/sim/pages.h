/* sim/pages.h — sparse, page-granular contents of a memory object.
 *
 * A segment of any size (up to 0xFFFFF000 bytes and beyond) costs a map header until it is written:
 * a 4 KiB page is allocated on its first write, and reading a page never written yields zeros (every
 * object is zero-filled on creation, IWIN32.CREATE.OK). Callers check bounds; this module only
 * stores bytes. */
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

/* Number of pages allocated (memory actually used is this times SIM_PAGE_BYTES). */
size_t sim_pages_count(const sim_pages *pg);

#endif
