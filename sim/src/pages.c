/* sim/src/pages.c — page map over sim_hmap keyed by page index. The first page written is held
 * beside the map (pg->first), so a segment written within one page costs one allocation, not a
 * map as well. */
#include "sim/pages.h"

#include "sim/alloc.h"

#include <stdlib.h>
#include <string.h>

void sim_pages_init(sim_pages *pg) {
    pg->first = NULL;
    pg->first_index = 0;
    sim_hmap_init(&pg->pages);
}

static void free_page(void *page, void *ctx) {
    (void)ctx;
    sim_free(page);
}

void sim_pages_free(sim_pages *pg) {
    sim_free(pg->first);
    pg->first = NULL;
    pg->first_index = 0;
    sim_hmap_clear(&pg->pages, free_page, NULL);
}

/* The page with this index, or NULL when it was never written. */
static unsigned char *page_at(const sim_pages *pg, uint64_t index) {
    if (pg->first && pg->first_index == index) return pg->first;
    return pg->pages.count ? sim_hmap_get_u64(&pg->pages, index) : NULL;
}

void sim_pages_read(const sim_pages *pg, uint64_t offset, void *out, size_t len) {
    unsigned char *dst = out;
    while (len > 0) {
        uint64_t index = offset / SIM_PAGE_BYTES;
        size_t within = (size_t)(offset % SIM_PAGE_BYTES);
        size_t n = SIM_PAGE_BYTES - within;
        if (n > len) n = len;
        const unsigned char *page = page_at(pg, index);
        if (page) memcpy(dst, page + within, n);
        else memset(dst, 0, n);
        dst += n;
        offset += n;
        len -= n;
    }
}

bool sim_pages_write(sim_pages *pg, uint64_t offset, const void *data, size_t len) {
    const unsigned char *src = data;
    while (len > 0) {
        uint64_t index = offset / SIM_PAGE_BYTES;
        size_t within = (size_t)(offset % SIM_PAGE_BYTES);
        size_t n = SIM_PAGE_BYTES - within;
        if (n > len) n = len;
        unsigned char *page = page_at(pg, index);
        if (page == NULL) {
            page = sim_calloc(1, SIM_PAGE_BYTES);
            if (page == NULL) return false;
            if (pg->first == NULL) {
                pg->first = page;
                pg->first_index = index;
            } else if (!sim_hmap_put_u64(&pg->pages, index, page)) {
                sim_free(page);
                return false;
            }
        }
        memcpy(page + within, src, n);
        src += n;
        offset += n;
        len -= n;
    }
    return true;
}

size_t sim_pages_count(const sim_pages *pg) {
    return (pg->first != NULL) + pg->pages.count;
}
